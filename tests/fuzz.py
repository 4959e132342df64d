"""Settings and strategies shared by the fuzz tests (plain Python: no Django needed).

In CI every fuzz test runs a bounded number of examples with a fixed seed
(`derandomize`), so a run is quick and repeatable. For a longer search set
`NEWSDESK_FUZZ_EXAMPLES` (e.g. 5000): each fuzz test then tries that many
examples, from a fresh random seed on every run (Hypothesis prints the seed
of any failure, to replay it with `--hypothesis-seed`).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

LONG_RUN = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "0") or 0)


def fuzz(ci_examples: int) -> settings:
    """Hypothesis settings: `ci_examples` with a fixed seed, or the long run's count."""
    return settings(
        max_examples=LONG_RUN or ci_examples,
        derandomize=not LONG_RUN,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
        ],
    )


# Characters a paste really brings: combining marks, bidirectional marks and overrides,
# zero-width characters, NUL and other controls, lone surrogates, CR, NEL and line
# separators, non-breaking spaces, emoji, Hangul, Cyrillic, quotes and dashes.
ODD_CHARACTERS = [
    "\u0301", "\u0327", "\u0308", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f",
    "\ud800", "\udfff", "\udc80", "\r", "\r\n", "\n", "\u2028", "\u2029", "\x0b", "\x0c",
    "\u00a0", "\u202f", "\t", "😀", "👩\u200d💻", "북", "한", "Щ", "ё", "«", "»", "“", "”",
    "’", "—", "…", "<", ">", "&", "\\", "é", "ç", "\u0130", "ß", "ﬁ",
]  # fmt: skip
WORDS = [
    "selon", "l'agence", "KCNA", "a", "déclaré", "que", "Kim", "Jong-un", "said", "according",
    "to", "the", "NIS", "Séoul", "Pyongyang", "missile", "Partager", "Publié", "le",
    "27/12/2025", "14:01", "Par", "Temps", "de", "lecture", ":", "1min", "(AFP)", "Lire",
    "aussi", "<p>", "</div>", "<script>", "»", "«", ".", ",", "Kremlin", "Peskov",
]  # fmt: skip

odd_text = st.lists(
    st.one_of(
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(WORDS),
        st.text(st.characters(codec=None), max_size=20),
        st.just(" "),
    ),
    max_size=120,
).map("".join)
"""Any Unicode a paste may hold, lone surrogates included, mixed with the desk's words."""

word_lines = st.lists(
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD_CHARACTERS)), max_size=25).map(
        " ".join
    ),
    max_size=25,
).map("\n".join)
"""Pastes made of lines of desk words and odd characters (titles, bylines, sentences)."""
