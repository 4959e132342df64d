"""Fuzzing the extractor: any Unicode in, claims whose offsets index the text, never an error.

Combining marks, bidirectional marks, lone surrogates, NUL, CRLF and a one-megabyte
line; and the whole pipeline (parse, then extract) on the same inputs.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from articles.extraction import extract_claims
from articles.extraction.sentences import split_sentences
from articles.ingest import parse_article
from tests.extraction.test_robustness import assert_offsets
from tests.fuzz import fuzz, odd_text, word_lines


@fuzz(300)
@given(text=odd_text, lang=st.sampled_from(["fr", "en", None]))
def test_any_unicode_gives_claims_with_valid_offsets(starter, text, lang):
    claims = extract_claims(text, starter, language=lang, include_unattributed=True)
    assert_offsets(text, claims)
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


@fuzz(150)
@given(raw=word_lines, crlf=st.booleans())
def test_the_pipeline_never_raises_and_keeps_offsets(starter, raw, crlf):
    article = parse_article(raw.replace("\n", "\r\n") if crlf else raw)
    assert_offsets(article.text, extract_claims(article.text, starter, language=article.language))


def test_a_one_megabyte_line(starter):
    sentence = "Selon l'agence KCNA\u0301, Pyongyang a tiré un missile \u200f« vers la mer »\x00. "
    text = (sentence * (1_048_576 // len(sentence) + 1))[:1_048_576]
    claims = extract_claims(text, starter, language="fr")
    assert claims  # a sentence repeated gives one claim, still found
    assert_offsets(text, claims)
