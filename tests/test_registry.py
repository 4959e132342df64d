"""The starter registry covers the desk's beat, and its aliases resolve in French and English."""

import pytest

from articles.models import Source
from articles.services.registry import find_source, load_starter_sources

pytestmark = pytest.mark.django_db

REQUIRED = [
    "KCNA",
    "Rodong Sinmun",
    "KNS",
    "North Korean government",
    "Kim Jong-un",
    "NIS",
    "JCS",
    "South Korean intelligence",
    "Western intelligence",
    "South Korean government",
    "Yonhap",
    "Kremlin",
    "Dmitry Peskov",
    "Vladimir Putin",
    "Russian Ministry of Defence",
    "TASS",
    "RIA Novosti",
    "Ukrainian government",
    "Volodymyr Zelensky",
    "HUR",
    "Pentagon",
    "AFP",
    "Reuters",
    "AP",
    "France Télévisions",
]


def test_starter_registry_has_the_beat(registry):
    names = set(Source.objects.values_list("name", flat=True))
    assert not set(REQUIRED) - names
    for source in Source.objects.filter(name__in=REQUIRED):
        assert source.kind != Source.Kind.OTHER, source
        assert source.reliability in "ABCDEF"
        assert source.aliases.exists()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("l'agence d'Etat KCNA", "KCNA"),
        ("L’agence d’État KCNA", "KCNA"),
        ("Korean Central News Agency", "KCNA"),
        ("agence officielle nord-coréenne", "KCNA"),
        ("Pyongyang", "North Korean government"),
        ("Séoul", "South Korean government"),
        ("Seoul", "South Korean government"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Kiev", "Ukrainian government"),
        ("Kyiv", "Ukrainian government"),
        ("Moscou", "Kremlin"),
        ("franceinfo", "France Télévisions"),
        ("les services de renseignement occidentaux", "Western intelligence"),
    ],
)
def test_aliases_resolve(registry, written, expected):
    source = find_source(written)
    assert source is not None, written
    assert source.name == expected


def test_unknown_name_resolves_to_nothing(registry):
    assert find_source("un diplomate en poste à Pékin") is None
    assert find_source("") is None


def test_loading_twice_adds_nothing_and_keeps_an_admins_grade(registry):
    kcna = Source.objects.get(name="KCNA")
    kcna.reliability = "D"
    kcna.save()
    count = Source.objects.count()
    summary = load_starter_sources()
    assert summary.created == 0 and summary.aliases_added == 0
    assert Source.objects.count() == count
    kcna.refresh_from_db()
    assert kcna.reliability == "D"


def test_starter_data_uses_only_known_kinds_and_grades():
    from articles.registry_data import STARTER_SOURCES

    for entry in STARTER_SOURCES:
        assert entry["kind"] in Source.Kind.values, entry["name"]
        assert entry["reliability"] in "ABCDEF", entry["name"]
