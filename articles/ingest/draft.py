"""What the text and HTML readers hand to `parse.py`, before dates and language are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from articles.ingest.model import Caption, DroppedLine


@dataclass(slots=True)
class Draft:
    """An article read from a paste or a page; `parse.finish()` turns it into a ParsedArticle."""

    input_format: str
    title: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    # Date lines as printed, read once the outlet and language (hence the zone) are known.
    date_lines: list[str] = field(default_factory=list)
    # ISO 8601 values from page metadata (JSON-LD, <meta>, <time datetime>).
    published_iso: str = ""
    updated_iso: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    reading_time_minutes: int | None = None
    language_hint: str = ""  # <html lang>, og:locale
    canonical_url: str = ""
    data_dateline: str = ""  # the wire agency of a dateline, `SEOUL, Dec 27 (Reuters) -`
    # Paragraphs that are headings ("h"), list items ("li") or table rows ("row"), by text.
    kinds: dict[str, str] = field(default_factory=dict)

    def drop(self, text: str, reason: str) -> None:
        """Record a removed line (researchers see these next to the cleaned text)."""
        self.dropped.append(DroppedLine(text, reason))
