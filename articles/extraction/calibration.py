"""Calibrated confidence: what share of claims like this one were right on the dev sets.

A claim's features (cue kind, whether its speaker resolved, a pronoun speaker, a direct
quote, a chain) select a cell of `TABLE`, measured with `python -m
articles.extraction.evaluate --calibrate GOLD...` on the development sets: the share of
predicted attributions in that cell that matched a gold attribution. So a confidence of
0.9 means "nine in ten such claims were right", and a reviewer can check the low ones
first. Cells seen fewer than MIN_SUPPORT times fall back to the cue kind, then to all.
"""

from __future__ import annotations

MIN_SUPPORT = 8

# (cue kind, speaker resolved, pronoun speaker, direct quote, chain) -> (precision, support)
# Measured on tests/fixtures/gold/*.jsonl and the external development set (see the
# extraction README); regenerate after rule changes with `--calibrate`.
TABLE: dict[tuple, tuple[float, int]] = {
    ("colon", False, False, True, False): (1.0, 1),
    ("colon", True, False, True, False): (1.0, 2),
    ("continuation", False, True, True, False): (1.0, 1),
    ("continuation", True, False, True, False): (1.0, 2),
    ("preposition", False, False, False, False): (1.0, 18),
    ("preposition", False, False, False, True): (0.875, 8),
    ("preposition", False, True, False, False): (0.667, 3),
    ("preposition", True, False, False, False): (0.852, 27),
    ("verb", False, False, False, False): (0.87, 185),
    ("verb", False, False, False, True): (0.769, 26),
    ("verb", False, False, True, False): (0.957, 23),
    ("verb", False, False, True, True): (0.5, 4),
    ("verb", False, True, False, False): (0.944, 18),
    ("verb", False, True, False, True): (0.75, 4),
    ("verb", False, True, True, False): (1.0, 14),
    ("verb", True, False, False, False): (0.916, 191),
    ("verb", True, False, False, True): (0.929, 28),
    ("verb", True, False, True, False): (1.0, 12),
    ("verb", True, False, True, True): (1.0, 6),
    ("verb", True, True, False, False): (0.857, 7),
    ("verb", True, True, False, True): (1.0, 6),
    ("verb", True, True, True, False): (1.0, 1),
}
BY_KIND: dict[str, tuple[float, int]] = {
    "colon": (1.0, 3),
    "continuation": (1.0, 3),
    "preposition": (0.893, 56),
    "verb": (0.897, 525),
}
OVERALL = 0.898

_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "lui", "eux", "he", "she", "they", "it"})


def claim_features(cue_kind: str, mentions: list, direct: bool) -> tuple:
    """The cell of a claim: its cue kind, whether its original speaker resolved, whether
    the speaker is a pronoun, a direct quote, a chain of several sources."""
    first = [m for m in mentions if m.position == 0] or mentions[:1]
    resolved = bool(first) and all(m.source for m in first)
    pronoun = any(m.mention.strip().casefold() in _PRONOUNS for m in first)
    chain = any(m.position > 0 for m in mentions)
    return (cue_kind, resolved, pronoun, direct, chain)


def confidence(features: tuple) -> float:
    """The measured precision of the features' cell (or of a coarser one)."""
    cell = TABLE.get(features)
    if cell and cell[1] >= MIN_SUPPORT:
        return cell[0]
    kind = BY_KIND.get(features[0])
    if kind and kind[1] >= MIN_SUPPORT:
        return kind[0]
    return OVERALL
