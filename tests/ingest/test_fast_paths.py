"""The paste cleaner's shortcuts give the answers of the rules they stand in front of.

Each shortcut is a cheap test that rules a line out before a slow regex
(`_NEWSLETTER`, `_AGENCY_TOKENS`, `_WITH_AGENCY`, the long alternatives of
`_CREDITS` and `_CAPTION_CUE`) or computes many lines' keys at once. A word added
to a pattern and forgotten in its shortcut's word list makes these tests fail.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from articles.ingest import furniture as f
from articles.ingest.outlets import find_outlet_folded
from articles.ingest.text import _fold_lines
from tests.fuzz import fuzz


def _alternatives(pattern: re.Pattern) -> list[str]:
    """The literal words inside a pattern's alternations (`\\w*` endings completed)."""
    text = pattern.pattern.replace("\\w*", "xyz").replace("\\s", " ").replace("\\b", " ")
    return [w.strip() for w in re.split(r"[|()?:^$\\\[\]{}.*+]+", text) if w.strip()]


_PATTERN_WORDS = sorted(
    {
        word
        for pattern in (f._NEWSLETTER, f._AGENCY_TOKENS, f._WITH_AGENCY, f._CREDITS,
                        f._CREDITS_CONTRIBUTED, f._CAPTION_CUE, f._CAPTION_CUE_KO,
                        f._CORRESPONDENT, f._RELATED_PREFIX, f._LABEL_PREFIX, f._IMAGE_CAPTION,
                        f._AUDIO_RE, f._IMAGE_SOURCE)
        for word in _alternatives(pattern)
    }
)  # fmt: skip
WORDS = st.sampled_from(
    [*_PATTERN_WORDS, "le", "the", "l'", "s'", "kremlin", "Séoul", "2025", "_", "-", "(", ")",
     ".", ",", "/", "사진", "=", "avec", "with", "et", "and", "contributed", "to this report"]
)  # fmt: skip
LINE = st.lists(st.one_of(WORDS, st.text(max_size=12)), min_size=1, max_size=8).map(" ".join)


@fuzz(ci_examples=600)
@given(line=LINE)
def test_newsletter_and_agency_shortcuts_answer_like_the_patterns(line):
    folded = f.fold(line)
    plain = f.plain_key(folded)
    key = " ".join(f._DIGITS.sub(" ", plain).split())
    assert f._newsletter(key, f._key_words(key)) == bool(f._NEWSLETTER.search(key))
    assert f._names_agency(folded, f._key_words(plain)) == bool(f._AGENCY_TOKENS.search(folded))
    assert bool(f._with_agency(folded)) == bool(f._WITH_AGENCY.match(folded))


_OPENING_RULES = (f._CORRESPONDENT, f._RELATED_PREFIX, f._LABEL_PREFIX, f._CREDITS,
                  f._IMAGE_CAPTION, f._CAPTION_CUE, f._AUDIO_RE, f._IMAGE_SOURCE)  # fmt: skip


@fuzz(ci_examples=600)
@given(line=LINE)
def test_a_line_the_openings_test_rules_out_matches_no_opening_rule(line):
    folded = f.fold(line)
    opens = f._OPENINGS.match(folded) is not None
    assert opens == any(rule.match(folded) for rule in _OPENING_RULES)


def test_every_newsletter_and_agency_word_passes_its_shortcut():
    for word in _alternatives(f._NEWSLETTER):
        key = f.plain_key(f.fold(word))
        assert f._newsletter(key, f._key_words(key)) == bool(f._NEWSLETTER.search(key)), word
    for word in _alternatives(f._AGENCY_TOKENS):
        folded = f.fold(f"Photo {word}")
        assert f._names_agency(folded, f._key_words(f.plain_key(folded))), word


@fuzz(ci_examples=300)
@given(lines=st.lists(st.one_of(LINE, st.text(max_size=40)), min_size=2, max_size=12))
def test_keys_of_a_whole_paste_are_the_keys_of_each_line(lines):
    lines = [" ".join(line.split()) for line in lines]
    batch = _fold_lines(lines)
    if any("\n" in line for line in lines):
        assert batch is None or len(batch[0]) == len(lines)
        return
    assert batch is not None
    folded, plain = batch
    assert folded == [f.fold(line) for line in lines]
    assert plain == [f.plain_key(f.fold(line)) for line in lines]


@fuzz(ci_examples=300)
@given(name=st.one_of(
    st.sampled_from(["le monde", " le monde", "le  monde", "le-monde", "bbc news", "afp",
                     "yonhap\u00a0news", "reuters\t", "kcna", "associated press"]),
    st.text(max_size=20),
))  # fmt: skip
def test_outlet_lookup_shortcut_answers_like_the_full_lookup(name):
    slow = None
    if name and len(name) <= 60:
        from articles.ingest.outlets import _by_name

        slow = _by_name().get(" ".join(name.replace("-", " ").split()))
    assert find_outlet_folded(name) == slow


def test_shortcut_lines_are_still_recognised():
    """Lines each shortcut must let through to its rule."""
    assert f.classify("Inscrivez-vous à notre newsletter").reason == f.R_NEWSLETTER
    photo = "Kim Jong-un inspecte une usine de drones à Pyongyang. Photo : KCNA via AFP"
    assert f.classify(photo).data == {"text": photo[:53], "credit": "KCNA via AFP"}
    assert f.classify("Par la rédaction avec AFP").kind == f.BYLINE
    assert f.classify("Le Figaro avec AFP").kind == f.PUBLISHER
    assert f.classify("Jane Doe contributed to this report.").reason == f.R_CREDITS
    assert f.classify("미사일 발사 장면 (사진=연합뉴스)").kind == f.CAPTION
