"""Calibrated confidence: what share of claims like this one were right on the dev sets.

A claim's features (cue kind, whether its speaker resolved, a pronoun speaker, a direct
quote, a chain) select a cell of `TABLE`, measured with `python -m
articles.extraction.evaluate --calibrate GOLD...` on the development sets: the share of
predicted attributions in that cell that matched a gold attribution, the sets the rules
were fitted on counting a quarter, shrunk towards the cue kind's share. So a confidence of
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
    ("colon", False, False, False, False, ""): (0.946, 1),
    ("colon", True, False, False, False, ""): (0.946, 1),
    ("colon", True, False, True, False, ""): (0.944, 3),
    ("continuation", False, True, True, False, ""): (0.533, 2),
    ("continuation", True, False, True, False, ""): (0.554, 3),
    ("preposition", False, False, False, False, "after"): (0.937, 8),
    ("preposition", False, False, False, False, "before"): (0.932, 6),
    ("preposition", False, False, False, False, "that"): (0.9, 1),
    ("preposition", False, False, False, True, "after"): (0.915, 4),
    ("preposition", False, False, False, True, "before"): (0.935, 4),
    ("preposition", False, True, False, False, "after"): (0.906, 2),
    ("preposition", False, True, False, False, "around"): (0.715, 1),
    ("preposition", True, False, False, False, "after"): (0.937, 15),
    ("preposition", True, False, False, False, "before"): (0.844, 15),
    ("verb", False, False, False, False, "after"): (0.753, 33),
    ("verb", False, False, False, False, "before"): (0.875, 44),
    ("verb", False, False, False, False, "that"): (0.943, 36),
    ("verb", False, False, False, True, "after"): (0.729, 8),
    ("verb", False, False, False, True, "before"): (0.863, 14),
    ("verb", False, False, False, True, "that"): (0.938, 6),
    ("verb", False, False, True, False, "after"): (0.897, 1),
    ("verb", False, False, True, False, "before"): (0.88, 14),
    ("verb", False, False, True, True, "before"): (0.956, 6),
    ("verb", False, True, False, False, "after"): (0.821, 4),
    ("verb", False, True, False, False, "around"): (0.897, 1),
    ("verb", False, True, False, False, "before"): (0.908, 3),
    ("verb", False, True, False, False, "that"): (0.897, 1),
    ("verb", False, True, False, True, "after"): (0.903, 2),
    ("verb", False, True, True, False, "before"): (0.935, 8),
    ("verb", False, True, True, True, "before"): (0.761, 2),
    ("verb", True, False, False, False, "after"): (0.859, 124),
    ("verb", True, False, False, False, "before"): (0.949, 45),
    ("verb", True, False, False, False, "that"): (0.914, 84),
    ("verb", True, False, False, True, "after"): (0.82, 15),
    ("verb", True, False, False, True, "before"): (0.958, 11),
    ("verb", True, False, False, True, "that"): (0.824, 16),
    ("verb", True, False, True, False, "after"): (0.897, 1),
    ("verb", True, False, True, False, "before"): (0.976, 21),
    ("verb", True, False, True, False, "that"): (0.913, 1),
    ("verb", True, False, True, True, "before"): (0.942, 8),
    ("verb", True, True, False, False, "after"): (0.826, 5),
    ("verb", True, True, False, False, "around"): (0.913, 1),
    ("verb", True, True, False, False, "before"): (0.954, 7),
    ("verb", True, True, False, False, "that"): (0.93, 3),
    ("verb", True, True, False, True, "after"): (0.913, 1),
    ("verb", True, True, False, True, "before"): (0.921, 6),
    ("verb", True, True, True, False, "before"): (0.957, 7),
    ("verb", True, True, True, True, "before"): (0.946, 4),
}
BY_KIND: dict[str, tuple[float, int]] = {
    "colon": (0.933, 5),
    "continuation": (0.637, 5),
    "preposition": (0.894, 56),
    "verb": (0.891, 543),
}
OVERALL = 0.887

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
