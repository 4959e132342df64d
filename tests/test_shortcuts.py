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
    assert len(keys) == 18  # 26 letters less the 8 reserved ones
    assert len(set(keys.values())) == 18
    assert not set(keys.values()) & RESERVED


@pytest.mark.parametrize("name", ["", "123", "—"])
def test_a_name_without_letters_still_gets_a_free_key(name):
    assert status_keys([(1, "x", name)]) == {"x": "a"}


@pytest.mark.parametrize(
    ("colour", "ink"),
    [
        ("#8a94a0", "#000"),
        ("#b07d00", "#000"),
        ("#2d7a46", "#fff"),
        ("#ffffff", "#000"),
        ("#000000", "#fff"),
        ("#777777", "#000"),
        ("#757575", "#fff"),
    ],
)
def test_status_text_colour_is_the_one_that_reads(colour, ink):
    from articles.views.claims import _luminance, readable_ink

    assert readable_ink(colour) == ink
    lum = _luminance(colour)
    ratio = 1.05 / (lum + 0.05) if ink == "#fff" else (lum + 0.05) / 0.05
    assert ratio >= 4.5  # WCAG AA for normal text


@pytest.mark.django_db
def test_status_stylesheet_gives_each_status_a_readable_text_colour(client, researcher):
    from articles.models import ClaimStatus

    ClaimStatus.ensure_starter()
    ClaimStatus.objects.create(slug="pale", name="Pale", colour="#f0e68c", order=50)
    client.force_login(researcher)
    css = client.get("/claims/statuses.css").content.decode()
    assert ".st-pale { --st: #f0e68c; }\n.st-pale { --st-ink: #000; }" in css
    assert ".st-refuted { --st-ink: #fff; }" in css
