"""Re-anchor a W3C TextQuoteSelector (exact quote + prefix/suffix) in a changed text.

When an article is re-cleaned, curated and manual claims must follow their
words: find the quote again, nearest the old offset, using prefix and suffix to
choose between repeats, and fall back to a fuzzy match when the quote itself
was slightly edited.
"""

from __future__ import annotations

from difflib import SequenceMatcher

CONTEXT_CHARS = 32  # prefix and suffix kept with each claim
MAX_CANDIDATES = 2000
EDGE = 24  # characters of the quote's ends used to find an edited quote
FUZZY_MIN_RATIO = 0.8


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _score(text: str, start: int, end: int, prefix: str, suffix: str,
           hint_start: int | None) -> tuple[int, int]:
    context = _common_suffix(text[max(0, start - len(prefix)) : start], prefix)
    context += _common_prefix(text[end : end + len(suffix)], suffix)
    distance = abs(start - hint_start) if hint_start is not None else 0
    return (context, -distance)


def _occurrences(text: str, needle: str) -> list[int]:
    out: list[int] = []
    k = text.find(needle)
    while k >= 0 and len(out) < MAX_CANDIDATES:
        out.append(k)
        k = text.find(needle, k + 1)
    return out


def reanchor(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint_start: int | None = None
) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text`, or None when it cannot be found.

    Exact matches are ranked by how much of prefix/suffix surrounds them, then by
    closeness to `hint_start`. Without an exact match, the quote's first and last
    characters, or the prefix/suffix pair, locate an edited quote; a window is
    accepted if it is at least FUZZY_MIN_RATIO similar to the quote.
    """
    if not quote:
        return None
    occ = _occurrences(text, quote)
    if occ:
        best = max(occ, key=lambda k: _score(text, k, k + len(quote), prefix, suffix, hint_start))
        return best, best + len(quote)
    candidates: list[tuple[int, int]] = []
    n = len(quote)
    head, tail = quote[: min(EDGE, n)], quote[-min(EDGE, n) :]
    for a in _occurrences(text, head)[:200]:
        b = text.find(tail, a + len(head) // 2, a + 2 * n + len(tail))
        if b >= 0:
            candidates.append((a, b + len(tail)))
    if prefix and suffix:
        for p in _occurrences(text, prefix)[:200]:
            a = p + len(prefix)
            b = text.find(suffix, a, a + 2 * n + 1)
            if b >= 0:
                candidates.append((a, b))
    if hint_start is not None and not candidates:
        lo = max(0, hint_start - n)
        hi = min(len(text), hint_start + 2 * n)
        window = text[lo:hi]
        matcher = SequenceMatcher(None, window, quote, autojunk=False)
        blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
        if blocks:
            a = lo + blocks[0].a
            b = lo + blocks[-1].a + blocks[-1].size
            candidates.append((a, b))
    good = []
    for a, b in candidates:
        if b <= a or not (0.5 * n <= b - a <= 1.5 * n + 2):
            continue
        ratio = SequenceMatcher(None, text[a:b], quote, autojunk=False).ratio()
        if ratio >= FUZZY_MIN_RATIO:
            good.append((ratio, _score(text, a, b, prefix, suffix, hint_start), a, b))
    if not good:
        return None
    _, _, a, b = max(good)
    return a, b


def quote_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> dict:
    """The W3C TextQuoteSelector for `text[start:end]`: exact, prefix and suffix."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - context) : start],
        "suffix": text[end : end + context],
    }
