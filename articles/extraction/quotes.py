"""Quotation marks: pair « », “ ” and straight quotes in one linear pass."""

from __future__ import annotations

OPENING = frozenset("«“„‹")
CLOSING = frozenset("»”‟›")
STRAIGHT = '"'
ALL_QUOTES = OPENING | CLOSING | {STRAIGHT}
# Curly pairs: which closing mark ends which opening mark.
_PAIR = {"«": "»", "“": "”", "„": "“", "‹": "›"}
# A quotation longer than this is treated as unbalanced: a stray mark must not
# swallow the rest of a long article.
MAX_QUOTE_LENGTH = 1500


def quote_pairs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Matched quotation pairs in `text[start:end]` as (open_index, close_index), sorted.

    Curly quotes nest with a stack; straight quotes alternate open/close within
    a paragraph. A mark with no partner within MAX_QUOTE_LENGTH is ignored.
    """
    if end is None:
        end = len(text)
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    straight_open = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in ALL_QUOTES and ch != "\n":
            continue
        if ch == "\n":
            stack.clear()
            straight_open = -1
            continue
        if ch == STRAIGHT:
            if straight_open >= 0 and i - straight_open <= MAX_QUOTE_LENGTH:
                pairs.append((straight_open, i))
                straight_open = -1
            else:
                straight_open = i
            continue
        if ch == "“" and stack and stack[-1][1] == "„":
            opener, _ = stack.pop()
            pairs.append((opener, i))
            continue
        if ch in OPENING:
            stack.append((i, ch))
            if len(stack) > 64:  # pathological input: keep the stack bounded
                del stack[0]
            continue
        # closing mark: pop to the nearest matching opener
        for depth in range(len(stack) - 1, -1, -1):
            opener, mark = stack[depth]
            if _PAIR.get(mark) == ch:
                if i - opener <= MAX_QUOTE_LENGTH:
                    pairs.append((opener, i))
                del stack[depth:]
                break
    pairs.sort()
    return pairs


def inside_pair(pos: int, pairs: list[tuple[int, int]]) -> bool:
    """True if `pos` lies strictly inside one of `pairs` (linear in the pairs, which are few)."""
    for a, b in pairs:
        if a < pos < b:
            return True
        if a > pos:
            break
    return False
