"""Re-anchoring a quote selector in a changed text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.extraction.anchor import reanchor

TEXT = (
    "Pyongyang a envoyé des soldats, selon Séoul. Le Kremlin a démenti. "
    "Pyongyang a envoyé des soldats, selon Washington."
)


def test_unchanged_text():
    start = TEXT.index("Le Kremlin a démenti.")
    assert reanchor(TEXT, "Le Kremlin a démenti.", "", "", start) == (start, start + 21)


def test_text_shifted_by_an_insertion():
    quote = "Le Kremlin a démenti."
    new = "Mis à jour. " + TEXT
    start = new.index(quote)
    assert reanchor(new, quote, "selon Séoul. ", " Pyongyang", 45) == (start, start + len(quote))


def test_repeated_quote_disambiguated_by_prefix_and_suffix():
    quote = "Pyongyang a envoyé des soldats"
    second = TEXT.rindex(quote)
    assert reanchor(TEXT, quote, "a démenti. ", ", selon Washington", None) == (
        second, second + len(quote))
    first = TEXT.index(quote)
    assert reanchor(TEXT, quote, "", ", selon Séoul", None) == (first, first + len(quote))


def test_nearest_the_hint_without_context():
    quote = "Pyongyang a envoyé des soldats"
    second = TEXT.rindex(quote)
    assert reanchor(TEXT, quote, "", "", second + 3)[0] == second


def test_slightly_edited_quote_is_found_fuzzily():
    old_quote = "Le Kremlin a démenti toute présence de soldats nord-coréens."
    new_text = "Intro. Le Kremlin a démenti toute présence de soldats nord coréens. Fin."
    span = reanchor(new_text, old_quote, "Intro. ", " Fin.", 7)
    assert span is not None
    assert new_text[span[0] : span[1]].startswith("Le Kremlin a démenti")


def test_vanished_quote_is_none():
    assert reanchor("Un tout autre texte.", "Le Kremlin a démenti.", "", "", 3) is None
    assert reanchor("", "x", "", "", None) is None
    assert reanchor("abc", "", "", "", None) is None


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200), st.integers(0, 199), st.integers(1, 30),
       st.text(max_size=20))
def test_an_exact_quote_is_always_found(text, at, size, inserted):
    at = at % len(text)
    quote = text[at : at + size]
    new = inserted + text
    span = reanchor(new, quote, text[max(0, at - 8) : at], "", at + len(inserted))
    assert span is not None and new[span[0] : span[1]] == quote
