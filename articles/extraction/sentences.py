"""Split cleaned text into sentences with exact character offsets.

Rules, each from real copy:
- a line break always ends a sentence (the cleaner puts one paragraph per line);
- `.`, `!`, `?`, `…` (and `...`) end a sentence when followed by a space and an
  upper-case letter, a digit or an opening quote;
- not after an abbreviation or title (`M. Poutine`, `Mme`, `Dr. Park`, `Gen. Paul
  LaCamera`, `U.S. officials`) or an initial (`J. Smith`);
- not inside a quotation: `« Nous renforcerons notre flotte sans relâche. Aucune
  force ne pourra nous en empêcher », a déclaré Kim Jong-un` is one sentence.
"""

from __future__ import annotations

import re

from articles.extraction.model import Span
from articles.extraction.quotes import quote_pairs

# A terminator run plus any closing quotes/brackets glued to it (French puts a
# thin or normal space before »). Every quantifier here is over a single
# character class, so the scan is linear.
# A straight quote counts as closing only when glued to the stop (`... cost."`);
# after a space it opens the next sentence (`Sinmun. "We must ...`).
_TERMINATOR = re.compile(r"(?:\.\.\.|[.!?…])+(?:[ \u00a0\u202f]?[»”’)\]]|\")*")
_NEXT_START = re.compile(r"[ \t\u00a0\u202f]+")
_OPENERS = frozenset('«“"([‹„ \u00a0\u202f')
_WORD_BEFORE = re.compile(r"([^\W\d_]|[.])+$")

ABBREVIATIONS = frozenset(
    {
        "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "gen", "gén",
        "lt", "col", "cpt", "capt", "sgt", "adm", "maj", "mr", "mrs", "ms", "prof", "sen",
        "rep", "gov", "jr", "sr", "no", "nos", "vol", "cf", "etc", "env", "av", "apr", "art",
        "ch", "p", "pp", "fig", "jan", "feb", "fév", "aug", "sept", "oct", "nov", "dec",
        "déc", "inc", "ltd", "co", "corp", "dept", "est", "vs", "min", "max", "hon", "rev",
        "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "j.-c", "ph.d",
    }
)


def _ends_with_abbreviation(text: str, dot: int, lo: int) -> bool:
    """True if the `.` at `dot` closes an abbreviation or an initial."""
    begin = max(lo, dot - 12)
    m = _WORD_BEFORE.search(text, begin, dot)
    if not m:
        return False
    word = m.group(0).strip(".").casefold()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # a single capital letter: an initial ("J. Smith", "Kim J. Un")
    if len(word) == 1 and text[dot - 1].isupper():
        return True
    # dotted acronyms "U.S." / "N.K." -- word contains inner dots
    return "." in word and all(len(part) <= 2 for part in word.split("."))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of `text[start:end]`, stripped of surrounding spaces, in order."""
    if end is None:
        end = len(text)
    spans: list[Span] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        _split_line(text, pos, line_end, spans)
        pos = line_end + 1
    return spans


def _split_line(text: str, lo: int, hi: int, out: list[Span]) -> None:
    pairs = quote_pairs(text, lo, hi)
    pair_index = 0
    seg_start = lo
    for m in _TERMINATOR.finditer(text, lo, hi):
        cut = m.end()
        nxt = _NEXT_START.match(text, cut, hi)
        if not nxt:
            continue
        first = m.start()
        if text[first] == "." and m.group(0) == "." and _ends_with_abbreviation(text, first, lo):
            continue
        # inside a quotation? (pairs are sorted; advance the cursor monotonically)
        while pair_index < len(pairs) and pairs[pair_index][1] < cut:
            pair_index += 1
        if _inside(cut, pairs, pair_index):
            continue
        if not _starts_sentence(text, nxt.end(), hi):
            continue
        _emit(text, seg_start, cut, out)
        seg_start = nxt.end()
    _emit(text, seg_start, hi, out)


def _starts_sentence(text: str, pos: int, hi: int) -> bool:
    """An upper-case letter or a digit, possibly after an opening quote or bracket.

    A lower-case word after `...` or `.` is a pause or an abbreviation, not a new sentence.
    """
    for k in range(pos, min(pos + 4, hi)):
        ch = text[k]
        if ch in _OPENERS:
            continue
        return ch.isupper() or ch.isdigit()
    return False


def _inside(pos: int, pairs: list[tuple[int, int]], index: int) -> bool:
    for k in range(index, min(index + 8, len(pairs))):
        a, b = pairs[k]
        if a < pos <= b:
            return True
        if a >= pos:
            break
    return False


def _emit(text: str, a: int, b: int, out: list[Span]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Span(a, b, text[a:b]))
