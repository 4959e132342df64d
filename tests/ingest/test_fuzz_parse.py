"""Fuzzing the ingest core: any Unicode in, a consistent article out, nothing lost unaccounted.

`parse_article` never raises; paragraph offsets index the text; the text holds
no NUL, control character or lone surrogate and encodes as UTF-8; and for a
text paste every line of the input is accounted for: in the text, the title,
a caption, or the list of removed lines with its reason. Bounded in CI with a
fixed seed; `NEWSDESK_FUZZ_EXAMPLES=5000` searches longer (see tests/fuzz.py).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from articles.ingest import ParsedArticle, parse_article
from articles.ingest.parse import sanitize
from articles.ingest.text import split_lines
from tests.fuzz import fuzz, odd_text, word_lines

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def assert_consistent(article: ParsedArticle) -> None:
    assert "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs) == article.text
    for para in article.paragraphs:
        assert 0 <= para.start < para.end <= len(article.text)
    for value in (article.text, article.title, article.lead, *(d.text for d in article.dropped)):
        assert not _NOT_TEXT.search(value), repr(value)
        value.encode("utf-8")  # no lone surrogate survived
    assert all(d.reason for d in article.dropped)
    article.to_dict()


def _flat(text: str) -> str:
    return " ".join(text.split())


def unaccounted_lines(raw: str, article: ParsedArticle) -> list[str]:
    """Input lines found nowhere: not in the text, the title, a caption or the removed lines.

    A line may be split: a rubric word dropped ("ARMEMENT") and the rest in the text.
    """
    text = _flat(article.text)
    dropped = [_flat(d.text) for d in article.dropped]
    captions = [_flat(f"{c.text} {c.credit}") for c in article.captions]
    missing = []
    for line in split_lines(sanitize(raw)):
        if (
            line in text
            or line == article.title
            or any(line in d for d in dropped)
            or any(line in c or c in line for c in captions if c)
            or any(line.startswith(d) and _flat(line[len(d) :]) in text for d in dropped if d)
        ):
            continue
        missing.append(line)
    return missing


@fuzz(300)
@given(raw=odd_text, kind=st.sampled_from(["auto", "text", "html"]))
def test_any_unicode_parses_consistently(raw, kind):
    assert_consistent(parse_article(raw, kind=kind))


@fuzz(300)
@given(raw=word_lines)
def test_every_line_of_a_text_paste_is_kept_or_accounted_for(raw):
    article = parse_article(raw, kind="text")
    assert_consistent(article)
    assert unaccounted_lines(raw, article) == []


@fuzz(100)
@given(raw=word_lines, newline=st.sampled_from(["\r\n", "\r", "\u2028", "\x85"]))
def test_line_endings_do_not_change_the_article(raw, newline):
    unix = parse_article(raw, kind="text")
    other = parse_article(raw.replace("\n", newline), kind="text")
    assert other.text == unix.text and other.title == unix.title


def test_a_one_megabyte_line_parses_in_both_readers():
    sentence = "Selon l'agence KCNA, Pyongyang a tiré un missile\u0301 \u200f vers la mer. "
    line = (sentence * (1_048_576 // len(sentence) + 1))[:1_048_576]
    for kind in ("text", "html"):
        article = parse_article("Titre de l'article\n" + line + "\r\nFin.", kind=kind)
        assert_consistent(article)
        assert len(article.text) > 500_000


def test_the_fixtures_account_for_every_line():
    from tests.ingest.paths import INGEST_FIXTURES, SEED

    for path in [SEED, *sorted(INGEST_FIXTURES.glob("*.txt"))]:
        raw = path.read_text(encoding="utf-8")
        assert unaccounted_lines(raw, parse_article(raw, kind="text")) == [], path.name
