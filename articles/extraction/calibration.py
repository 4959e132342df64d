"""Calibrated confidence: what share of claims like this one were right on the dev sets.

A claim's features (cue kind, whether its speaker resolved, a pronoun speaker, a direct
quote, a chain) select a cell of `TABLE`, measured with `python -m
articles.extraction.evaluate --calibrate GOLD...` on the development sets: the share of
predicted attributions in that cell that matched a gold attribution, the sets the rules
were fitted on counting half, shrunk towards the cue kind's share. So a confidence of
0.9 means "nine in ten such claims were right", and a reviewer can check the low ones
first. Cells seen fewer than MIN_SUPPORT times fall back to the cue kind, then to all.
"""

from __future__ import annotations

MIN_SUPPORT = 8

# (cue kind, speaker resolved, pronoun speaker, direct quote, chain, content shape) ->
# (confidence, support). Measured on tests/fixtures/gold/*.jsonl (weighted
# evaluate.FIT_WEIGHT: the rules were fitted on them) and the external development set
# (weight 1), each cell shrunk towards its cue kind (see the extraction README);
# regenerate after rule changes with `--calibrate`.
TABLE: dict[tuple, tuple[float, int]] = {
    ("colon", False, False, False, False, ""): (0.956, 1),
    ("colon", True, False, False, False, ""): (0.956, 1),
    ("colon", True, False, True, False, ""): (0.96, 3),
    ("continuation", False, True, True, False, ""): (0.932, 1),
    ("continuation", True, False, True, False, ""): (0.939, 2),
    ("preposition", False, False, False, False, "after"): (0.946, 8),
    ("preposition", False, False, False, False, "before"): (0.939, 6),
    ("preposition", False, False, False, False, "that"): (0.898, 1),
    ("preposition", False, False, False, True, "after"): (0.923, 4),
    ("preposition", False, False, False, True, "before"): (0.934, 4),
    ("preposition", False, True, False, False, "after"): (0.908, 2),
    ("preposition", False, True, False, False, "around"): (0.708, 1),
    ("preposition", True, False, False, False, "after"): (0.923, 14),
    ("preposition", True, False, False, False, "before"): (0.796, 16),
    ("verb", False, False, False, False, "after"): (0.799, 33),
    ("verb", False, False, False, False, "before"): (0.805, 53),
    ("verb", False, False, False, False, "that"): (0.953, 36),
    ("verb", False, False, False, True, "after"): (0.948, 6),
    ("verb", False, False, False, True, "before"): (0.871, 12),
    ("verb", False, False, False, True, "that"): (0.948, 6),
    ("verb", False, False, True, False, "after"): (0.908, 1),
    ("verb", False, False, True, False, "before"): (0.906, 15),
    ("verb", False, False, True, True, "before"): (0.948, 4),
    ("verb", False, True, False, False, "after"): (0.931, 2),
    ("verb", False, True, False, False, "around"): (0.924, 2),
    ("verb", False, True, False, False, "before"): (0.924, 3),
    ("verb", False, True, False, False, "that"): (0.908, 1),
    ("verb", False, True, False, True, "after"): (0.917, 2),
    ("verb", False, True, False, True, "before"): (0.764, 2),
    ("verb", False, True, True, False, "before"): (0.951, 8),
    ("verb", True, False, False, False, "after"): (0.867, 120),
    ("verb", True, False, False, False, "before"): (0.963, 49),
    ("verb", True, False, False, False, "that"): (0.898, 82),
    ("verb", True, False, False, True, "after"): (0.758, 10),
    ("verb", True, False, False, True, "before"): (0.965, 12),
    ("verb", True, False, False, True, "that"): (0.948, 8),
    ("verb", True, False, True, False, "after"): (0.908, 1),
    ("verb", True, False, True, False, "before"): (0.976, 18),
    ("verb", True, False, True, False, "that"): (0.917, 1),
    ("verb", True, False, True, True, "before"): (0.941, 6),
    ("verb", True, True, False, False, "after"): (0.77, 7),
    ("verb", True, True, False, False, "before"): (0.958, 7),
    ("verb", True, True, False, False, "that"): (0.936, 3),
    ("verb", True, True, False, True, "before"): (0.941, 6),
    ("verb", True, True, True, False, "before"): (0.964, 8),
}
BY_KIND: dict[str, tuple[float, int]] = {
    "colon": (0.945, 5),
    "continuation": (0.924, 3),
    "preposition": (0.885, 56),
    "verb": (0.896, 524),
}
OVERALL = 0.896

_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "lui", "eux", "he", "she", "they", "it"})


def claim_shape(text: str, cue: tuple[int, int], content: tuple[int, int] | None) -> str:
    """Where the content lies against the cue: "that" (after `que` / `that`), "after"
    (right after the verb: an infinitive, an object, a quotation), "before" (`..., said X`),
    "around" (an incise)."""
    if content is None:
        return "around"
    if content[0] >= cue[1]:
        gap = text[cue[1] : content[0]].strip(" ,:«»“”\"'’").casefold()
        return "that" if gap.endswith(("que", "qu", "that")) else "after"
    if content[1] <= cue[0]:
        return "before"
    return "around"


def claim_features(cue_kind: str, mentions: list, direct: bool, shape: str = "") -> tuple:
    """The cell of a claim: its cue kind, whether its original speaker resolved, whether
    the speaker is a pronoun, a direct quote, a chain of several sources, the content's
    place against the cue (`claim_shape`)."""
    first = [m for m in mentions if m.position == 0] or mentions[:1]
    resolved = bool(first) and all(m.source for m in first)
    pronoun = any(m.mention.strip().casefold() in _PRONOUNS for m in first)
    chain = any(m.position > 0 for m in mentions)
    if cue_kind not in ("verb", "preposition"):
        shape = ""  # headlines, colons, continuations have one shape each
    return (cue_kind, resolved, pronoun, direct, chain, shape)


def confidence(features: tuple) -> float:
    """The measured precision of the features' cell (or of a coarser one)."""
    cell = TABLE.get(features)
    if cell and cell[1] >= MIN_SUPPORT:
        return cell[0]
    kind = BY_KIND.get(features[0])
    if kind and kind[1] >= MIN_SUPPORT:
        return kind[0]
    return OVERALL
