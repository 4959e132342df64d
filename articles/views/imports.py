"""The import page: paste an article (first version; the import work adds files, URLs, bulk)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from articles.forms import PasteForm
from articles.models import Article
from articles.services.imports import ImportRefused, import_article


@permission_required("articles.add_article", raise_exception=True)
def import_page(request: HttpRequest) -> HttpResponse:
    """Show the paste box; on POST import the paste and open the article."""
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        html = form.cleaned_data["html"]
        raw = html or form.cleaned_data["text"]
        kind = Article.InputKind.PASTE_HTML if html else Article.InputKind.PASTE_TEXT
        try:
            result = import_article(
                raw, input_kind=kind, user=request.user, url=form.cleaned_data["url"]
            )
        except ImportRefused as refused:
            form.add_error(None, str(refused))
        else:
            if result.created:
                messages.success(request, f"Imported “{result.article}”.")
            else:
                messages.info(
                    request,
                    "This article was already imported; here it is. Nothing was duplicated.",
                )
            return redirect(result.article)
    return render(request, "articles/import.html", {"form": form})
