"""Operations: /healthz, /readyz, /metrics, request ids and the production log format."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import WorkerHeartbeat
from newsdesk import health

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def waiting_task(age_seconds: float) -> DBTaskResult:
    """A task on the queue that has waited `age_seconds`."""
    task = DBTaskResult.objects.create(
        args_kwargs={"args": ["00000000-0000-0000-0000-000000000000"], "kwargs": {}},
        task_path="articles.tasks.run_import_job",
        backend_name="default",
        queue_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=age_seconds)
    )
    return task


def test_healthz_answers_without_login_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_is_ready_on_a_migrated_database_with_an_empty_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "unapplied": []}
    assert body["checks"]["task_queue"]["stalled"] is False


def test_readyz_refuses_while_a_migration_is_not_applied(client, monkeypatch):
    shipped = {**health.expected_migrations(), ("articles", "9999_not_yet"): ()}
    monkeypatch.setattr(health, "expected_migrations", lambda: shipped)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": ["articles.9999_not_yet"]}


def test_a_squashed_migration_counts_as_applied_when_what_it_replaces_is(client, monkeypatch):
    squash = ("articles", "0001_squashed_0005")
    replaced = tuple(k for k in health.expected_migrations() if k[0] == "articles")
    monkeypatch.setattr(health, "expected_migrations", lambda: {squash: replaced})
    assert client.get("/readyz").status_code == 200
    monkeypatch.setattr(
        health, "expected_migrations", lambda: {squash: (*replaced, ("articles", "9999_x"))}
    )
    assert client.get("/readyz").json()["checks"]["migrations"]["unapplied"] == [
        "articles.0001_squashed_0005"
    ]


def test_readyz_refuses_when_a_task_waits_and_no_worker_runs(client, settings):
    settings.NEWSDESK_QUEUE_STALL_SECONDS = 300
    waiting_task(age_seconds=60)
    assert client.get("/readyz").status_code == 200  # waiting, not yet stalled
    waiting_task(age_seconds=301)
    response = client.get("/readyz")
    assert response.status_code == 503
    queue = response.json()["checks"]["task_queue"]
    assert queue["stalled"] is True
    assert queue["ready"] == 2
    assert queue["workers"] == 0
    assert queue["oldest_ready_seconds"] >= 301


def test_a_queue_waiting_behind_a_busy_worker_is_a_backlog_not_a_stall(client, settings):
    settings.NEWSDESK_QUEUE_STALL_SECONDS = 300
    waiting_task(age_seconds=900)
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="busy", last_seen=now, task_started=now - dt.timedelta(minutes=20)
    )
    response = client.get("/readyz")
    assert response.status_code == 200
    queue = response.json()["checks"]["task_queue"]
    assert (queue["workers"], queue["busy_workers"], queue["stalled"]) == (1, 1, False)
    # A worker that stopped beating is no longer counted: the queue is stalled.
    WorkerHeartbeat.objects.update(last_seen=now - dt.timedelta(hours=1))
    assert client.get("/readyz").status_code == 503


def test_readyz_does_not_check_a_queue_when_tasks_run_in_the_web_process(client, settings):
    settings.TASKS_IMMEDIATE = True
    waiting_task(age_seconds=10_000)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"] == {"ok": True, "mode": "immediate"}


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_from_the_proxy_is_kept_and_a_malformed_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a:17"})
    assert kept["X-Request-ID"] == "nginx-4f2a:17"
    replaced = client.get("/healthz", headers={"X-Request-ID": "evil\r\nSet-Cookie: x=1"})
    assert replaced["X-Request-ID"] != "evil\r\nSet-Cookie: x=1"
    assert len(replaced["X-Request-ID"]) == 32


def test_log_lines_written_during_a_request_carry_its_id(client, caplog, settings):
    settings.NEWSDESK_ACCESS_LOG = True
    with caplog.at_level(logging.INFO, logger="newsdesk.access"):
        client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    from newsdesk.observability import RequestIdFilter

    (record,) = [r for r in caplog.records if r.name == "newsdesk.access"]
    RequestIdFilter().filter(record)
    assert record.request_id == "abc-123"
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.duration_ms >= 0


def production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsdesk.settings",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="desk.example",
        **extra,
    )
    return env


def test_production_logs_are_json_lines_with_the_request_id():
    program = (
        "import django, logging; django.setup();"
        "from newsdesk.observability import request_id;"
        "request_id.set('req-42');"
        "logging.getLogger('articles.services.imports').warning('Import of %s failed', 'a.txt')"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=production_env(),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Import of a.txt failed"
    assert line["level"] == "WARNING"
    assert line["logger"] == "articles.services.imports"
    assert line["request_id"] == "req-42"
    assert "time" in line


def test_development_logs_stay_readable():
    program = (
        "import django, logging; django.setup();"
        "logging.getLogger('articles').warning('plain words')"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "LOG_FORMAT"}}
    env["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING articles [-] plain words")


def scrape(client, **headers) -> tuple[int, str]:
    response = client.get("/metrics", headers=headers)
    return response.status_code, response.content.decode()


def test_metrics_report_requests_latencies_queue_and_imports(client, seed_article):
    client.get("/healthz")
    waiting_task(age_seconds=42)
    status, text = scrape(client)
    assert status == 200
    lines = text.splitlines()
    assert any(
        line.startswith("django_http_requests_latency_seconds_by_view_method_count{")
        and 'view="healthz"' in line
        for line in lines
    )
    assert "newsdesk_task_queue_ready 1.0" in lines
    oldest = next(line for line in lines if line.startswith("newsdesk_task_queue_oldest_ready"))
    assert float(oldest.split()[1]) >= 42
    assert 'newsdesk_articles_imported{input_kind="paste_text"} 1.0' in lines
    claims = next(line for line in lines if line.startswith('newsdesk_claims{origin="auto"}'))
    assert float(claims.split()[1]) == seed_article.claims.filter(origin="auto").count() > 0


def test_metrics_need_the_token_when_one_is_set(client, settings):
    settings.NEWSDESK_METRICS_TOKEN = "s3cret-scraper-token"
    assert scrape(client)[0] == 403
    assert scrape(client, Authorization="Bearer wrong")[0] == 403
    assert scrape(client, Authorization="Bearer s3cret-scraper-token")[0] == 200


def test_metrics_answer_only_loopback_in_development(client):
    assert scrape(client)[0] == 200  # the test client is 127.0.0.1
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_metrics_are_off_in_production_without_a_token(client, settings):
    settings.PRODUCTION = True
    assert scrape(client)[0] == 404
    settings.NEWSDESK_METRICS_TOKEN = "t0ken"
    assert scrape(client, Authorization="Bearer t0ken")[0] == 200


def test_probes_are_not_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        assert client.get(path).status_code == 200, path
    assert client.get("/claims/").status_code == 301
