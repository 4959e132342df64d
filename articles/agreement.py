"""Agreement between two graders (Cohen's kappa). Plain Python: no Django."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def cohens_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa of (first grader's label, second grader's label) pairs.

    1 is full agreement, 0 what chance alone gives, below 0 worse than chance. None when
    there is nothing to compare, or when chance already explains everything (both graders
    always gave the same single label: kappa is undefined there).
    """
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)
