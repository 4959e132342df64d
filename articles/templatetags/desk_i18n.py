"""Words the plain-Python core stores in English, shown in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Why the cleaner removed a line (articles.ingest.furniture's R_* and the page furniture of
# articles.ingest.html): stored in English with the article, shown translated. A reason
# not listed here is shown as stored.
DROP_REASONS = {
    "repeated paragraph": _("repeated paragraph"),
    "image file name or link": _("image file name or link"),
    "share buttons": _("share buttons"),
    "navigation or menu": _("navigation or menu"),
    "advertising": _("advertising"),
    "related link": _("related link"),
    "cookie banner": _("cookie banner"),
    "newsletter or subscription prompt": _("newsletter or subscription prompt"),
    "comment count or comments section": _("comment count or comments section"),
    "audio player": _("audio player"),
    "footer": _("footer"),
    "reporting credits": _("reporting credits"),
    "publication date (kept as metadata)": _("publication date (kept as metadata)"),
    "byline (kept as authors)": _("byline (kept as authors)"),
    "publisher (kept as metadata)": _("publisher (kept as metadata)"),
    "reading time (kept as metadata)": _("reading time (kept as metadata)"),
    "photo caption (kept in captions)": _("photo caption (kept in captions)"),
    "photo credit": _("photo credit"),
    "headline (kept as title)": _("headline (kept as title)"),
    "lead (kept as lead; its text is in the first paragraph)": _(
        "lead (kept as lead; its text is in the first paragraph)"
    ),
    "page header before the headline": _("page header before the headline"),
    "after the article (related links, footer)": _("after the article (related links, footer)"),
    "label near the headline": _("label near the headline"),
    "no words": _("no words"),
    "relative date": _("relative date"),
    "promotion": _("promotion"),
    "author box": _("author box"),
    "related links or sidebar": _("related links or sidebar"),
}


@register.filter
def drop_reason(reason: str) -> str:
    """`photo credit` → `crédit photo` in French; an unknown reason as stored."""
    return str(DROP_REASONS.get(reason, reason))
