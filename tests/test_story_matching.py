"""Story matching's plain-Python core: figures, places, evidence, and under-merging."""

from datetime import date

import pytest

from articles.extraction.matching import blocking_keys, compare, figures, read_claim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 600 North Korean soldiers", {"600"}),
        ("environ six cents soldats", {"600"}),
        ("six hundred troops", {"600"}),
        ("près de 10.000 soldats", {"10000"}),
        ("some 10,000 troops", {"10000"}),
        ("quelque 10 000 hommes", {"10000"}),
        ("1,5 million d'obus", {"1500000"}),
        ("1.5 million shells", {"1500000"}),
        ("deux mille cinq cents", {"2500"}),
        ("quatre-vingts missiles", {"80"}),
        ("en 2024, 12 % des tirs", {"12%"}),
    ],
)
def test_figures_are_normalised_across_spellings_and_languages(text, expected):
    assert figures(text) == expected


def test_a_year_is_not_a_figure():
    assert figures("In 2024 the NIS said so") == frozenset()


def fr(text, **kw):
    kw.setdefault("published", date(2024, 12, 19))
    return read_claim(kw.pop("id", 1), text, language="fr", **kw)


def en(text, **kw):
    kw.setdefault("published", date(2024, 12, 20))
    return read_claim(kw.pop("id", 2), text, language="en", **kw)


def test_the_same_claim_in_french_and_english_is_suggested_with_its_evidence():
    a = fr("Environ 600 soldats nord-coréens ont été tués à Koursk", origins={"s:nis"})
    b = en("About six hundred North Korean soldiers were killed in Kursk", origins={"s:nis"})
    match = compare(a, b)
    assert match.suggested
    assert match.evidence["figures"] == ["600"]
    assert match.evidence["places"] == ["Koursk", "nord-coréen"]
    assert match.evidence["events"] == ["killed"]
    assert match.evidence["origins"] == ["s:nis"]
    assert match.evidence["cross_language"] is True


def test_same_event_with_a_different_figure_is_never_suggested():
    a = en("About 600 North Korean soldiers were killed in Kursk", origins={"s:nis"})
    b = en("About 1,000 North Korean soldiers were killed in Kursk", id=3, origins={"s:nis"})
    match = compare(a, b)
    assert not match.suggested
    assert "different figures" in match.evidence["vetoes"]


def test_same_source_and_figure_for_a_different_event_is_never_suggested():
    a = en("The NIS said 600 North Korean soldiers were deployed to Kursk", origins={"s:nis"})
    b = en("The NIS said 600 North Korean soldiers were killed in Kursk", id=3, origins={"s:nis"})
    match = compare(a, b)
    assert not match.suggested
    assert "different events" in match.evidence["vetoes"]


def test_claims_published_far_apart_are_not_suggested():
    a = fr("Environ 600 soldats nord-coréens ont été tués à Koursk")
    b = en("About 600 North Korean soldiers were killed in Kursk", published=date(2025, 3, 1))
    assert not compare(a, b).suggested


def test_unrelated_claims_are_not_suggested():
    a = en("Pyongyang fired two ballistic missiles into the East Sea", origins={"s:jcs"})
    b = en("About 600 North Korean soldiers were killed in Kursk", id=3, origins={"s:nis"})
    assert not compare(a, b).suggested


def test_a_near_copy_in_one_language_shares_a_wording_key():
    a = en("North Korea has sent troops to help Russia fight in the Kursk region", id=1)
    b = en("North Korea has sent troops to help Russia fight in Kursk region", id=2)
    shared = blocking_keys(a) & blocking_keys(b)
    assert any(k.startswith("h:en:") for k in shared)
    assert compare(a, b).suggested


def test_keys_name_figures_and_origin_with_place():
    facts = en("About 600 North Korean soldiers were killed in Kursk", origins={"s:7"})
    keys = blocking_keys(facts)
    assert "n:600" in keys
    assert "op:s:7|Koursk" in keys
