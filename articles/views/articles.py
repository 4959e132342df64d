"""The article list and the article reader (first version; the workspace work extends it)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Article, Claim


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """All articles, newest first."""
    articles = (
        Article.objects.with_claim_counts()
        .select_related("publisher")
        .defer("raw_input", "raw_bytes", "text")
    )
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def _reader_context(article: Article) -> dict:
    claims = list(
        article.claims.visible()
        .select_related("status")
        .prefetch_related("attributions__source")
        .in_reading_order()
    )
    return {"article": article, "claims": claims}


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The article's metadata, cleaned text and claims."""
    article = get_object_or_404(Article.objects.select_related("publisher", "imported_by"), pk=pk)
    return render(request, "articles/article_detail.html", _reader_context(article))


@require_GET
def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw input exactly as it was given, as plain text (never rendered as HTML)."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.raw_input, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{article.pk}-raw.txt"'
    return response


@require_GET
def claim_detail(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """The reader with one claim open."""
    claim = get_object_or_404(Claim, article_id=article_pk, pk=pk)
    context = _reader_context(claim.article)
    context["open_claim"] = claim
    return render(request, "articles/article_detail.html", context)
