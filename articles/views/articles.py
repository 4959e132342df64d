"""The article list and the article reader: the cleaned text with every claim highlighted."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles import selectors
from articles.models import LANGUAGES, Article
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


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader: metadata, the cleaned text with claims highlighted, the claims in order."""
    article = get_object_or_404(selectors.reader_articles(), pk=pk)
    if request.htmx and request.htmx.target == "claim-panel":
        # Esc / "close" from an open claim: an empty panel.
        return render(request, "articles/article_detail.html#panel-empty", {"article": article})
    return render(request, "articles/article_detail.html", selectors.reader_context(article))


@require_GET
def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw input exactly as it was given, as plain text (never rendered as HTML)."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.raw_input, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{article.pk}-raw.txt"'
    return response
