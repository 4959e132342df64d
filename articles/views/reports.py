"""The report builder: choose a format and what to include, preview it, download it.

The selection (an article, a source, a tag, a claims search with its filters)
arrives as query parameters from the "Export" links on the article, source,
claims and tag pages, and travels with the form as hidden fields. Downloads
stream, so a 100,000-claim CSV or JSON starts at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from articles.exports import (
    FORMATS,
    INCLUDES,
    ExportContext,
    Selection,
    SelectionError,
    html_report,
    in_language,
)
from articles.exports.base import (
    CSV_DELIMITERS,
    MAX_INTRODUCTION,
    MAX_REPORT_TITLE,
    csv_delimiter,
    parse_include,
)
from articles.exports.pdf_report import ExportTooLarge

PREVIEW_CLAIMS = 25
PREVIEW_CHARS = 12_000


def _report_language(request: HttpRequest) -> str:
    """The report's language: the builder's choice, else the page's (the user's) language."""
    chosen = request.GET.get("report_language", "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language() or settings.LANGUAGE_CODE


def _context(request: HttpRequest, selection: Selection) -> ExportContext:
    # Claim links use settings.SITE_URL (ExportContext's default), not the request's host.
    return ExportContext(
        selection,
        include=parse_include(request.GET.getlist("include")),
        exported_by=request.user.get_username(),
        report_title=request.GET.get("title", ""),
        introduction=request.GET.get("intro", ""),
        csv_delimiter=csv_delimiter(request.GET.get("delimiter")),
        language=_report_language(request),
    )


def _format(request: HttpRequest) -> str:
    chosen = request.GET.get("format", "")
    return chosen if chosen in FORMATS else "html"


def _builder(
    request: HttpRequest,
    *,
    error: str = "",
    preview_html: str = "",
    preview_text: str = "",
    status: int = 200,
):
    """The builder page (or, for htmx, its preview fragment)."""
    selection, count = None, 0
    try:  # the form stays when the format was the problem (a PDF too large)
        selection = Selection.from_params(request.GET)
        count = selection.claims().count()
    except SelectionError as refused:
        error = error or str(refused)
    ctx = {
        "formats": FORMATS.values(),
        "chosen_format": _format(request),
        "includes": INCLUDES,
        "chosen": parse_include(request.GET.getlist("include")),
        "selection": selection,
        # "reviewed" is the form's own checkbox, so it can be unticked.
        "hidden": {k: v for k, v in selection.to_params().items() if k != "reviewed"}
        if selection
        else {},
        "count": count,
        "error": error,
        "preview_html": preview_html,
        "preview_text": preview_text,
        "query": request.GET.urlencode(),
        "report_title": request.GET.get("title", "")[:MAX_REPORT_TITLE],
        "introduction": request.GET.get("intro", "")[:MAX_INTRODUCTION],
        "delimiters": [(key, label) for key, (_, label) in CSV_DELIMITERS.items()],
        "chosen_delimiter": request.GET.get("delimiter")
        if request.GET.get("delimiter") in CSV_DELIMITERS
        else "comma",
        "report_languages": settings.LANGUAGES,
        "chosen_language": _report_language(request),
        "max_title": MAX_REPORT_TITLE,
        "max_intro": MAX_INTRODUCTION,
    }
    partial = request.htmx and request.resolver_match.url_name == "report_preview"
    template = "reports/builder.html#preview" if partial else "reports/builder.html"
    return render(request, template, ctx, status=status)


@require_GET
@permission_required("articles.view_claim", raise_exception=True)
def report_builder(request: HttpRequest) -> HttpResponse:
    """Choose the format and the parts of the report for the selection in the query string."""
    return _builder(request, status=200)


@require_GET
@permission_required("articles.view_claim", raise_exception=True)
def report_preview(request: HttpRequest) -> HttpResponse:
    """The report as it will look: HTML for the report formats, the start of the file for data."""
    try:
        selection = Selection.from_params(request.GET)
    except SelectionError as refused:
        return _builder(request, error=str(refused), status=400)
    ctx = _context(request, selection)
    fmt = _format(request)
    if fmt in {"html", "pdf"}:
        # Our template's output: every piece of user text in it was escaped or sanitised.
        parts = html_report.render(ctx, standalone=False, limit=PREVIEW_CLAIMS)
        html = mark_safe("".join(in_language(ctx.language, parts)))
        return _builder(request, preview_html=html)
    text, parts = "", FORMATS[fmt].render(ctx)
    for part in parts:
        text += part
        if len(text) >= PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + "\n…"
            break
    parts.close()
    return _builder(request, preview_text=text.removeprefix("\ufeff"))


@require_GET
@permission_required("articles.view_claim", raise_exception=True)
def report_download(request: HttpRequest) -> HttpResponse:
    """The export as a file: streamed, except the PDF (laid out whole)."""
    try:
        selection = Selection.from_params(request.GET)
    except SelectionError as refused:
        return _builder(request, error=str(refused), status=400)
    ctx = _context(request, selection)
    fmt = FORMATS.get(request.GET.get("format", "csv")) or FORMATS["csv"]
    headers = {"Content-Disposition": f'attachment; filename="{fmt.filename(ctx)}"'}
    if not fmt.streams:
        try:
            body = b"".join(fmt.render(ctx))
        except ExportTooLarge as refused:
            return _builder(request, error=str(refused), status=400)
        return HttpResponse(body, content_type=fmt.content_type, headers=headers)
    return StreamingHttpResponse(fmt.render(ctx), content_type=fmt.content_type, headers=headers)
