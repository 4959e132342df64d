"""The article list and the article reader: the cleaned text with every claim highlighted."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from articles import selectors
from articles.forms import ArticleMetadataForm
from articles.models import LANGUAGES, Article, Source
from articles.selectors import (
    CappedPaginator,
    article_filters,
    article_outlets,
    attach_claim_counts,
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


def get_article(pk: int) -> Article:
    return get_object_or_404(selectors.reader_articles(), pk=pk)


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader: metadata, the cleaned text with claims highlighted, the claims in order."""
    article = get_object_or_404(selectors.reader_articles(), pk=pk)
    if request.htmx and request.htmx.target == "claim-panel":
        # Esc / "close" from an open claim: an empty panel.
        return render(request, "articles/article_detail.html#panel-empty", {"article": article})
    order = request.GET.get("order", "reading")
    return render(
        request, "articles/article_detail.html", selectors.reader_context(article, order=order)
    )


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
                saved = _("Thank you: the details are marked as checked.")
            elif form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                article_service.update_metadata(pk, version=version, user=request.user, **data)
                saved = _("Saved the article's details.")
            else:
                saved = ""
        except article_service.ArticleConflict as refused:
            if request.POST.get("confirm"):  # nothing typed to keep: show their version
                return _header_or_reader(
                    request, pk, _("A colleague changed these details meanwhile; check them.")
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
        ctx = {**selectors.header_context(article), "metadata_saved": message}
        return render(request, "articles/article_detail.html#article-head", ctx)
    messages.success(request, message)
    return redirect(article)
