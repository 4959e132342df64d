"""Precision and recall of story matching on a labelled set of claim pairs (plain Python).

The set (`tests/fixtures/stories/pairs.json`) holds claims read from real news pages and
pairs labelled `same` or `different`; a pair counts as found when `compare` suggests it.
Cross-language pairs (French/English) are scored apart, since they cannot lean on wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from articles.extraction.matching import THRESHOLD, compare, read_claim


@dataclass
class Score:
    """Counts of one slice of the pairs and the precision/recall they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict:
        return {
            "pairs": self.tp + self.fp + self.fn + self.tn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
        }  # fmt: skip


def load_claims(data: dict) -> dict:
    """The labelled claims, read into matching's facts (ids are the claims' positions)."""
    facts = {}
    for number, (key, claim) in enumerate(sorted(data["claims"].items()), start=1):
        facts[key] = read_claim(
            number,
            claim["text"],
            language=claim["lang"],
            published=date.fromisoformat(claim["date"]) if claim.get("date") else None,
            article_id=number,
            origins=[f"s:{claim['origin']}"] if claim.get("origin") else [],
        )
    return facts


def evaluate(path: str | Path, *, threshold: float = THRESHOLD) -> dict[str, Score]:
    """Score every labelled pair: `all`, `same_language` and `cross_language`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    facts = load_claims(data)
    scores = {"all": Score(), "same_language": Score(), "cross_language": Score()}
    for a, b, label in data["pairs"]:
        match = compare(facts[a], facts[b], threshold=threshold)
        cross = facts[a].language != facts[b].language
        for name in ("all", "cross_language" if cross else "same_language"):
            score = scores[name]
            if label == "same" and match.suggested:
                score.tp += 1
            elif label == "same":
                score.fn += 1
                score.errors.append({"pair": [a, b], "label": label, "score": match.score,
                                     "evidence": match.evidence})  # fmt: skip
            elif match.suggested:
                score.fp += 1
                score.errors.append({"pair": [a, b], "label": label, "score": match.score,
                                     "evidence": match.evidence})  # fmt: skip
            else:
                score.tn += 1
    return scores
