"""Offsets always index the text, and no input makes the extractor slow or crash.

Sizes are bounded and there is no timing assert: a pattern that backtracked
catastrophically would make these tests hang, not fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import extract_claims
from articles.extraction.sentences import split_sentences
from tests.extraction.conftest import seed_clean_text

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "attributions.jsonl"


def assert_offsets(text, claims):
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert text[c.cue.start : c.cue.end] == c.cue.text
        if c.content:
            assert text[c.content.start : c.content.end] == c.content.text
            assert c.content.start < c.content.end
        for m in c.sources:
            assert text[m.start : m.end] == m.mention
            assert m.position >= 0


WORDS = st.sampled_from(
    [
        "selon", "Kim", "Jong-un", "a", "déclaré", "que", "said", "according", "to", "KCNA",
        "«", "»", '"', "“", "”", ",", ".", ":", "M.", "U.S.", "...", "…", "Séoul", "the",
        "Kremlin", "a-t-il", "ajouté", "citing", "NIS", "publié", "par", "\n", "(", ")", "l'",
        "agence", "d'après", "il", "he", "added", "Pyongyang", "et", "and", "occidentales",
        "Дмитрий", "Песков", "김정은", "2025", "1,5", "denied", "n'a", "pas", "confirmé",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=80), st.sampled_from(["fr", "en", None]))
def test_offsets_on_random_word_soup(starter, words, lang):
    text = " ".join(words)
    assert_offsets(text, extract_claims(text, starter, language=lang))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_offsets_on_random_unicode(starter, text):
    assert_offsets(text, extract_claims(text, starter))
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text


def test_offsets_on_real_inputs(starter):
    texts = [seed_clean_text()]
    texts += [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    ingest = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
    from articles.ingest import parse_article

    for path in sorted(ingest.glob("*.txt")) + sorted(ingest.glob("*.html")):
        texts.append(parse_article(path.read_text(encoding="utf-8", errors="replace")).text)
    texts.append("\n\n".join(texts))
    for text in texts:
        assert_offsets(text, extract_claims(text, starter))


def test_one_megabyte_single_line(starter):
    sentence = (
        "Pyongyang a envoyé des milliers de soldats, selon les agences de renseignement "
        "sud-coréennes et occidentales, a déclaré M. Kim, citant KCNA "
    )
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    claims = extract_claims(text, starter, language="fr")
    assert_offsets(text, claims)


def test_sentence_of_ten_thousand_commas(starter):
    text = "Selon Séoul, " + ", ".join(["a déclaré Kim"] * 10_000) + "."
    assert_offsets(text, extract_claims(text, starter, language="fr"))
    text = "Kim said " + "," * 10_000 + " that it was true."
    assert_offsets(text, extract_claims(text, starter, language="en"))


def test_unbalanced_quotes(starter):
    for text in (
        "« Nous vaincrons, a déclaré Kim Jong-un. " * 200,
        'He said "we will win. ' * 300,
        "»»»» ««« “ ” ” “ \" \" \" a déclaré Kim." * 100,
    ):
        assert_offsets(text, extract_claims(text, starter))


def test_mixed_scripts(starter):
    text = (
        "김정은 위원장은 말했다. Дмитрий Песков заявил, что это ложь. "
        "Kim Jong-un a déclaré que « 조선 » était prêt, selon ТАСС. " * 300
    )
    claims = extract_claims(text, starter)
    assert_offsets(text, claims)
    assert any(m.source == "TASS" for c in claims for m in c.sources)


def test_empty_and_blank_inputs(starter):
    for text in ("", " ", "\n\n\n", ".", "«»", '""', "selon", "a déclaré", ":"):
        assert_offsets(text, extract_claims(text, starter))


RUN_ONS = [
    '"x", a déclaré Kim, ',
    "« x », selon Séoul, ",
    'Kim said "a" ',
    "selon ",
    "a-t-il ",
    "Kim said that ",
    "Kim a déclaré lors de ",
    "Selon Kim, ",
    "(",
    ")",
    "« ",
    "Kim: ",
    "M. ",
    "... ",
    "x, a-t-il affirmé, ",
    "a mis en garde ",
    "a fait savoir que ",
    "Pour Kim Jong, ",
    "selon X, spécialiste de ",
    "x, sous couvert d'anonymat, ",
    "said, adding that ",
    "a fermement ",
]


@pytest.mark.parametrize("unit", RUN_ONS)
def test_run_on_lines_of_one_pattern(starter, unit):
    text = unit * (100_000 // len(unit))
    assert_offsets(text, extract_claims(text, starter))
