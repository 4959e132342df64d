"""The gold set is well formed, and the extractor meets its targets on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.extraction.evaluate import evaluate, gold_spans, load_gold, overlaps
from articles.registry_data import STARTER_SOURCES

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
GOLD = GOLD_DIR / "attributions.jsonl"
HELDOUT = GOLD_DIR / "heldout.jsonl"
NAMES = {s["name"] for s in STARTER_SOURCES}


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.jsonl")), ids=lambda p: p.stem)
def test_every_gold_value_is_a_substring(path):
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert item["id"] not in ids
        ids.add(item["id"])
        assert item["lang"] in ("fr", "en")
        for att in item["attributions"]:
            for key in ("source", "cue", "content"):
                assert att[key] and att[key] in item["text"], (item["id"], key, att[key])
            assert att["canonical_source"] is None or att["canonical_source"] in NAMES
            assert isinstance(att["direct_quote"], bool)
        gold_spans(item)  # every value can be located


def test_gold_set_size_and_mix():
    items = load_gold(GOLD)
    langs = [i["lang"] for i in items]
    assert len(items) >= 150
    assert langs.count("fr") >= 80 and langs.count("en") >= 80
    kinds = [a for i in items for a in i["attributions"]]
    assert sum(1 for i in items if not i["attributions"]) >= 20  # no attribution
    assert sum(1 for a in kinds if a["canonical_source"] is None) >= 20  # unresolved speakers
    assert sum(1 for a in kinds if a["direct_quote"]) >= 10
    assert sum(1 for a in kinds if a.get("position")) >= 10  # chains


def test_overlap_rule():
    assert overlaps((0, 10), (0, 10))
    assert overlaps((0, 10), (0, 5))
    assert not overlaps((0, 10), (0, 4))
    assert not overlaps((0, 3), (3, 6))


def test_targets_on_the_gold_set(starter):
    results = evaluate(load_gold(GOLD), starter)
    for lang in ("fr", "en"):
        assert results[lang].attribution.f1 >= 0.90, lang
        assert results[lang].resolution >= 0.95, lang


def test_heldout_set_floor(starter):
    """Sentences written after the rules: a floor against regressions, not a target."""
    results = evaluate(load_gold(HELDOUT), starter)
    assert results["all"].attribution.f1 >= 0.75
    assert results["all"].resolution >= 0.9
