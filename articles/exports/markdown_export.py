"""Markdown: a readable report, one section per article, each claim as a quotation.

Text from articles and notes is kept as written, except that `<` is written
`&lt;` so a Markdown renderer never turns a pasted tag into markup. Notes are
Markdown already and are kept so, indented under their claim.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

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


def inert(text: str) -> str:
    return text.replace("<", "&lt;")


def quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in inert(text).splitlines())


def indented(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else "" for line in inert(text).splitlines())


def article_heading(article, ctx: ExportContext) -> str:
    lines = [f"## {inert(article.title or f'Article {article.pk}')}", ""]
    if ctx.has("article"):
        meta = []
        outlet = article.publisher.name if article.publisher else article.publisher_name
        if outlet:
            meta.append(inert(outlet))
        if article.published_at:
            meta.append(f"{timezone.localtime(article.published_at):%Y-%m-%d %H:%M %Z}")
        if article.language:
            meta.append(article.language)
        if meta:
            lines += ["*" + " · ".join(meta) + "*", ""]
        if article.safe_url:  # an autolink: only http(s)
            lines += [f"<{article.safe_url}>", ""]
    return "\n".join(lines) + "\n"


def claim_section(claim, number: int, ctx: ExportContext) -> str:
    lines = [f"### Claim {number} (#{claim.pk})", ""]
    if ctx.has("quote"):
        lines += [quoted(claim.quote), ""]
    details = []
    if ctx.has("content") and claim.content_text:
        details.append(f"- **Claimed:** {inert(content_text(claim))}")
    if ctx.has("sources"):
        details.append(f"- **Who:** {inert(attribution_chain(claim)) or 'not attributed'}")
    if ctx.has("grades"):
        details.append(f"- **Grade:** {grade(claim)}")
    if ctx.has("status"):
        details.append(f"- **Status:** {claim.status.name}")
    if ctx.has("tags"):
        tags = ", ".join(t.name for t in tags_of(claim))
        if tags:
            details.append(f"- **Tags:** {inert(tags)}")
    if ctx.has("links"):
        links = links_cell(claim)
        if links:
            details.append(f"- **Links:** {inert(links)}")
    if ctx.has("notes"):
        notes = list(notes_of(claim))
        if notes:
            details.append("- **Notes:**")
            for note in notes:
                details.append(f"  - {person(note.author) or 'unknown'}, {note.created:%Y-%m-%d}:")
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
        intro = "\n".join(inert(line) for line in ctx.introduction.splitlines()) + "\n\n"
    yield (
        f"# {inert(ctx.title)}\n\n"
        + intro
        + f"- **Scope:** {inert(ctx.scope)}\n"
        f"- **Exported:** {timezone.localtime(ctx.exported_at):%Y-%m-%d %H:%M %Z}"
        + (f" by {inert(ctx.exported_by)}" if ctx.exported_by else "")
        + f"\n- **Claims:** {total}\n\n"
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
