"""Resolving mentions as written to registry sources."""

from __future__ import annotations

import pytest

from articles.extraction.resolve import Resolver


@pytest.fixture(scope="module")
def resolver(starter):
    return Resolver(starter)


@pytest.mark.parametrize(
    ("mention", "source"),
    [
        ("le dirigeant nord-coréen Kim Jong-un", "Kim Jong-un"),
        ("North Korean leader Kim Jong Un", "Kim Jong-un"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("KIM JONG-UN", "Kim Jong-un"),
        ("M. Poutine", "Vladimir Putin"),
        ("le président russe Vladimir Poutine", "Vladimir Putin"),
        ("l'agence d'Etat KCNA", "KCNA"),
        ("L’agence d’État KCNA", "KCNA"),
        ("la Korean Central News Agency", "KCNA"),
        ("Pyongyang", "North Korean government"),
        ("Séoul", "South Korean government"),
        ("Seoul", "South Korean government"),
        ("Moscou", "Kremlin"),
        ("Kiev", "Ukrainian government"),
        ("Kyiv", "Ukrainian government"),
        ("Washington", "US government"),
        ("le service national du renseignement (NIS)", "NIS"),
        ("South Korea's spy agency", "NIS"),
        ("Mme Kim Yo-jong", "Kim Yo-jong"),
        ("Kim Yo Jong, the powerful sister of the North Korean leader", "Kim Yo-jong"),
        ("Russian Defence Ministry spokesman Igor Konashenkov", "Russian Ministry of Defence"),
        ("une estimation du renseignement sud-coréen", "South Korean intelligence"),
        ("a diplomat in Seoul", None),
        ("un expert de l'université Kyungnam", None),
        ("l'ambassade de Russie à Séoul", None),
        ("un spécialiste de la Corée du Nord", None),
        ("two people familiar with the matter", None),
        ("", None),
    ],
)
def test_resolve(resolver, mention, source):
    assert resolver.resolve(mention) == source


def test_collective_mentions(resolver):
    text = "les agences de renseignement sud-coréennes et occidentales"
    parts = resolver.split_collective(text, 10)
    assert [(p, s) for p, _, _, s in parts] == [
        ("les agences de renseignement sud-coréennes", "South Korean intelligence"),
        ("occidentales", "Western intelligence"),
    ]
    for piece, a, b, _ in parts:
        assert (" " * 10 + text)[a:b] == piece
    assert [s for *_, s in resolver.split_collective("Séoul et Washington", 0)] == [
        "South Korean government", "US government"]
    # a coordination naming nothing in the registry stays one unresolved mention
    assert resolver.split_collective("U.S. and South Korean officials", 0) == [
        ("U.S. and South Korean officials", 0, 31, None)]


def test_normal_order_pronoun(extract):
    claims = extract(
        "Le Kremlin a démenti ces informations. Il a ajouté que les accusations étaient "
        "fausses.", "fr")
    assert [(m.mention, m.source) for m in claims[-1].sources] == [("Il", "Kremlin")]


@pytest.mark.parametrize(
    ("mention", "source"),
    [
        # a person named at the end of a title naming an institution is the person
        ("Director General of the International Atomic Energy Agency (IAEA) Rafael Grossi",
         "Rafael Grossi"),
        ("le porte-parole du ministère de la Santé du Hamas Ashraf al-Qidreh", "Ashraf al-Qidra"),
        ("White House national security spokesman John Kirby", "John Kirby"),
        # the institution alone stays the institution
        ("the International Atomic Energy Agency", "IAEA"),
        ("Russian Defence Ministry spokesman Igor Konashenkov", "Russian Ministry of Defence"),
    ],
)
def test_a_person_named_last_is_the_speaker(resolver, mention, source):
    assert resolver.resolve(mention) == source


def test_gold_names_count_as_the_registry_source_they_name(starter):
    from articles.extraction.evaluate import same_source

    assert same_source("JCS", "JCS (South Korea)", starter)
    assert same_source("Ukrainian government", "Ukraine (government)", starter)
    assert same_source("AP", "Associated Press", starter)
    assert not same_source("Kremlin", "Ukraine (government)", starter)
    assert not same_source(None, "KCNA", starter)
