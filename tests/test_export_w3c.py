"""W3C Web Annotation export: the model's required fields, selectors that anchor, bodies."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from articles.exports import ExportContext, Selection, render_bytes
from tests.test_export_world import build_world

MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def collection(**selection) -> dict:
    ctx = ExportContext(Selection(**selection), exported_by="rita", base_url="http://desk.test/")
    return json.loads(render_bytes("w3c", ctx))


def test_collection_follows_the_w3c_model(world):
    data = collection()
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("http://desk.test/reports/download/?format=w3c")
    assert data["total"] == 3 and data["label"]
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and page["id"]
    assert len(page["items"]) == data["total"]
    for item in page["items"]:
        # Required by the model: id, type Annotation, target; bodies are typed with a purpose.
        assert item["id"].startswith("urn:newsdesk:claim:")
        assert item["type"] == "Annotation"
        assert item["motivation"] in MOTIVATIONS
        dt.datetime.fromisoformat(item["created"])
        dt.datetime.fromisoformat(item["modified"])
        assert item["creator"]["type"] in {"Person", "Software"}
        target = item["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"].startswith("urn:newsdesk:article:")
        kinds = {s["type"]: s for s in target["selector"]}
        assert set(kinds) == {"TextQuoteSelector", "TextPositionSelector"}
        for body in item.get("body", []):
            assert body["purpose"] in MOTIVATIONS
            assert body["type"] in {"TextualBody", "SpecificResource"}
            if body["type"] == "TextualBody":
                assert isinstance(body["value"], str) and body["format"]


def test_selectors_anchor_the_claim_in_the_article_text(world):
    items = {i["id"]: i for i in collection()["first"]["items"]}
    item = items[f"urn:newsdesk:claim:{world.formula_claim.pk}"]
    quote, position = item["target"]["selector"]
    text = world.fr.text
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    assert item["target"]["source"] == f"urn:newsdesk:article:{world.fr.pk}"
    assert item["target"]["scope"] == world.fr.url


def test_bodies_carry_notes_tags_grades_and_links(world):
    items = {i["id"]: i for i in collection()["first"]["items"]}
    chain = items[f"urn:newsdesk:claim:{world.chain_claim.pk}"]
    by_purpose: dict[str, list] = {}
    for body in chain["body"]:
        by_purpose.setdefault(body["purpose"], []).append(body)
    assert [b["value"] for b in by_purpose["tagging"]] == ["menace", "missiles"]
    assert {b["value"] for b in by_purpose["assessing"]} == {
        "Admiralty grade D2", "Status: Corroborated",
    }
    notes = by_purpose["commenting"]
    assert notes[0]["format"] == "text/markdown" and "**KCNA**" in notes[0]["value"]
    assert notes[0]["creator"] == {"type": "Person", "nickname": "rita"}
    assert by_purpose["linking"][0]["source"] == f"urn:newsdesk:claim:{world.formula_claim.pk}"
    assert "Attributed to Kim Jong-un via KCNA" in [b["value"] for b in by_purpose["describing"]]
    assert chain["creator"] == {"type": "Person", "nickname": "rita"}
    auto = items[f"urn:newsdesk:claim:{world.unresolved_claim.pk}"]
    assert auto["creator"]["type"] == "Software"


def test_rejected_claims_and_other_selections_stay_out(world):
    ids = [i["id"] for i in collection(article=world.en.pk)["first"]["items"]]
    assert ids == [f"urn:newsdesk:claim:{world.unresolved_claim.pk}"]
    everything = collection()["first"]["items"]
    assert f"urn:newsdesk:claim:{world.rejected_claim.pk}" not in [i["id"] for i in everything]
