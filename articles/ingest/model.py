"""The dataclasses the ingest core returns."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph: `text[start:end]` of the cleaned text.

    `kind` is "" for a paragraph, "h" for a heading, "li" for a list item,
    "row" for a table row (cells separated by " | ").
    """

    start: int
    end: int
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption and its credit, e.g. `(KCNA VIA KNS / AFP)` -> `KCNA VIA KNS / AFP`."""

    text: str
    credit: str = ""


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line the cleaner removed from the input, and why (shown to researchers)."""

    text: str
    reason: str


@dataclass(slots=True)
class ParsedArticle:
    """Everything the cleaner learned from one raw input.

    `lead` is the page's standfirst (chapô) when it has one, else the first
    paragraph. Its sentences are always in `text` exactly once: a standfirst
    that the body repeats (franceinfo repeats it in the first paragraph) is
    not added again; one that it does not repeat is the first paragraph.
    Dates are timezone-aware, in the zone the page printed (or the outlet's).
    """

    text: str
    title: str = ""
    lead: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    publisher: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str = ""
    reading_time_minutes: int | None = None
    captions: list[Caption] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)
    url: str = ""
    canonical_url: str = ""
    input_format: str = "text"  # "text" or "html"

    @property
    def content_hash(self) -> str:
        """SHA-256 of the cleaned text, case- and whitespace-insensitive: the duplicate key."""
        norm = unicodedata.normalize("NFC", self.text).casefold()
        norm = " ".join(norm.split())
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates in ISO 8601)."""
        data = asdict(self)
        for key in ("published_at", "updated_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["content_hash"] = self.content_hash
        return data
