"""Calibrated confidence and the reliability table."""

from __future__ import annotations

from articles.extraction import calibration
from articles.extraction.evaluate import evaluate, format_table, load_gold
from tests.extraction.test_gold_set import GOLD_DIR


def test_confidence_is_the_measured_precision_of_the_claims_cell():
    cell = next(k for k, v in calibration.TABLE.items() if v[1] >= calibration.MIN_SUPPORT)
    assert calibration.confidence(cell) == calibration.TABLE[cell][0]


def test_a_rare_cell_falls_back_to_its_cue_kind_then_to_all():
    rare = ("verb", True, True, True, True, "never seen")
    assert calibration.confidence(rare) == calibration.BY_KIND["verb"][0]
    assert calibration.confidence(("no such kind",)) == calibration.OVERALL


def test_claims_at_0_9_or_more_are_right_nine_times_in_ten_on_the_dev_sets(starter):
    items = [i for p in sorted(GOLD_DIR.glob("*.jsonl")) for i in load_gold(p)]
    scores = evaluate(items, starter)["all"]
    high = [ok for _, c, ok in scores.calibration if c >= 0.9]
    assert len(high) >= 100
    assert sum(high) / len(high) >= 0.9


def test_the_report_prints_a_reliability_table(starter):
    table = format_table(evaluate(load_gold(GOLD_DIR / "heldout.jsonl"), starter))
    assert "Reliability of confidence" in table and "0.9-1.0" in table
