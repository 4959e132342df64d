"""The article list and the article reader: the cleaned text with every claim highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from articles.forms import ArticleMetadataForm
from articles.highlight import ClaimSpan, segment_text
from articles.models import LANGUAGES, Article, Attribution, Claim, Source
from articles.selectors import (
    CappedPaginator,
    article_filters,
    article_outlets,
    attach_claim_counts,
    headline_claims,
    search_articles,
)
from articles.services import articles as article_service

ARTICLES_PER_PAGE = 30


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """All articles newest first, with counts of claims and unreviewed claims; search, filters."""
    filters = article_filters(request.GET)
    articles = search_articles(filters)
    page = CappedPaginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
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
    claim.assessed = claim.assessment([a.source for a in attributions if a.source_id])
    claim.grade_text = claim.assessed.text
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
            "reviewed_reliability",
            "reviewed_at",
            "is_rejected",
            "status__slug",
            "status__name",
            "confidence",
        )
        .in_reading_order()
    )


def check_first(claims: list[Claim]) -> list[Claim]:
    """Claims least likely to be right first (lowest confidence; hand-made ones last)."""
    return sorted(claims, key=lambda c: (c.confidence is None, c.confidence or 0.0, c.start))


def reader_context(
    article: Article, open_claim: Claim | None = None, order: str = "reading"
) -> dict:
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
        paragraphs.append(shown)
    return {
        **header_context(article),
        "headline_claims": headline_claims(article),
        "claims": check_first(claims) if order == "confidence" else claims,
        "claims_order": "confidence" if order == "confidence" else "reading",
        "paragraphs": paragraphs,
        "open_claim": open_claim,
        "sources": list(Source.objects.active().only("name", "kind", "reliability")),
    }


def header_context(article: Article) -> dict:
    """The article's header: its metadata and what the cleaner was unsure of."""
    doubts = article_service.DOUBTS
    return {
        "article": article,
        "doubts": [doubts[d] for d in article.metadata_doubts if d in doubts],
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
    order = request.GET.get("order", "reading")
    return render(request, "articles/article_detail.html", reader_context(article, order=order))


@require_GET
def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw input exactly as it was given, as plain text (never rendered as HTML)."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.raw_input, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{article.pk}-raw.txt"'
    return response


@permission_required("articles.change_article", raise_exception=True)
@require_http_methods(["GET", "POST"])
def article_metadata(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the title, lead, outlet, dates, language and URL (htmx: in the reader's header)."""
    article = get_article(pk)
    form = ArticleMetadataForm(request.POST or None, article=article)
    error, conflict = "", None
    if request.method == "POST":
        try:
            if request.POST.get("confirm"):
                article_service.confirm_metadata(
                    pk, version=request.POST.get("version"), user=request.user
                )
                saved = "Thank you: the details are marked as checked."
            elif form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                article_service.update_metadata(pk, version=version, user=request.user, **data)
                saved = "Saved the article's details."
            else:
                saved = ""
        except article_service.ArticleConflict as refused:
            if request.POST.get("confirm"):  # nothing typed to keep: show their version
                return _header_or_reader(
                    request, pk, "A colleague changed these details meanwhile; check them."
                )
            conflict, saved = refused, ""
            # Keep what was typed; saving again applies it over the colleague's version.
            data = request.POST.copy()
            data["version"] = str(refused.article.version)
            form = ArticleMetadataForm(data, article=refused.article)
            form.is_valid()
        except article_service.ArticleEditError as refused:
            error, saved = str(refused), ""
        if saved:
            return _header_or_reader(request, pk, saved)
    ctx = {
        "article": article,
        "form": form,
        "error": error,
        "conflict": conflict,
        "conflict_changes": conflict.changes if conflict else [],
        "outlets": list(Source.objects.active().values_list("name", flat=True)),
        "history": article_service.metadata_history(article)[:10],
        "time_zone": settings.TIME_ZONE,
    }
    if request.htmx:
        return render(request, "articles/article_metadata.html#metadata-form", ctx)
    return render(request, "articles/article_metadata.html", ctx)


def _header_or_reader(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    """After a metadata save: the fresh header (htmx), else back to the reader with a message."""
    article = get_article(pk)
    if request.htmx:
        ctx = {**header_context(article), "metadata_saved": message}
        return render(request, "articles/article_detail.html#article-head", ctx)
    messages.success(request, message)
    return redirect(article)
