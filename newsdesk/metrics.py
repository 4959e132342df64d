"""Prometheus metrics: requests and latencies (django-prometheus) plus the desk's own gauges.

The desk's gauges are read from the database when Prometheus scrapes, so they are the same
whichever web process answers and include the work done by the background workers: the
task queue (depth, age of the oldest waiting task, workers), bulk import jobs by state,
articles imported by kind of input and claims by origin (extracted or added by hand).
"""

from __future__ import annotations

import hmac
import ipaddress
import os

import prometheus_client
from django.conf import settings
from django.db.models import Count
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily


class DeskCollector:
    """Reads the desk's gauges from the database at scrape time."""

    def collect(self):
        """Yield the queue, import and claim gauges."""
        from articles.models import Article, Claim, ImportJob
        from newsdesk.health import queue_state

        if not settings.TASKS_IMMEDIATE:
            state = queue_state()
            for name, value, doc in (
                ("ready", state.ready, "Tasks waiting for a worker."),
                ("running", state.running, "Tasks being run by a worker."),
                (
                    "oldest_ready_seconds",
                    state.oldest_ready_seconds,
                    "How long the oldest waiting task has waited.",
                ),
                ("workers", state.workers, "Workers heard from within the lease."),
                ("busy_workers", state.busy_workers, "Live workers running a task."),
                ("stalled", int(state.stalled), "1 when the queue is stalled (see /readyz)."),
            ):
                yield GaugeMetricFamily(f"newsdesk_task_queue_{name}", doc, value=value)

        jobs = GaugeMetricFamily(
            "newsdesk_import_jobs", "Bulk import jobs by state.", labels=["state"]
        )
        counts = dict(ImportJob.objects.values_list("state").annotate(n=Count("pk")))
        for state in ImportJob.State.values:
            jobs.add_metric([state], counts.get(state, 0))
        yield jobs

        articles = GaugeMetricFamily(
            "newsdesk_articles_imported",
            "Articles on the desk by kind of input.",
            labels=["input_kind"],
        )
        counts = dict(Article.objects.order_by().values_list("input_kind").annotate(n=Count("pk")))
        for kind in Article.InputKind.values:
            articles.add_metric([kind], counts.get(kind, 0))
        yield articles

        claims = GaugeMetricFamily(
            "newsdesk_claims",
            "Claims on the desk: extracted (auto) or added by hand (manual).",
            labels=["origin"],
        )
        counts = dict(Claim.objects.order_by().values_list("origin").annotate(n=Count("pk")))
        for origin in Claim.Origin.values:
            claims.add_metric([origin], counts.get(origin, 0))
        yield claims


def metrics_allowed(request) -> bool | None:
    """True to answer, False to refuse (403), None to pretend /metrics does not exist (404).

    A token, when set, is required from everyone. Without one, development answers
    loopback only and production answers nobody (behind a proxy on the same host every
    visitor would look like loopback).
    """
    token = settings.NEWSDESK_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    if settings.PRODUCTION:
        return None
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def render_metrics() -> bytes:
    """The exposition text: this process's (or all gunicorn workers') metrics, then the desk's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    desk = CollectorRegistry()
    desk.register(DeskCollector())
    return prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(desk)


CONTENT_TYPE = prometheus_client.CONTENT_TYPE_LATEST
