"""The extraction benchmark runs and reports its figures (no timing assert)."""

from __future__ import annotations

import io

from articles.benchmarks import extract as bench


def test_benchmark_reports_rate_and_pathological_inputs():
    out = io.StringIO()
    figures = bench.run(out, {"repeat": 1})
    assert figures["sentences"] > 500
    assert figures["sentences_per_second"] > 0
    assert set(figures["pathological_seconds"]) == {
        "1 MB single line", "10,000 commas", "unbalanced quotes", "mixed scripts"}
    assert "sentences/s" in out.getvalue()
