"""PDF: the HTML report laid out for print by WeasyPrint (A4, page numbers).

A PDF is built whole, not streamed, so it has a size limit: past
PDF_MAX_CLAIMS claims the export is refused with a message that suggests
narrowing the selection or taking CSV/JSON.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from articles.exports import html_report
from articles.exports.base import ExportContext

PDF_MAX_CLAIMS = 3000


class ExportTooLarge(ValueError):
    """The selection is too big for this format; the message says what to do."""


def render(ctx: ExportContext) -> Iterator[bytes]:
    total = ctx.selection.claims().count()
    if total > PDF_MAX_CLAIMS:
        raise ExportTooLarge(
            _(
                "This selection has %(total)d claims; a PDF is limited to %(max)d. "
                "Narrow the selection (a source, a tag, dates), or export CSV or JSON."
            )
            % {"total": total, "max": PDF_MAX_CLAIMS}
        )
    # Imported here: WeasyPrint is slow to import and only PDFs need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = "".join(html_report.render(ctx, standalone=True))
    # The report embeds its stylesheet and has no images: fetch nothing, from nowhere.
    fetcher = URLFetcher(allowed_protocols={"data"})
    yield HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()
