"""Background workers that survive a restart: heartbeats, and tasks cut off mid-run queued again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (SIGKILL, out of memory, a machine restart) would leave the task
running forever and its bulk import half done. Newsdesk's `db_worker` therefore beats
(`beat`) every NEWSDESK_WORKER_HEARTBEAT_SECONDS from a thread of its own, and every worker
looks for tasks whose worker has been silent for NEWSDESK_WORKER_LEASE_SECONDS
(`requeue_abandoned_tasks`) and puts them back on the queue. The tasks are written to be run
again safely (a bulk import resumes where its last recorded file left off). A task cut off
NEWSDESK_TASK_MAX_ATTEMPTS times is marked failed instead, so one file that kills every
worker cannot stop the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


class WorkerLost(RuntimeError):
    """The worker running a task stopped before the task finished."""


def beat(worker_id: str, *, task_started: dt.datetime | bool | None = False) -> None:
    """Record that this worker is alive; `task_started` also records when its current task began
    (None when it has none); left out, it is unchanged."""
    now = timezone.now()
    defaults: dict = {"last_seen": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()}
    if task_started is not False:
        defaults["task_started"] = task_started
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults=defaults)


def forget(worker_id: str) -> None:
    """Remove a worker that stopped cleanly."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def lease() -> dt.timedelta:
    """How long a worker may stay silent before its running task counts as cut off."""
    return dt.timedelta(seconds=settings.NEWSDESK_WORKER_LEASE_SECONDS)


def live_workers():
    """Workers heard from within the lease, and workers on this machine whose process runs.

    A worker busy writing to SQLite can miss beats while it holds the database's write lock;
    on the same machine its process is the surer sign of life (and of death).
    """
    recent = Q(last_seen__gte=timezone.now() - lease())
    here = WorkerHeartbeat.objects.filter(hostname=socket.gethostname()[:255]).exclude(recent)
    running_here = [w.pk for w in here.only("pk", "pid") if process_is_worker(w.pid)]
    return WorkerHeartbeat.objects.filter(recent | Q(pk__in=running_here))


def process_is_worker(pid: int) -> bool:
    """Whether a process with this id runs on this machine (and, where /proc says, is a worker)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    try:
        return b"db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


def requeue_abandoned_tasks() -> list[str]:
    """Queue again (or fail, after too many attempts) every running task whose worker fell
    silent; return the ids of the tasks it handled.

    A task's last worker id says who runs it. It is abandoned when that worker is not among
    `live_workers()` and the task started longer ago than the lease (so a worker that has
    just claimed a task is never mistaken for a dead one).
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    cutoff = now - lease()
    alive = set(live_workers().values_list("worker_id", flat=True))
    requeued: list[str] = []
    candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for task_id in candidates.values_list("id", flat=True):
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
                .first()
            )
            if task is None or (task.worker_ids and task.worker_ids[-1] in alive):
                continue
            attempts = len(task.worker_ids)
            if attempts >= settings.NEWSDESK_TASK_MAX_ATTEMPTS:
                reason = f"its worker stopped {attempts} times while running it."
                task.set_failed(WorkerLost(f"Task {task.task_path} failed: {reason}"))
                _abandon(task, reason)
                logger.error("Task %s (%s) failed: %s", task.pk, task.task_path, reason)
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                logger.warning(
                    "Task %s (%s) queued again: worker %s stopped while running it",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                )
            requeued.append(str(task.pk))
    # Workers silent for ten leases are gone for good; keep the table to the living.
    WorkerHeartbeat.objects.filter(last_seen__lt=now - 10 * lease()).delete()
    return requeued


def _abandon(task, reason: str) -> None:
    """Tell the work a task stood for that it will not be finished."""
    from articles.services.imports import abandon_bulk_import

    if task.task_path.endswith(".run_import_job"):
        args = task.args_kwargs.get("args") or []
        job_id = args[0] if args else task.args_kwargs.get("kwargs", {}).get("job_id")
        if job_id:
            abandon_bulk_import(job_id, f"the background worker stopped ({reason})")
