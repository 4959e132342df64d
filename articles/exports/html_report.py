"""The printable HTML report: a title page (scope, date, who exported), a summary
(claims by source, by status, by grade), then each article with its claims as
quoted excerpts, their grades, tags, notes and links.

Every piece of user text goes through the template engine's escaping; notes are
rendered from Markdown and sanitised by `render_markdown`. The report streams
article by article. The downloaded file embeds report.css so it stands alone; the
builder's preview links the same stylesheet instead (the page's CSP allows no
inline style).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import Case, Count, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.exports.base import (
    ExportContext,
    attribution_chain,
    grade,
    linked_claims,
    notes_of,
    person,
    tags_of,
)
from articles.markdown import render_markdown
from articles.models import Attribution, Claim, ClaimStatus, safe_colour

CSS_PATH = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
BAR_WIDTH = 160


def _bars(rows: list[tuple[str, int, str]]) -> list[dict]:
    top = max((n for _, n, _ in rows), default=0) or 1
    return [
        {
            "label": label,
            "count": n,
            "colour": safe_colour(colour, "#5b6b7f"),
            "width": max(1, round(BAR_WIDTH * n / top)),
        }
        for label, n, colour in rows
    ]


def summary(ctx: ExportContext) -> dict:
    """Claims by source, by status and by grade, counted in the database."""
    claims = ctx.selection.claims().order_by()
    ids = claims.values("pk")
    by_status = (
        claims.values("status__slug", "status__name", "status__colour", "status__order")
        .annotate(n=Count("pk"))
        .order_by("status__order", "status__name")
    )
    by_source = (
        Attribution.objects.filter(claim__in=ids)
        .values("source__name", "source__reliability")
        .annotate(n=Count("claim", distinct=True))
        .order_by("-n", "source__name")
    )
    first_source = Attribution.objects.filter(claim=OuterRef("pk"), source__isnull=False).order_by(
        "position", "start", "id"
    )
    by_grade = (
        claims.annotate(
            # The letter as judged at review (Assessment), else today's.
            letter=Case(
                When(
                    reviewed_at__isnull=False,
                    then=Coalesce(NullIf("reviewed_reliability", Value("")), Value("?")),
                ),
                default=Coalesce(
                    NullIf("reliability_override", Value("")),
                    Subquery(first_source.values("source__reliability")[:1]),
                    Value("?"),
                ),
            )
        )
        .values("letter", "credibility")
        .annotate(n=Count("pk"))
        .order_by("letter", "credibility")
    )
    return {
        "total": claims.count(),
        "articles": claims.values("article_id").distinct().count(),
        "by_status": _bars(
            [
                (
                    ClaimStatus.name_shown(r["status__slug"], r["status__name"]),
                    r["n"],
                    r["status__colour"],
                )
                for r in by_status
            ]
        ),
        "by_source": _bars(
            [
                (
                    (
                        f"{r['source__name']} ({r['source__reliability']})"
                        if r["source__name"]
                        else _("Unresolved mentions")
                    ),
                    r["n"],
                    "#1f5f99" if r["source__name"] else "#8a94a0",
                )
                for r in by_source
            ]
        ),
        "by_grade": _bars(
            [(f"{r['letter']}{r['credibility'] or '?'}", r["n"], "#6a5a8c") for r in by_grade]
        ),
    }


def quote_parts(claim: Claim) -> tuple[str, str, str]:
    """The quote split around its content span, so the template can mark what is claimed."""
    if (
        claim.content_start is not None
        and claim.content_end is not None
        and claim.start <= claim.content_start < claim.content_end <= claim.end
        and claim.article.text[claim.start : claim.end] == claim.quote
    ):
        a, b = claim.content_start - claim.start, claim.content_end - claim.start
        return claim.quote[:a], claim.quote[a:b], claim.quote[b:]
    return claim.quote, "", ""


def claim_view(claim: Claim, ctx: ExportContext) -> dict:
    """What the template shows of one claim (notes rendered and sanitised here)."""
    links = [
        {"other": other, "url": ctx.claim_url_for(other.article_id, other.claim_id)}
        for other in linked_claims(claim)
    ]
    return {
        "claim": claim,
        "grade": grade(claim),
        "parts": quote_parts(claim),
        "chain": attribution_chain(claim),
        "tags": list(tags_of(claim)),
        "notes": [
            {
                "author": person(n.author) or _("unknown"),
                "created": n.created,
                # render_markdown's output is sanitised by nh3's allow-list.
                "html": mark_safe(render_markdown(n.body)),
            }
            for n in notes_of(claim)
        ],
        "links": links,
        "story_id": getattr(claim, "story_id", None),
        "story_first": getattr(claim, "first_appearance", None),
        "url": ctx.claim_url(claim),
    }


def article_meta(article) -> list[str]:
    """Outlet, publication time and language, for the line under an article's title."""
    meta = []
    outlet = article.publisher.name if article.publisher else article.publisher_name
    if outlet:
        meta.append(outlet)
    if article.published_at:
        # In the report's language: `27 December 2025, 14:01`, `27 décembre 2025 à 14 h 01`.
        published = timezone.localtime(article.published_at)
        meta.append(formats.date_format(published, "DATETIME_FORMAT"))
    if article.language:
        meta.append(article.language)
    return meta


def _article(ctx: ExportContext, article, claims: list[dict]) -> str:
    return render_to_string(
        "reports/_article.html",
        {"ctx": ctx, "article": article, "meta": article_meta(article), "claims": claims},
    )


def report_css() -> str:
    # Our own stylesheet, not user text: embedded so a downloaded report stands alone.
    return mark_safe(CSS_PATH.read_text(encoding="utf-8"))


def render(
    ctx: ExportContext, *, standalone: bool = True, limit: int | None = None
) -> Iterator[str]:
    """The report, streamed: head, title page and summary, then one article at a time.

    `standalone` writes a whole document with its stylesheet embedded; otherwise
    only the report's body, for the builder's preview. `limit` stops after that
    many claims (the preview).
    """
    base = {
        "ctx": ctx,
        "exported_at": timezone.localtime(ctx.exported_at),
        "summary": summary(ctx),
        "standalone": standalone,
        "css": report_css() if standalone else "",
        "limit": limit,
    }
    yield render_to_string("reports/report_head.html", base)
    current, claims, shown = None, [], 0
    for claim in ctx.claims():
        if limit is not None and shown >= limit:
            break
        if current is not None and claim.article_id != current.pk:
            yield _article(ctx, current, claims)
            claims = []
        current = claim.article
        claims.append(claim_view(claim, ctx))
        shown += 1
    if current is not None:
        yield _article(ctx, current, claims)
    truncated = limit is not None and base["summary"]["total"] > shown
    yield render_to_string(
        "reports/report_tail.html", {**base, "shown": shown, "truncated": truncated}
    )
