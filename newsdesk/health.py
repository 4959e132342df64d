"""What /readyz checks and /metrics reports: the database, the migrations, the task queue.

Each check is a few small queries, cheap enough for a probe every few seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Min, Q
from django.utils import timezone


@dataclass
class QueueState:
    """The task queue at one moment."""

    ready: int  # tasks waiting for a worker
    running: int
    oldest_ready_seconds: float  # how long the oldest waiting task has waited; 0 when none
    workers: int  # workers heard from within the lease
    busy_workers: int  # of those, the ones running a task
    stalled: bool


@cache
def expected_migrations() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Every migration this code ships, with the migrations a squashed one replaces (read
    from disk once per process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        key: tuple(getattr(loader.graph.nodes[key], "replaces", ()) or ())
        for key in loader.graph.nodes
    }


def unapplied_migrations() -> list[str]:
    """Migrations in the code that the database has not applied, as `app.name`."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(
        f"{app}.{name}"
        for (app, name), replaces in expected_migrations().items()
        if (app, name) not in applied and not (replaces and set(replaces) <= applied)
    )


def queue_state(now: dt.datetime | None = None) -> QueueState:
    """Depth and age of the task queue, and whether anything is working through it.

    The queue is stalled when a task has waited longer than NEWSDESK_QUEUE_STALL_SECONDS and
    no live worker is running a task: no worker is up, or the workers that are up do not
    take the work. A queue that waits behind busy workers is a backlog, not a stall (add
    workers): `oldest_ready_seconds` in the metrics is what to alert on for that.
    """
    from django_tasks_db.models import DBTaskResult

    from articles.services.workers import live_workers

    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    waiting = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    oldest = max((now - waiting).total_seconds(), 0.0) if waiting else 0.0
    workers = live_workers().aggregate(
        total=Count("pk"), busy=Count("pk", filter=Q(task_started__isnull=False))
    )
    return QueueState(
        ready=ready.count(),
        running=DBTaskResult.objects.running().count(),
        oldest_ready_seconds=round(oldest, 1),
        workers=workers["total"],
        busy_workers=workers["busy"],
        stalled=oldest > settings.NEWSDESK_QUEUE_STALL_SECONDS and workers["busy"] == 0,
    )


def readiness() -> tuple[bool, dict]:
    """Whether this web process can serve the desk, and the details of each check."""
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": type(error).__name__}
        return False, checks
    missing = unapplied_migrations()
    checks["migrations"] = {"ok": not missing, "unapplied": missing}
    if settings.TASKS_IMMEDIATE:
        checks["task_queue"] = {"ok": True, "mode": "immediate"}
    else:
        state = queue_state()
        checks["task_queue"] = {"ok": not state.stalled, **asdict(state)}
    return all(check["ok"] for check in checks.values()), checks
