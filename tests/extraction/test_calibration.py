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


def test_a_fitted_set_counts_less_and_small_cells_shrink_to_their_kind():
    from articles.extraction.evaluate import Scores, calibration_cells

    scores = Scores()
    big = ("verb", True, False, False, False, "that")
    small = ("verb", False, False, False, False, "after")
    # fitted set: 40 right of 40; outside set: 14 right of 20; a small cell: 1 of 1
    scores.calibration = [(big, 0.5, True)] * 40 + [(big, 0.5, True)] * 14
    scores.calibration += [(big, 0.5, False)] * 6 + [(small, 0.5, True)]
    weights = [0.5] * 40 + [1.0] * 21
    table, kinds, overall = calibration_cells(scores, weights)
    plain = sum(ok for *_, ok in scores.calibration[:60]) / 60
    assert table[big][0] < plain  # the fitted set's perfect score counts half
    assert table[big][1] == 60  # support is the raw count
    assert table[small][0] < 1.0  # one right claim is not certainty
    assert 0 < overall < 1 and kinds["verb"][1] == 61
