"""Operations endpoints: liveness, readiness and metrics, outside login and cheap to call."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsdesk import health, metrics


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests (no database query)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers, every migration is applied and the task queue is not stalled."""
    ready, checks = health.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@login_not_required
@never_cache
@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for a scraper with the token (or loopback in development)."""
    allowed = metrics.metrics_allowed(request)
    if allowed is None:
        raise Http404("Metrics are off: set NEWSDESK_METRICS_TOKEN to turn them on.")
    if not allowed:
        return HttpResponse(
            "A valid metrics token is required.\n", status=403, content_type="text/plain"
        )
    return HttpResponse(metrics.render_metrics(), content_type=metrics.CONTENT_TYPE)
