"""The article list and the article reader: the cleaned text with every claim highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.highlight import ClaimSpan, segment_text
from articles.models import LANGUAGES, Article, Attribution, Claim, Source, format_grade
from articles.selectors import (
    article_filters,
    article_outlets,
    attach_claim_counts,
    search_articles,
)

ARTICLES_PER_PAGE = 30


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """All articles newest first, with counts of claims and unreviewed claims; search, filters."""
    filters = article_filters(request.GET)
    page = Paginator(search_articles(filters), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    attach_claim_counts(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "outlets": article_outlets(),
        "languages": LANGUAGES,
        "query": query.urlencode(),
    }
    if request.htmx and request.htmx.target == "article-results":
        return render(request, "articles/article_list.html#results", context)
    return render(request, "articles/article_list.html", context)



class ShownParagraph(list):
    """A paragraph's segments, with its kind ("h", "li", "row" or "") for the reader."""

    def __init__(self, segments, kind: str = ""):
        super().__init__(segments)
        self.kind = kind

@dataclass(slots=True)
class ShownSegment:
    """A segment of text as the reader shows it: its claim (if any) and the badge after it."""

    start: int
    text: str
    claim: Claim | None = None
    claim_ids: str = ""
    badge: str = ""


def claim_sources(claim: Claim, attributions=None) -> list[str]:
    """Short names of who makes the claim (resolved source, else the mention as written)."""
    names: list[str] = []
    for attribution in claim.attributions.all() if attributions is None else attributions:
        name = attribution.source.name if attribution.source_id else attribution.mention
        if name and name not in names:
            names.append(name)
    return names


def prepare_claim(claim: Claim) -> Claim:
    """Compute once what the reader shows of a claim many times (URL, sources, grade)."""
    attributions = list(claim.attributions.all())
    claim.url = claim.get_absolute_url()
    claim.source_names = claim_sources(claim, attributions)
    claim.grade_text = format_grade(
        claim.reliability([a.source for a in attributions if a.source_id]), claim.credibility
    )
    return claim


def reader_claims(article: Article) -> list[Claim]:
    """The article's visible claims in reading order, with what the reader shows of them."""
    return list(
        article.claims.visible()
        .select_related("status")
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source")
                .only("claim_id", "mention", "source__name", "source__reliability")
                .order_by("position", "id"),
            )
        )
        .only(
            "article_id",
            "start",
            "end",
            "quote",
            "credibility",
            "reliability_override",
            "is_rejected",
            "status__slug",
            "status__name",
        )
        .in_reading_order()
    )


def reader_context(article: Article, open_claim: Claim | None = None) -> dict:
    """What the reader page needs: paragraphs of segments, the claims list, the open claim."""
    claims = reader_claims(article)
    by_id = {claim.pk: claim for claim in claims}
    for claim in claims:
        prepare_claim(claim)
        claim.article = article  # reading order and URLs need no further query
    paragraphs = []
    for paragraph in segment_text(
        article.text,
        (ClaimSpan(c.pk, c.start, c.end) for c in claims),
        article.paragraphs,
    ):
        shown = []
        for segment in paragraph.segments:
            claim = by_id.get(segment.claim_id) if segment.claim_id else None
            badge = " · ".join(
                ", ".join(by_id[cid].source_names[:2]) or "?" for cid in segment.ends_claims
            )
            shown.append(
                ShownSegment(
                    segment.start,
                    segment.text,
                    claim,
                    " ".join(str(cid) for cid in segment.claim_ids),
                    badge,
                )
            )
        paragraphs.append(ShownParagraph(shown, paragraph.kind))
    return {
        "article": article,
        "claims": claims,
        "paragraphs": paragraphs,
        "open_claim": open_claim,
        "sources": list(Source.objects.active().only("name", "kind", "reliability")),
    }


def get_article(pk: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("publisher", "imported_by").defer("raw_input", "raw_bytes"),
        pk=pk,
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader: metadata, the cleaned text with claims highlighted, the claims in order."""
    article = get_article(pk)
    if request.htmx and request.htmx.target == "claim-panel":
        # Esc / "close" from an open claim: an empty panel.
        return render(request, "articles/article_detail.html#panel-empty", {"article": article})
    return render(request, "articles/article_detail.html", reader_context(article))


@require_GET
def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw input exactly as it was given, as plain text (never rendered as HTML)."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.raw_input, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{article.pk}-raw.txt"'
    return response
