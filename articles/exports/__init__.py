"""Exports: the same selection of claims, written as CSV, JSON, Markdown, HTML, PDF,
W3C Web Annotation JSON-LD, schema.org ClaimReview JSON-LD or a STIX 2.1 bundle.

Each format is a module with `render(ctx) -> Iterator[str | bytes]`; the report
builder page and `manage.py export` both go through `FORMATS` so they give the
same output.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.exports.base import ALL_INCLUDES, INCLUDES, ExportContext, parse_include
from articles.exports.selection import Selection, SelectionError


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    module: str
    extension: str
    content_type: str
    streams: bool = True
    # Reports for people follow the report's language; data formats (CSV column names, JSON
    # keys, JSON-LD, STIX) are read by programs and stay English, whatever the page's language.
    for_people: bool = False

    def render(self, ctx: ExportContext) -> Iterator[str | bytes]:
        parts = importlib.import_module(f"articles.exports.{self.module}").render(ctx)
        return in_language(ctx.language if self.for_people else "en", parts)

    def filename(self, ctx: ExportContext) -> str:
        """`newsdesk-20251227-1401.csv`, stamped in the desk's time, as the report shows it."""
        stamp = ctx.local_time().strftime("%Y%m%d-%H%M")
        return f"newsdesk-{stamp}.{self.extension}"


FORMATS: dict[str, Format] = {
    f.key: f
    for f in [
        Format("csv", _("CSV (spreadsheet)"), "csv_export", "csv", "text/csv; charset=utf-8"),
        Format("json", _("JSON (data)"), "json_export", "json", "application/json; charset=utf-8"),
        Format(
            "md",
            "Markdown",
            "markdown_export",
            "md",
            "text/markdown; charset=utf-8",
            for_people=True,
        ),
        Format(
            "html",
            _("HTML report (print)"),
            "html_report",
            "html",
            "text/html; charset=utf-8",
            for_people=True,
        ),
        Format(
            "pdf",
            _("PDF report"),
            "pdf_report",
            "pdf",
            "application/pdf",
            streams=False,
            for_people=True,
        ),
        Format(
            "w3c",
            "W3C Web Annotation (JSON-LD)",
            "web_annotation",
            "jsonld",
            "application/ld+json; charset=utf-8",
        ),
        Format(
            "claimreview",
            "schema.org ClaimReview (JSON-LD)",
            "claimreview",
            "jsonld",
            "application/ld+json; charset=utf-8",
        ),
        Format(
            "stix",
            _("STIX 2.1 bundle (threat-intelligence platforms)"),
            "stix",
            "stix.json",
            "application/stix+json;version=2.1",
        ),
    ]
}


def in_language(language: str, parts: Iterator) -> Iterator:
    """`parts`, each produced with `language` active (and the caller's language between them).

    A streamed download is produced after the view returned, piece by piece: the language
    is set around each piece rather than left active for whatever else the thread does.
    """
    try:
        while True:
            with translation.override(language):
                try:
                    part = next(parts)
                except StopIteration:
                    return
            yield part
    finally:
        close = getattr(parts, "close", None)
        if close is not None:
            close()


def render_bytes(fmt: str, ctx: ExportContext) -> bytes:
    """The whole export as bytes (for the command line and tests)."""
    return b"".join(
        part if isinstance(part, bytes) else part.encode("utf-8")
        for part in FORMATS[fmt].render(ctx)
    )


__all__ = [
    "ALL_INCLUDES",
    "FORMATS",
    "INCLUDES",
    "ExportContext",
    "Format",
    "Selection",
    "SelectionError",
    "parse_include",
    "render_bytes",
]
