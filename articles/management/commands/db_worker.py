"""`manage.py db_worker`: django-tasks-db's worker, plus heartbeats and recovery of cut-off tasks.

It replaces django-tasks-db's command of the same name (`articles` comes before
`django_tasks_db` in INSTALLED_APPS), with the same options. See
`articles/services/workers.py` for why and how.
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from articles.services import workers

logger = logging.getLogger("articles.worker")


class Worker(db_worker.Worker):
    """A worker that beats while it lives and requeues the tasks of workers that died."""

    def run(self) -> None:
        """Beat and recover from a thread of its own while the worker loop runs."""
        stop = threading.Event()
        workers.beat(self.worker_id, task_started=None)
        self._recover()
        beating = threading.Thread(target=self._beat_until, args=(stop,), daemon=True)
        beating.start()
        try:
            super().run()
        finally:
            stop.set()
            beating.join(timeout=5)
            workers.forget(self.worker_id)

    def run_task(self, db_task_result) -> None:
        """Say when the current task began, so readiness can tell a busy worker from a stuck one."""
        workers.beat(self.worker_id, task_started=timezone.now())
        try:
            super().run_task(db_task_result)
        finally:
            workers.beat(self.worker_id, task_started=None)

    def _beat_until(self, stop: threading.Event) -> None:
        while not stop.wait(settings.NEWSDESK_WORKER_HEARTBEAT_SECONDS):
            try:
                workers.beat(self.worker_id)
                self._recover()
            except Exception:  # a missed beat is retried; the loop must not die
                logger.exception("Worker %s could not record its heartbeat", self.worker_id)
            finally:
                connections.close_all()

    def _recover(self) -> None:
        for task_id in workers.requeue_abandoned_tasks():
            logger.info("Worker %s recovered task %s", self.worker_id, task_id)


class Command(db_worker.Command):
    help = "Run a database background worker (with heartbeats; cut-off tasks are queued again)"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
