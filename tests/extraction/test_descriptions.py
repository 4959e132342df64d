"""Descriptive mentions resolved by role and country over the registry."""

from __future__ import annotations

import pytest

from articles.extraction.descriptions import role_and_country
from articles.extraction.model import Registry, SourceEntry
from articles.extraction.resolve import Resolver


@pytest.mark.parametrize(
    ("mention", "role", "country"),
    [
        ("South Korea's spy agency", "intelligence", "KR"),
        ("les services de renseignement de Séoul", "intelligence", "KR"),
        ("l'agence d'espionnage sud-coréenne", "intelligence", "KR"),
        ("the North's ruling party", "ruling_party", "KP"),
        ("le président ukrainien", "head_of_state", "UA"),
        ("le ministère russe de la Défense", "defence_ministry", "RU"),
        ("Japan's defence ministry", "defence_ministry", "JP"),
        ("a South Korean intelligence assessment", "intelligence", "KR"),
    ],
)
def test_role_and_country_are_read_from_the_words(mention, role, country):
    assert role_and_country(mention) == (role, country)


def test_a_person_described_by_an_institution_is_not_the_institution():
    assert role_and_country("a South Korean intelligence official") == (None, None)
    assert role_and_country("un responsable du renseignement sud-coréen") == (None, None)


@pytest.mark.parametrize(
    ("mention", "source"),
    [
        ("South Korea's spy agency", "NIS"),
        ("l'agence d'espionnage sud-coréenne", "NIS"),
        ("les services de renseignement de Séoul", "NIS"),
        ("le président ukrainien", "Volodymyr Zelensky"),
        ("the Russian president", "Vladimir Putin"),
        ("Ukraine's military intelligence", "HUR"),
    ],
)
def test_starter_registry_resolves_descriptions(starter, mention, source):
    assert Resolver(starter).resolve(mention) == source


def test_no_resolution_without_a_country_or_when_two_entries_share_the_role():
    registry = Registry.from_entries(
        [
            SourceEntry("TASS", role="state_news_agency", country="RU"),
            SourceEntry("RIA", role="state_news_agency", country="RU"),
            SourceEntry("NIS", role="intelligence", country="KR"),
        ]
    )
    resolver = Resolver(registry)
    assert resolver.resolve("the Russian state news agency") is None  # two candidates
    assert resolver.resolve("the spy agency") is None  # no country
    assert resolver.resolve("South Korea's spy agency") == "NIS"
