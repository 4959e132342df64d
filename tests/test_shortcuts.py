"""Status keys: one unique lower-case key per status, stable when an admin adds one."""

from __future__ import annotations

import pytest

from articles.shortcuts import RESERVED, status_keys

STARTER = [
    (1, "unreviewed", "Unreviewed"),
    (2, "corroborated", "Corroborated"),
    (3, "disputed", "Disputed"),
    (4, "refuted", "Refuted"),
    (5, "unverifiable", "Unverifiable"),
]


def test_starter_statuses_get_unique_keys_that_no_other_action_uses():
    keys = status_keys(STARTER)
    assert keys == {
        "unreviewed": "e",  # u is "next unreviewed", n is "note", r is Refuted's
        "corroborated": "c",
        "disputed": "d",
        "refuted": "r",
        "unverifiable": "v",
    }
    assert not set(keys.values()) & RESERVED


def test_custom_statuses_get_keys_and_the_starter_keys_stay():
    before = status_keys(STARTER)
    contested = status_keys([*STARTER, (6, "contested", "Contested")])
    assert contested["contested"] == "s"  # c is Corroborated's; o, n, t are actions; e taken
    after = status_keys([*STARTER, (6, "contested", "Contested"), (7, "satire", "Satire")])
    assert {slug: after[slug] for slug in before} == before
    assert after["satire"] == "s"  # a first letter beats another status's later letter
    assert after["contested"] == "a"
    assert len(set(after.values())) == len(after)


def test_an_older_status_keeps_its_first_letter_against_a_newer_one():
    keys = status_keys([*STARTER, (9, "confirmed", "Confirmed")])
    assert keys["corroborated"] == "c" and keys["confirmed"] == "f"


def test_names_without_a_free_letter_take_any_free_letter_then_none():
    statuses = [(i, f"s{i}", "Tutu") for i in range(1, 22)]  # t and u are reserved
    keys = status_keys(statuses)
    assert len(keys) == 19  # 26 letters less the 7 reserved ones
    assert len(set(keys.values())) == 19
    assert not set(keys.values()) & RESERVED


@pytest.mark.parametrize("name", ["", "123", "—"])
def test_a_name_without_letters_still_gets_a_free_key(name):
    assert status_keys([(1, "x", name)]) == {"x": "a"}
