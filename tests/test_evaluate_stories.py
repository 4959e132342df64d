"""`manage.py evaluate_stories`: precision and recall on the labelled pairs, cross-language apart."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.extraction.matching_eval import evaluate
from articles.management.commands.evaluate_stories import DEFAULT_PAIRS


def test_the_labelled_set_holds_hard_negatives_and_both_languages():
    data = json.loads(DEFAULT_PAIRS.read_text(encoding="utf-8"))
    labels = [label for _a, _b, label in data["pairs"]]
    assert labels.count("different") >= 25 and labels.count("same") >= 40
    langs = {data["claims"][a]["lang"] + data["claims"][b]["lang"] for a, b, _ in data["pairs"]}
    assert {"enen", "frfr"} <= langs and ("enfr" in langs or "fren" in langs)


def test_matching_meets_the_goal_on_the_labelled_pairs():
    scores = evaluate(DEFAULT_PAIRS)
    assert scores["all"].precision >= 0.90
    assert scores["all"].recall >= 0.80
    assert scores["cross_language"].precision >= 0.90
    assert scores["cross_language"].tp + scores["cross_language"].fn >= 20


def test_the_command_prints_cross_language_apart():
    out = StringIO()
    call_command("evaluate_stories", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:4] == ["pairs", "n", "precision", "recall"]
    assert [line.split()[0] for line in lines[1:]] == ["all", "same_language", "cross_language"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such pairs file"):
        call_command("evaluate_stories", str(tmp_path / "nope.json"))
