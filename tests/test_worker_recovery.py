"""Background workers survive a restart mid-job: a killed worker's bulk import is finished by
another, and every file is imported exactly once.

The end-to-end test runs real `manage.py db_worker` processes against a scratch database of
the suite's kind (a SQLite file, or a PostgreSQL database beside the test database), since
the workers cannot see the test database's uncommitted rows.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import get_commands
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ImportItem, ImportJob, WorkerHeartbeat
from articles.services import imports, workers
from articles.services.imports import run_bulk_import, start_bulk_import
from tests.factories import ImportJobFactory

ROOT = Path(__file__).resolve().parent.parent
FILES = 40  # plain files, after one zip of ARCHIVED more
ARCHIVED = 40


def article(n: int) -> str:
    return (
        f"Launch number {n}\n\n"
        f"Pyongyang fired {n} missiles on Monday, the Joint Chiefs of Staff said. "
        f"The regime has now carried out {n * 3} tests, according to Yonhap. "
        f"Officials in Seoul said the launch {n} was the {n}th this year.\n"
    )


def test_db_worker_is_newsdesks_worker_with_heartbeats():
    assert get_commands()["db_worker"] == "articles"


# --- recovery rules, in process -------------------------------------------------------------


def running_task(
    worker_ids: list[str], started_minutes_ago: float, job_id: str = ""
) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [job_id or "00000000-0000-0000-0000-000000000000"], "kwargs": {}},
        task_path="articles.tasks.run_import_job",
        backend_name="default",
        queue_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=started_minutes_ago)
    )
    return task


@pytest.mark.django_db
def test_a_task_whose_worker_fell_silent_is_queued_again(settings):
    settings.NEWSDESK_WORKER_LEASE_SECONDS = 60
    task = running_task(["gone"], started_minutes_ago=5)
    WorkerHeartbeat.objects.create(
        worker_id="gone", last_seen=timezone.now() - dt.timedelta(minutes=2)
    )
    assert workers.requeue_abandoned_tasks() == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert task.started_at is None
    assert task.worker_ids == ["gone"]  # the history of attempts is kept


@pytest.mark.django_db
def test_a_task_whose_worker_still_beats_is_left_alone(settings):
    settings.NEWSDESK_WORKER_LEASE_SECONDS = 60
    task = running_task(["alive"], started_minutes_ago=30)
    WorkerHeartbeat.objects.create(worker_id="alive", last_seen=timezone.now())
    assert workers.requeue_abandoned_tasks() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_just_claimed_is_not_taken_for_abandoned(settings):
    settings.NEWSDESK_WORKER_LEASE_SECONDS = 60
    running_task(["new-worker-without-a-beat-yet"], started_minutes_ago=0.1)
    assert workers.requeue_abandoned_tasks() == []


@pytest.mark.django_db
def test_a_task_cut_off_too_often_fails_and_says_so_on_its_import_job(settings):
    settings.NEWSDESK_WORKER_LEASE_SECONDS = 60
    settings.NEWSDESK_TASK_MAX_ATTEMPTS = 3
    job = ImportJobFactory(state=ImportJob.State.RUNNING, total=10)
    task = running_task(["w1", "w2", "w3"], started_minutes_ago=5, job_id=str(job.pk))
    assert workers.requeue_abandoned_tasks() == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "articles.services.workers.WorkerLost"
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "worker stopped 3 times" in job.error
    assert job.finished is not None


# --- resuming a bulk import, in process --------------------------------------------------------


class WorkerDied(BaseException):
    """Stands for the process dying: nothing in the import catches it."""


def zip_of(count: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for n in range(count):
            archive.writestr(f"more/launch-{n:03d}.txt", article(n))
    return buf.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_cut_off_mid_archive_resumes_without_doing_anything_twice(
    researcher, monkeypatch
):
    files = [("batch.zip", zip_of(6), "application/zip")]
    files += [(f"launch-{n}.txt", article(n).encode(), "text/plain") for n in range(6, 9)]
    job = start_bulk_import(files, user=researcher)
    real_import_file = imports.import_file
    calls = []

    def dies_on_the_fourth(name, data, **kwargs):
        calls.append(name)
        result = real_import_file(name, data, **kwargs)  # the article is written...
        if len(calls) == 4:
            raise WorkerDied  # ...and the worker dies before the transaction commits
        return result

    monkeypatch.setattr(imports, "import_file", dies_on_the_fourth)
    with pytest.raises(WorkerDied):
        run_bulk_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING
    assert (job.processed, job.total, len(job.imported)) == (3, 9, 3)
    assert Article.objects.count() == 3  # the fourth article went with its transaction

    monkeypatch.setattr(imports, "import_file", real_import_file)
    job = run_bulk_import(job.pk)  # the task, run again by another worker
    assert job.state == ImportJob.State.DONE
    assert (job.processed, job.total) == (9, 9)
    names = [entry["name"] for entry in job.imported]
    assert len(names) == len(set(names)) == 9
    assert job.duplicates == job.failures == []
    assert Article.objects.count() == 9
    assert not ImportItem.objects.exists()


@pytest.mark.django_db
def test_a_second_run_of_the_same_job_stops_where_the_first_has_recorded_more(researcher):
    job = start_bulk_import([("a.txt", article(1).encode(), "text/plain")], user=researcher)
    stale = ImportItem.objects.get()
    ImportItem.objects.update(done=1)  # the other run recorded this file meanwhile
    assert imports._import_item(job.pk, stale, researcher) is False
    assert not Article.objects.exists()


# --- a real worker killed mid-job -----------------------------------------------------------


@pytest.fixture
def scratch_database(tmp_path, django_db_blocker):
    """A DATABASE_URL of the suite's database kind, empty, dropped afterwards."""
    with django_db_blocker.unblock():
        vendor = connection.vendor
        params = connection.get_connection_params() if vendor == "postgresql" else {}
    if vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_workers"[:63]
    admin = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    user = admin.get("user", "postgres")
    auth = f"{user}:{admin['password']}" if admin.get("password") else user
    yield f"postgres://{auth}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Scratch:
    """Runs manage.py and SQL against the scratch database."""

    def __init__(self, url: str):
        self.url = url
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "TASKS_IMMEDIATE"}},
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
            # Short beats and lease keep the test quick; the rule is the same as in production.
            "NEWSDESK_WORKER_HEARTBEAT_SECONDS": "0.5",
            "NEWSDESK_WORKER_LEASE_SECONDS": "2",
        }

    def run(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def query(self, sql: str) -> list[tuple]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20) as conn:
                return conn.execute(sql).fetchall()
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            return conn.execute(sql).fetchall()

    def worker(self, log: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )


START_JOB = """
import io, json, sys, zipfile
import django
django.setup()
from django.db import transaction
from articles.services.imports import start_bulk_import
from tests.factories import ResearcherFactory
spec = json.load(sys.stdin)
archive = io.BytesIO()
with zipfile.ZipFile(archive, "w") as z:
    for name, text in spec["archived"]:
        z.writestr(name, text)
# The archive first: the worker is killed inside it, and the next one resumes mid-archive.
files = [("batch.zip", archive.getvalue(), "application/zip")]
files += [(name, text.encode(), "text/plain") for name, text in spec["files"]]
with transaction.atomic():
    job = start_bulk_import(files, user=ResearcherFactory(username="kim"))
print(job.pk)
"""


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_import_leaves_the_job_to_another_that_imports_each_file_once(
    scratch_database, tmp_path
):
    scratch = Scratch(scratch_database)
    scratch.run("manage.py", "migrate", "--no-input", "-v0")
    files = [(f"launch-{n:03d}.txt", article(n)) for n in range(FILES)]
    archived = [(f"more/launch-{n:03d}.txt", article(n)) for n in range(FILES, FILES + ARCHIVED)]
    job_id = scratch.run(
        "-c", START_JOB, stdin=json.dumps({"files": files, "archived": archived})
    ).strip()
    job_sql = f"SELECT state, processed, total FROM articles_importjob WHERE id = '{job_id.replace('-', '') if scratch_database.startswith('sqlite') else job_id}'"

    first = scratch.worker(tmp_path / "worker-1.log")
    try:
        # Kill it hard once it is well into the archive (and far from the end of the job).
        state, processed, _ = wait_for(
            lambda: (row := scratch.query(job_sql)[0])[1] >= 10 and row,
            120,
            "the first worker to import 10 files",
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    state, processed, total = scratch.query(job_sql)[0]
    assert state == "running" and processed < ARCHIVED, (
        "the first worker finished before it was killed; the test proves nothing"
    )
    ((status, _claimed_by),) = scratch.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = 'articles.tasks.run_import_job'"
    )
    assert status == "RUNNING"  # left behind by the killed worker

    second = scratch.worker(tmp_path / "worker-2.log")
    try:
        wait_for(
            lambda: scratch.query(job_sql)[0][0] in ("done", "failed"), 180, "the job to finish"
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    log = (tmp_path / "worker-2.log").read_text()

    state, processed, total = scratch.query(job_sql)[0]
    assert state == "done", log
    assert processed == total == FILES + ARCHIVED
    summary = json.loads(
        scratch.run(
            "-c",
            "import django, json; django.setup();"
            "from articles.models import Article, ImportJob, ImportItem;"
            "job = ImportJob.objects.get();"
            "print(json.dumps({'imported': [e['name'] for e in job.imported],"
            " 'duplicates': job.duplicates, 'failures': job.failures, 'skipped': job.skipped,"
            " 'articles': sorted(Article.objects.values_list('raw_filename', flat=True)),"
            " 'items_left': ImportItem.objects.count()}))",
        )
    )
    expected = sorted([name for name, _ in files] + [f"batch.zip/{name}" for name, _ in archived])
    assert sorted(summary["imported"]) == expected  # each file listed once, as imported
    assert summary["duplicates"] == summary["failures"] == summary["skipped"] == []
    assert len(summary["articles"]) == len(set(summary["articles"])) == FILES + ARCHIVED
    assert summary["items_left"] == 0
    ((status, worker_ids),) = scratch.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = 'articles.tasks.run_import_job'"
    )
    assert status == "SUCCESSFUL"
    worker_ids = json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids
    assert len(worker_ids) == 2, "the task ran once in each worker"
    assert "queued again" in log
