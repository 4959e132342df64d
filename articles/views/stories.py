"""The story page: one claim across articles, with its first appearance and origins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles import selectors
from articles.models import Story
from articles.services import stories

TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_BASE = 640, 120, 100
MAX_DAYS = 120  # a longer story is drawn by its last 120 days


@dataclass
class Segment:
    """One outlet's appearances on one day: a piece of that day's bar."""

    x: float
    y: float
    width: float
    height: float
    day: dt.date
    outlet: str
    count: int
    colour: int  # the outlet's number, for its CSS colour


def timeline_segments(days: list[tuple[dt.date, dict[str, int]]]) -> dict:
    """Stacked bars for an SVG chart of appearances per day, one colour per outlet."""
    if not days:
        return {"segments": [], "labels": [], "outlets": []}
    counts = dict(days)
    last = days[-1][0]
    first = max(days[0][0], last - dt.timedelta(days=MAX_DAYS - 1))
    series = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    outlets = sorted({o for _d, per in days for o in per})
    colour = {o: i % 8 for i, o in enumerate(outlets)}
    peak = max(sum(per.values()) for _d, per in days) or 1
    slot = TIMELINE_WIDTH / len(series)
    width = max(min(slot * 0.7, 36), 1)
    segments = []
    for index, day in enumerate(series):
        top = TIMELINE_BASE
        for outlet, count in sorted(counts.get(day, {}).items()):
            height = round(count / peak * (TIMELINE_BASE - 10), 1)
            top -= height
            segments.append(
                Segment(
                    round(index * slot + (slot - width) / 2, 1),
                    round(top, 1),
                    round(width, 1),
                    height,
                    day,
                    outlet,
                    count,
                    colour[outlet],
                )
            )
    step = max(1, len(series) // 6)
    labels = [(round(i * slot, 1), day) for i, day in enumerate(series)][::step]
    return {
        "segments": segments,
        "labels": labels,
        "peak": peak,
        "outlets": [(o, colour[o]) for o in outlets],
    }


def _context(view, **extra) -> dict:
    return {
        "view": view,
        "story": view.story,
        "timeline": timeline_segments(view.timeline()),
        "width": TIMELINE_WIDTH,
        "height": TIMELINE_HEIGHT,
        "base": TIMELINE_BASE,
        **extra,
    }


@require_GET
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The story: canonical wording, appearances, first appearance, origins, timeline."""
    view = selectors.story_view(get_object_or_404(Story, pk=pk))
    return render(request, "articles/story_detail.html", _context(view))


@permission_required("articles.change_story", raise_exception=True)
@require_POST
def story_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the story's canonical wording (the desk's own summary of the claim)."""
    story = get_object_or_404(Story, pk=pk)
    wording = request.POST.get("canonical", "")
    if not wording.strip():
        view = selectors.story_view(story)
        context = _context(view, error=_("Give the story a wording."))
        template = "articles/story_detail.html#wording" if request.htmx else None
        return render(request, template or "articles/story_detail.html", context, status=400)
    stories.update_canonical(story, wording)
    if request.htmx:
        view = selectors.story_view(story)
        return render(
            request, "articles/story_detail.html#wording", _context(view, saved=_("Wording saved."))
        )
    return redirect(story)
