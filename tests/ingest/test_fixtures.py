"""Every page under tests/fixtures/ingest parses to what a careful reader of that page would say.

Each `NAME.txt` / `NAME.html` has a `NAME.expected.json` written by hand from
the page; each field in it is checked on its own, so a failure names the page
and the field.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache

import pytest

from articles.ingest import parse_article
from articles.ingest.decode import decode_bytes
from tests.ingest.paths import INGEST_FIXTURES

PAGES = sorted(p for p in INGEST_FIXTURES.iterdir() if p.suffix in (".txt", ".html"))
FIELDS = (
    "title", "lead", "publisher", "authors", "published_at", "updated_at", "language",
    "reading_time_minutes", "captions", "canonical_url", "text_contains", "text_excludes",
    "text_starts_with", "input_format",
)  # fmt: skip


def expected_for(page):
    return json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))


@cache
def parsed(name: str):
    page = INGEST_FIXTURES / name
    expected = expected_for(page)
    raw = decode_bytes(page.read_bytes())
    return parse_article(raw, kind=expected.get("kind", "auto"), url=expected.get("url"))


def cases():
    for page in PAGES:
        expected = expected_for(page)
        for field in FIELDS:
            if field in expected:
                yield pytest.param(page.name, field, expected[field], id=f"{page.stem}-{field}")


def test_there_are_at_least_twenty_pages_in_both_formats_and_languages():
    assert len(PAGES) >= 20
    assert {p.suffix for p in PAGES} == {".txt", ".html"}
    assert {expected_for(p)["language"] for p in PAGES} >= {"fr", "en"}


def test_every_page_has_its_expectations():
    for page in PAGES:
        expected = expected_for(page)
        for field in ("title", "publisher", "published_at", "language", "text_contains"):
            assert field in expected, f"{page.name} lacks {field}"


def _when(value):
    return datetime.fromisoformat(value) if value else None


@pytest.mark.parametrize(("name", "field", "want"), list(cases()))
def test_page_field(name, field, want):
    article = parsed(name)
    if field in ("published_at", "updated_at"):
        got = getattr(article, field)
        assert (got is None) == (want is None), f"{field}: {got!r}"
        if want is not None:
            assert got.tzinfo is not None
            assert got == _when(want), f"{got.isoformat()} != {want}"
    elif field == "captions":
        got = [{"text": c.text, "credit": c.credit} for c in article.captions]
        assert got == want
    elif field == "text_contains":
        for sentence in want:
            assert article.text.count(sentence) == 1, (
                f"{sentence!r} x{article.text.count(sentence)}"
            )
    elif field == "text_excludes":
        for fragment in want:
            assert fragment not in article.text, fragment
    elif field == "text_starts_with":
        assert article.text.startswith(want), article.text[:120]
    else:
        assert getattr(article, field) == want


@pytest.mark.parametrize("page_name", [p.name for p in PAGES])
def test_page_paragraph_offsets_and_lead(page_name):
    article = parsed(page_name)
    assert article.text
    for para in article.paragraphs:
        chunk = article.text[para.start : para.end]
        assert chunk and chunk == chunk.strip() and "\n\n" not in chunk
    assert "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs) == article.text
    # The lead's sentences are in the text exactly once (the claims extractor reads the text).
    assert article.lead
    assert article.text.count(article.lead[:80]) == 1
    assert "<script" not in article.text.lower()


@pytest.mark.parametrize("page_name", [p.name for p in PAGES if p.suffix == ".txt"])
def test_every_pasted_line_is_kept_or_accounted_for(page_name):
    """Researchers see every line the cleaner removed, and why."""
    article = parsed(page_name)
    kept = set(article.text.split("\n\n"))
    dropped = [d.text for d in article.dropped]
    dropped_text = "\n".join(dropped)
    raw = decode_bytes((INGEST_FIXTURES / page_name).read_bytes())
    for line in raw.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        assert line in kept or line in dropped or line in dropped_text or any(
            line.endswith(k) for k in kept
        ), line
    assert all(d.reason for d in article.dropped)
