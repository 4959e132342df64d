"""Entry point of the ingest core (first, simple version; the import work replaces it)."""

from __future__ import annotations

from articles.ingest.model import DroppedLine, Paragraph, ParsedArticle

PARSER_VERSION = "0.1"


def parse_article(raw: str, *, kind: str = "auto", url: str | None = None) -> ParsedArticle:
    """Parse raw pasted text or HTML into a ParsedArticle.

    `kind` is "text", "html" or "auto" (sniff the input).
    """
    lines = [line.strip() for line in raw.splitlines()]
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[DroppedLine] = []
    for line in lines:
        if not line:
            continue
        if line in seen:
            dropped.append(DroppedLine(line, "repeated paragraph"))
            continue
        seen.add(line)
        kept.append(line)
    title = kept[0] if kept else ""
    body = kept[1:] if len(kept) > 1 else kept
    paragraphs: list[Paragraph] = []
    pos = 0
    for para in body:
        paragraphs.append(Paragraph(pos, pos + len(para)))
        pos += len(para) + 2
    text = "\n\n".join(body)
    return ParsedArticle(
        text=text, title=title, paragraphs=paragraphs, dropped=dropped, url=url or ""
    )
