"""Entry point of the ingest core: raw paste or page in, ParsedArticle out."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape
from itertools import islice
from zoneinfo import ZoneInfo

from articles.ingest.dates import parse_date_line, parse_iso_datetime
from articles.ingest.draft import Draft
from articles.ingest.lang import detect_language
from articles.ingest.model import Paragraph, ParsedArticle
from articles.ingest.outlets import default_timezone, find_outlet, outlet_for_url
from articles.ingest.text import clean_paste

PARSER_VERSION = "1.0"

WORDS_PER_MINUTE = 230  # adult reading speed; outlets print 1 min for the seed's ~230 words

# Characters that are never text: C0 controls (except tab, LF, CR), DEL, C1 controls,
# zero-width and soft-hyphen characters, BOM. Unusual spaces become plain spaces.
_CLEAN = dict.fromkeys((*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)))
_CLEAN.update(dict.fromkeys((8203, 8204, 8205, 8288, 65279, 173)))
_CLEAN.update(dict.fromkeys((160, 8239, 8199, 8201, 8202, 8194, 8195), " "))
_CLEAN.update({0x2028: "\n", 0x2029: "\n", 0x0B: "\n", 0x0C: "\n", 0x85: "\n"})

_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|br|span|article|section|main|"
    r"h[1-6]|ul|ol|li|table|figure|figcaption|img|a|script|style|header|footer|nav|b|i|em|"
    r"strong|blockquote|time|link)\b[^<>]{0,500}>|</(?:p|div|a|span|li|h[1-6]|html|body)>",
    re.IGNORECASE,
)
_HTML_START = re.compile(r"\s{0,50}<(?:!doctype|html|\?xml|!--|meta|head|body)", re.IGNORECASE)
# A whole page: a doctype or <html> first (after an XML declaration or comments), and a
# head, a body or the closing </html> somewhere.
_DOCUMENT_START = re.compile(
    r"\A\s{0,200}(?:<\?xml[^<>]{0,200}>\s{0,200})?(?:<!--[^<>]{0,2000}-->\s{0,200}){0,5}"
    r"<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE,
)
_DOCUMENT_PART = re.compile(r"<(?:head|body)[\s>]|</html\s*>", re.IGNORECASE)


_CLEAN_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_CLEAN)) + "]")


def _clean_char(match: re.Match) -> str:
    return _CLEAN[ord(match.group())] or ""


def sanitize(raw: str) -> str:
    """Remove control and invisible characters and lone surrogates (never part of an article).

    A regex finds the few characters to change (str.translate with a table
    visits every character in Python and was the slowest step on big pages).
    """
    if not raw.isascii():
        raw = raw.encode("utf-8", "replace").decode("utf-8")
    return _CLEAN_RE.sub(_clean_char, raw)


def looks_like_html(raw: str) -> bool:
    """Sniff pasted input: a page or clipboard HTML, rather than plain text."""
    if _HTML_START.match(raw):
        return True
    sample = raw[:20_000]
    return len(list(islice(_HTML_SNIFF.finditer(sample), 3))) == 3


def is_html_document(raw: str) -> bool:
    """True when text is unmistakably a whole HTML page, not prose that quotes a few tags."""
    return bool(_DOCUMENT_START.match(raw)) and _DOCUMENT_PART.search(raw) is not None


_TAG = re.compile(r"<[^<>]{0,2000}>")
_HIDDEN_BLOCK = re.compile(r"<(script|style)\b")


def visible_chars(raw: str) -> int:
    """How much text markup shows a reader: characters once tags and closed script and style
    blocks are removed, whitespace collapsed. A `<script>` never closed is prose quoting a
    tag, so what follows it counts (a parser would hide it all)."""
    low = raw.lower()
    pieces: list[str] = []
    i = 0
    while True:
        found = _HIDDEN_BLOCK.search(low, i)
        close = low.find("</" + found.group(1), found.end()) if found else -1
        if close < 0:
            pieces.append(raw[i:])
            break
        pieces.append(raw[i : found.start()])
        end = low.find(">", close)
        i = len(raw) if end < 0 else end + 1
    return len(" ".join(unescape(_TAG.sub(" ", "".join(pieces))).split()))


def parse_article(
    raw: str,
    *,
    kind: str = "auto",
    url: str | None = None,
    structure: dict[str, str] | None = None,
) -> ParsedArticle:
    """Parse raw pasted text or HTML into a ParsedArticle.

    `kind` is "text", "html" or "auto" (sniff the input). Empty input gives an
    empty ParsedArticle; no input makes this raise. `structure` (text only): the
    headings, list items and table rows a document's markup names, kept as such.
    """
    if kind not in ("auto", "text", "html"):
        raise ValueError(f"kind must be 'auto', 'text' or 'html', not {kind!r}")
    raw = sanitize(raw or "")
    if not raw.strip():
        empty_format = "html" if kind == "html" else "text"
        return ParsedArticle(text="", url=url or "", input_format=empty_format)
    if kind == "auto":
        kind = "html" if looks_like_html(raw) else "text"
    if kind == "html":
        from articles.ingest.html import read_html  # trafilatura loads in ~0.3 s: only when needed

        draft = read_html(raw, url=url)
    else:
        draft = clean_paste(raw, structure=structure)
    return finish(draft, url=url)


def finish(draft: Draft, *, url: str | None = None) -> ParsedArticle:
    """Settle language, dates and reading time, and lay out the paragraphs."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for para in draft.paragraphs:
        paragraphs.append(Paragraph(pos, pos + len(para), draft.kinds.get(para, "")))
        pos += len(para) + 2
    text = "\n\n".join(draft.paragraphs)

    language = detect_language(text or draft.title) or draft.language_hint
    outlet = find_outlet(draft.publisher) or outlet_for_url(draft.canonical_url or url)
    zone = default_timezone(outlet, language)
    published, updated = _dates(draft, zone, english_first=outlet is not None
                                and outlet.timezone.startswith("America/"))  # fmt: skip

    reading = draft.reading_time_minutes
    if reading is None and text:
        reading = max(1, round(len(text.split()) / WORDS_PER_MINUTE))

    publisher = draft.publisher or (outlet.name if outlet is not None else "")
    return ParsedArticle(
        text=text,
        title=draft.title,
        lead=draft.lead,
        paragraphs=paragraphs,
        publisher=publisher,
        authors=draft.authors,
        published_at=published,
        updated_at=updated,
        language=language,
        reading_time_minutes=reading,
        captions=draft.captions,
        dropped=draft.dropped,
        url=url or "",
        canonical_url=draft.canonical_url,
        input_format=draft.input_format,
    )


def _dates(
    draft: Draft, zone: ZoneInfo, *, english_first: bool
) -> tuple[datetime | None, datetime | None]:
    published = draft.published_at or parse_iso_datetime(draft.published_iso, zone)
    updated = draft.updated_at or parse_iso_datetime(draft.updated_iso, zone)
    lone_times: list[str] = []
    for line in draft.date_lines:
        found = parse_date_line(line, zone, english_first=english_first, max_leftover=99)
        if found.needs_day:
            lone_times.append(line)
        if published is None and found.published is not None:
            published = found.published
        if updated is None and found.updated is not None:
            updated = found.updated
    if published is not None and updated is None and lone_times:
        # "Updated 2:07 PM GMT": the time of day of an update on the publication day.
        day: date = published.date()
        for line in lone_times:
            found = parse_date_line(line, zone, published_day=day, max_leftover=99)
            if found.updated is not None or found.published is not None:
                updated = found.updated or found.published
                break
    if published is None and updated is not None:
        published, updated = updated, None
    return published, updated
