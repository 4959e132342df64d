"""Markdown: a readable report, one section per article, each claim as a quotation.

Every value written into the file (titles, quotes, source names and mentions,
status and tag names set by admins, usernames, the scope) goes through
`escape()`: it renders as the text itself, whatever a viewer does with Markdown,
since `<` becomes `&lt;` (no HTML) and the characters that make emphasis,
code, links and images are backslash-escaped (`[x](javascript:...)` stays text).
Notes are Markdown already and are kept so, through `note_markdown()`: no HTML,
and only http(s) links stay links (`javascript:`, `data:` and the rest are text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.exports.base import (
    ExportContext,
    attribution_chain,
    content_text,
    grade,
    notes_of,
    person,
    tags_of,
)
from articles.exports.csv_export import links_cell

# Characters that start emphasis, code spans, links and images, or escape others; all of them
# are escapable in CommonMark and in Python-Markdown.
_SPECIAL = re.compile(r"([\\`*_\[\]#])")
# `&lt;` typed as text must not render as `<` (an entity), so an entity-like `&` is escaped.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]{1,32};)")
# At the start of a line: a quotation, a list item, a numbered list item or a heading
# underline (`=` is not escapable in Python-Markdown: it is written as an entity).
_LINE_START = re.compile(r"^(\s*)(?:([>+=-])|(\d{1,9})([.)]))", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_start(match: re.Match) -> str:
    space, marker, number, dot = match.groups()
    if marker == "=":
        return f"{space}&#61;"
    return f"{space}\\{marker}" if marker else f"{space}{number}\\{dot}"


def escape(text, *, inline: bool = True) -> str:
    """A value as Markdown that renders as exactly this text: no HTML, emphasis, code or link.

    `inline` values (names, titles) are one line; others keep their line breaks.
    """
    text = _CONTROL.sub("", str(text or ""))
    if inline:
        text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_line_start, text)


# A link a note may keep: plain text between brackets and an http(s) address without spaces,
# parentheses or angle brackets. Anything else between brackets is escaped, so reference
# definitions (`[x]: javascript:...`), `data:` images and `javascript:` links stay text.
_SAFE_LINK = re.compile(r"(?<!!)\[([^\[\]\n\\]{1,500})\]\((https?://[^\s()<>\\]{1,2000})\)")


def note_markdown(text: str) -> str:
    """A researcher's note, still Markdown, with no HTML and no link but plain http(s) ones."""
    text = _CONTROL.sub("", str(text or ""))
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    pieces, pos = [], 0
    for link in _SAFE_LINK.finditer(text):
        pieces.append(_brackets(text[pos : link.start()]))
        pieces.append(link.group())
        pos = link.end()
    pieces.append(_brackets(text[pos:]))
    return "".join(pieces)


def _brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def quoted(text: str) -> str:
    lines = escape(text, inline=False).splitlines()
    return "\n".join("> " + line if line else ">" for line in lines)


def indented(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else "" for line in note_markdown(text).splitlines())


def article_heading(article, ctx: ExportContext) -> str:
    title = article.title or _("Article %(number)s") % {"number": article.pk}
    lines = [f"## {escape(title)}", ""]
    if ctx.has("article"):
        meta = []
        outlet = article.publisher.name if article.publisher else article.publisher_name
        if outlet:
            meta.append(escape(outlet))
        if article.published_at:
            meta.append(when(article.published_at))
        if article.language:
            meta.append(escape(article.language))
        if meta:
            lines += ["*" + " · ".join(meta) + "*", ""]
        if article.safe_url:  # an autolink: only http(s)
            lines += [f"<{article.safe_url}>", ""]
    return "\n".join(lines) + "\n"


def when(moment) -> str:
    """A date and time in the desk's time zone and the report's language, with the zone."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local:%Z}"


def label(text: str) -> str:
    """`- **Status:**`: a field's name, bold, followed by a colon."""
    return "- **" + _("%(label)s:") % {"label": text} + "**"


def claim_section(claim, number: int, ctx: ExportContext) -> str:
    heading = _("Claim %(number)s (#%(id)s)") % {"number": number, "id": claim.pk}
    lines = [f"### {heading}", ""]
    if ctx.has("quote"):
        lines += [quoted(claim.quote), ""]
    details = []
    if ctx.has("content") and claim.content_text:
        details.append(f"{label(_('Claimed'))} {escape(content_text(claim))}")
    if ctx.has("sources"):
        who = escape(attribution_chain(claim)) or _("not attributed")
        details.append(f"{label(_('Who'))} {who}")
    if ctx.has("grades"):
        details.append(f"{label(_('Grade'))} {escape(grade(claim))}")
    if ctx.has("status"):
        details.append(f"{label(_('Status'))} {escape(claim.status.display_name)}")
    if ctx.has("tags"):
        tags = ", ".join(escape(t.name) for t in tags_of(claim))
        if tags:
            details.append(f"{label(_('Tags'))} {tags}")
    if ctx.has("links"):
        links = links_cell(claim)
        if links:
            details.append(f"{label(_('Links'))} {escape(links)}")
        story_id = getattr(claim, "story_id", None)
        if story_id:
            first = getattr(claim, "first_appearance", None) or {}
            where = (
                _(", first appearance %(date)s in %(outlet)s")
                % {"date": first["published"][:10], "outlet": escape(first["outlet"])}
                if first
                else ""
            )
            details.append(f"{label(_('Story'))} {story_id}{where}")
    if ctx.has("notes"):
        notes = list(notes_of(claim))
        if notes:
            details.append(label(_("Notes")))
            for note in notes:
                author = escape(person(note.author)) or _("unknown")
                day = formats.date_format(timezone.localtime(note.created), "SHORT_DATE_FORMAT")
                details.append(f"  - {author}, {day}:")
                details.append("")
                details.append(indented(note.body, "      "))
                details.append("")
    details.append(f"- <{ctx.claim_url(claim)}>")
    return "\n".join(lines + details) + "\n\n"


def render(ctx: ExportContext) -> Iterator[str]:
    """The Markdown report, streamed article by article."""
    total = ctx.selection.claims().count()
    intro = ""
    if ctx.introduction:
        intro = "\n".join(escape(line) for line in ctx.introduction.splitlines()) + "\n\n"
    exported = when(ctx.exported_at)
    if ctx.exported_by:
        exported = _("%(when)s by %(who)s") % {"when": exported, "who": escape(ctx.exported_by)}
    count = formats.number_format(total, force_grouping=True)
    yield (
        f"# {escape(ctx.title)}\n\n"
        + intro
        + f"{label(_('Scope'))} {escape(ctx.scope)}\n"
        + f"{label(_('Exported'))} {exported}\n"
        + f"{label(_('Claims'))} {count}\n\n"
    )
    current = None
    number = 0
    for claim in ctx.claims():
        if claim.article_id != current:
            current = claim.article_id
            number = 0
            yield article_heading(claim.article, ctx)
        number += 1
        yield claim_section(claim, number, ctx)
