"""The import page: paste an article, upload files or a zip, or give a web address.

One file or one URL imports at once and opens the article. Many files, or a zip,
become a background job; its page shows the progress live (htmx polls a partial
every second until the job is done) and then the summary.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from articles.forms import PasteForm, UploadForm, UrlForm
from articles.models import Article, ImportJob
from articles.services.imports import (
    ImportRefused,
    ImportResult,
    MostlyRemoved,
    check_zip,
    import_article,
    import_file,
    import_url,
    is_zip_name,
    start_bulk_import,
)

ALREADY_IMPORTED = _("This article was already imported; here it is. Nothing was duplicated.")
INTERNAL_ERROR = _(
    "Newsdesk could not import this (%(error)s); nothing was saved. The error was logged "
    "for the team — try again, or paste the article's text instead."
)
log = logging.getLogger(__name__)


def _attempt(form, field, do_import) -> ImportResult | None:
    """Run an import; a refusal or an unexpected error becomes a message on `form`.

    `import_article` saves in one transaction, so a failure part-way leaves nothing behind.
    """
    try:
        return do_import()
    except ImportRefused as refused:
        form.add_error(field, str(refused))
        form.refusal = refused
    except Exception as error:
        log.exception("Import failed")
        form.add_error(field, INTERNAL_ERROR % {"error": type(error).__name__})
    return None


def _render_page(request: HttpRequest, **forms) -> HttpResponse:
    context = {
        "form": forms.get("form") or PasteForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "url_form": forms.get("url_form") or UrlForm(),
        "recent_jobs": ImportJob.objects.filter(created_by=request.user)[:5],
        "offer_text": isinstance(getattr(forms.get("form"), "refusal", None), MostlyRemoved),
    }
    status = 200
    return render(request, "articles/import.html", context, status=status)


def _open_result(request: HttpRequest, result: ImportResult, upload: str = "") -> HttpResponse:
    if result.created and upload:
        messages.success(
            request,
            gettext("Imported “%(article)s” from %(file)s.")
            % {"article": result.article, "file": upload},
        )
    elif result.created:
        messages.success(request, gettext("Imported “%(article)s”.") % {"article": result.article})
    else:
        messages.info(request, ALREADY_IMPORTED)
    return redirect(result.article)


@permission_required("articles.add_article", raise_exception=True)
def import_page(request: HttpRequest) -> HttpResponse:
    """Show the paste box, the file upload and the URL field; on POST import the paste."""
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        html, text = form.cleaned_data["html"], form.cleaned_data["text"]
        as_text = form.cleaned_data["as_text"]
        if as_text:  # the researcher's choice after a warning: the plain text, as text
            raw, kind, parse_as = text or html, Article.InputKind.PASTE_TEXT, "text"
        else:
            raw = html or text
            kind = Article.InputKind.PASTE_HTML if html else Article.InputKind.PASTE_TEXT
            parse_as = ""
        result = _attempt(
            form,
            None,
            lambda: import_article(
                raw,
                input_kind=kind,
                user=request.user,
                url=form.cleaned_data["url"],
                parse_as=parse_as,
                guard_loss=not as_text,
            ),
        )
        if result is not None:
            return _open_result(request, result)
    return _render_page(request, form=form)


@permission_required("articles.add_article", raise_exception=True)
def import_files(request: HttpRequest) -> HttpResponse:
    """Upload files: one article file opens at once; several, or a zip, run in the background."""
    if request.method != "POST":
        return _render_page(request)
    upload_form = UploadForm(request.POST, request.FILES)
    if not upload_form.is_valid():
        return _render_page(request, upload_form=upload_form)
    files = upload_form.cleaned_data["files"]
    if len(files) == 1 and not is_zip_name(files[0].name):
        upload = files[0]
        result = _attempt(
            upload_form,
            None,
            lambda: import_file(
                upload.name,
                upload.read(),
                user=request.user,
                content_type=upload.content_type or "",
            ),
        )
        if result is None:
            return _render_page(request, upload_form=upload_form)
        return _open_result(request, result, upload.name)
    stored = []
    for upload in files:
        data = upload.read()
        if is_zip_name(upload.name):
            try:
                check_zip(data).close()  # the headers only: refuse a bomb before queueing it
            except ImportRefused as refused:
                upload_form.add_error(None, f"{upload.name}: {refused}")
                return _render_page(request, upload_form=upload_form)
        stored.append((upload.name, data, upload.content_type or ""))
    job = start_bulk_import(stored, user=request.user)
    return redirect("articles:import_job", pk=job.pk)


@permission_required("articles.add_article", raise_exception=True)
def import_url_view(request: HttpRequest) -> HttpResponse:
    """Fetch a web page on the server and import it."""
    if request.method != "POST":
        return _render_page(request)
    url_form = UrlForm(request.POST)
    if url_form.is_valid():
        url = url_form.cleaned_data["page_url"]
        result = _attempt(url_form, "page_url", lambda: import_url(url, user=request.user))
        if result is not None:
            return _open_result(request, result)
    return _render_page(request, url_form=url_form)


@require_GET
def import_job(request: HttpRequest, pk) -> HttpResponse:
    """A bulk import's progress (an htmx request gets only the progress fragment)."""
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    template = "articles/import_job.html"
    if request.htmx:
        template += "#job-progress"
    return render(request, template, {"job": job})


@require_GET
def article_removed(request: HttpRequest, pk: int) -> HttpResponse:
    """What the cleaner removed from an article's input, line by line, with the reason."""
    article = get_object_or_404(
        Article.objects.only("pk", "title", "dropped_lines", "input_kind", "imported_at"), pk=pk
    )
    return render(request, "articles/article_removed.html", {"article": article})


def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The texts a tracked article had at its source, each edit shown as a sentence diff."""
    from articles.selectors import article_versions as versions_of

    article = get_object_or_404(
        Article.objects.only("pk", "title", "url", "edited_at", "deleted_at", "track_until"),
        pk=pk,
    )
    return render(
        request, "articles/article_versions.html",
        {"article": article, "versions": versions_of(article)},
    )  # fmt: skip
