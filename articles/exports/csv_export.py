"""CSV: one row per claim, for spreadsheets.

Decisions (see docs/export-schema.md):
- UTF-8 with a byte-order mark, so Excel opens French and Korean text correctly;
  LibreOffice and Python's `utf-8-sig` read it too.
- RFC 4180 quoting (commas, quotes and new lines inside a cell are quoted), CRLF rows.
- Lists in one cell: sources, mentions and tags joined with "; ", notes separated
  by a blank line, each note as "author, date: text".
- Formula injection: a text cell starting with =, +, -, @, tab or carriage return
  gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from articles.exports.base import (
    ExportContext,
    assessment,
    attribution_chain,
    attributions,
    claim_sources,
    content_text,
    iso,
    linked_claims,
    notes_of,
    person,
    tags_of,
)
from articles.models import Claim

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 500

# (column, part it belongs to); "" means always present.
COLUMNS: list[tuple[str, str]] = [
    ("article_id", ""),
    ("claim_id", ""),
    ("claim_url", ""),
    ("article_title", "article"),
    ("article_url", "article"),
    ("article_publisher", "article"),
    ("article_published_at", "article"),
    ("article_language", "article"),
    ("quote", "quote"),
    ("start", "quote"),
    ("end", "quote"),
    ("direct_quote", "quote"),
    ("cue", "quote"),
    ("stance", "quote"),
    ("content", "content"),
    ("speaker", "sources"),
    ("attribution_chain", "sources"),
    ("sources", "sources"),
    ("mentions", "sources"),
    ("reliability", "grades"),
    ("credibility", "grades"),
    ("grade", "grades"),
    ("reliability_now", "grades"),
    ("status", "status"),
    ("tags", "tags"),
    ("notes", "notes"),
    ("links", "links"),
    ("story_id", "links"),
    ("story_first_appearance", "links"),
]


FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """Make a text cell inert in spreadsheets: `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`."""
    if value and value[0] in FORMULA_FIRST:
        return "'" + value
    return value


def columns(ctx: ExportContext) -> list[str]:
    return [name for name, part in COLUMNS if not part or ctx.has(part)]




def links_cell(claim: Claim) -> str:
    """`corroborates #12 “quote” in “title”; contradicted by #40 …`: links out, then in."""
    return "; ".join(link.describe() for link in linked_claims(claim))


def row(
    ctx: ExportContext, claim: Claim, names: list[str] | None = None, articles: dict | None = None
) -> list:
    """The claim's cells, in `columns(ctx)` order (`articles` caches the article's cells)."""
    names = names or columns(ctx)
    article = claim.article
    articles = {} if articles is None else articles
    chain = attributions(claim)
    values = {
        "article_id": claim.article_id,
        "claim_id": claim.pk,
        "claim_url": ctx.claim_url(claim),
    }
    if ctx.has("article"):
        cells = articles.get(claim.article_id)
        if cells is None:  # claims come article by article: keep only the current one
            articles.clear()
            cells = articles[claim.article_id] = {
                "article_title": article.title,
                "article_url": article.url,
                "article_publisher": (
                    article.publisher.name if article.publisher else article.publisher_name
                ),
                "article_published_at": iso(article.published_at),
                "article_language": article.language,
            }
        values.update(cells)
    if ctx.has("quote"):
        values.update(
            quote=claim.quote,
            start=claim.start,
            end=claim.end,
            direct_quote="yes" if claim.direct_quote else "no",
            cue=claim.cue_text,
            stance=claim.stance,
        )
    if ctx.has("content"):
        values["content"] = content_text(claim)
    if ctx.has("sources"):
        speakers = [a for a in chain if a.position == 0]
        values.update(
            speaker="; ".join(a.source.name if a.source else a.mention for a in speakers),
            attribution_chain=attribution_chain(claim),
            sources="; ".join(s.name for s in claim_sources(claim)),
            mentions="; ".join(a.mention for a in chain),
        )
    if ctx.has("grades"):
        judged = assessment(claim)
        values.update(
            reliability=judged.reliability,
            credibility=claim.credibility or "",
            grade=judged.grade,
            reliability_now=judged.current if judged.changed else "",
        )
    if ctx.has("status"):
        values["status"] = claim.status.name
    if ctx.has("tags"):
        values["tags"] = "; ".join(t.name for t in tags_of(claim))
    if ctx.has("notes"):
        values["notes"] = "\n\n".join(
            f"{person(n.author) or 'unknown'}, {n.created:%Y-%m-%d}: {n.body}"
            for n in notes_of(claim)
        )
    if ctx.has("links"):
        values["links"] = links_cell(claim)
        first = getattr(claim, "first_appearance", None) or {}
        values["story_id"] = getattr(claim, "story_id", None) or ""
        values["story_first_appearance"] = (
            f"{first['published'][:10]} {first['outlet']}".strip() if first else ""
        )
    cells = [values[c] for c in names]
    # Only text cells are neutralised; ids, offsets and grades are numbers we write.
    return [
        "'" + v if v.__class__ is str and v and v[0] in FORMULA_FIRST else v for v in cells
    ]


def render(ctx: ExportContext) -> Iterator[str]:
    """The CSV, streamed a few hundred rows at a time, BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=ctx.csv_delimiter)
    names = columns(ctx)
    articles: dict = {}
    writer.writerow(names)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for claim in ctx.claims(timestamps=False):  # CSV shows no claim dates
        writer.writerow(row(ctx, claim, names, articles))
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()
