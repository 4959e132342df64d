"""The source registry as the desk sees it (first version; the workspace work extends it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Claim, Source


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    """Every source in the registry, with its grade."""
    sources = Source.objects.prefetch_related("aliases")
    return render(request, "articles/source_list.html", {"sources": sources})


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One source: its details, aliases and claims."""
    source = get_object_or_404(Source, slug=slug)
    claims = (
        Claim.objects.visible()
        .for_source(source)
        .select_related("article", "status")
        .order_by("-article__published_at", "-id")[:200]
    )
    return render(request, "articles/source_detail.html", {"source": source, "claims": claims})
