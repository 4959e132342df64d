"""The source registry as the desk sees it: each source's claims over time, tags and companions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles import selectors
from articles.models import Source

TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_BASE = 640, 120, 100


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    """Every source in the registry, with its grade and how many claims cite it."""
    sources = Source.objects.prefetch_related("aliases").annotate(
        claim_count=Count("attributions__claim", distinct=True)
    )
    return render(request, "articles/source_list.html", {"sources": sources})


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: dt.date
    count: int


def timeline_bars(months: list[tuple[dt.date, int]]) -> dict:
    """Bars for an SVG chart of claims per month, every month from the first to the last."""
    if not months:
        return {"bars": [], "labels": []}
    counts = dict(months)
    first, last = months[0][0], months[-1][0]
    series = []
    month = first
    while month <= last:
        series.append((month, counts.get(month, 0)))
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    peak = max(count for _, count in series) or 1
    slot = TIMELINE_WIDTH / len(series)
    bars = []
    width = max(min(slot * 0.7, 36), 1)
    for index, (month, count) in enumerate(series):
        height = round(count / peak * (TIMELINE_BASE - 10), 1)
        bars.append(
            Bar(
                round(index * slot + (slot - width) / 2, 1),
                round(TIMELINE_BASE - height, 1),
                round(width, 1),
                height,
                month,
                count,
            )
        )
    step = max(1, len(bars) // 6)
    labels = [(bar.x, bar.month) for bar in bars[::step]]
    return {"bars": bars, "labels": labels, "peak": peak}


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One source: details, aliases, grade, claims over time, top tags, companions, claims."""
    source = get_object_or_404(Source.objects.prefetch_related("aliases"), slug=slug)
    claims = selectors.source_recent_claims(source)
    context = {
        "source": source,
        "claims": claims,
        "claim_total": selectors.source_claims(source).count(),
        "timeline": timeline_bars(selectors.source_timeline(source)),
        "width": TIMELINE_WIDTH,
        "height": TIMELINE_HEIGHT,
        "base": TIMELINE_BASE,
        "top_tags": list(selectors.source_top_tags(source)),
        "companions": list(selectors.source_companions(source)),
        "status_counts": selectors.source_status_counts(source),
        "stories": selectors.source_stories(source),
    }
    return render(request, "articles/source_detail.html", context)
