"""Notes are written in Markdown; this renders them to HTML that is safe to show.

The Markdown is rendered first, then every tag and attribute outside a small
allow-list is removed by nh3 (scripts, event handlers, `javascript:` links,
inline styles). Raw HTML typed into a note never survives as markup.
"""

from __future__ import annotations

import markdown as _markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "strong", "sub", "sup", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (a `str`; the caller may mark *this* output safe)."""
    if not text:
        return ""
    html = _markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
