"""STIX 2.1: the bundle is valid for the OASIS validator, maps sources, articles, claims,
notes and statuses, and gives the same ids on every export."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from stix2validator import ValidationOptions, validate_parsed_json

from articles.exports import ExportContext, Selection, render_bytes
from articles.exports.stix import confidence
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db
BASE = "https://desk.test"


@pytest.fixture
def world(researcher):
    return build_world(researcher)


def bundle(**selection) -> dict:
    ctx = ExportContext(Selection(**selection), exported_by="rita", base_url=BASE)
    return json.loads(render_bytes("stix", ctx))


def check(data: dict):
    """The OASIS validator's verdict: no errors (warnings are listed in the README)."""
    results = validate_parsed_json(data, ValidationOptions(version="2.1", strict=False))
    errors = [str(error) for error in results.errors or []]
    assert results.is_valid and not errors, errors
    return results


def by_type(data: dict, kind: str) -> list[dict]:
    return [obj for obj in data["objects"] if obj["type"] == kind]


def test_the_bundle_is_valid_stix_2_1(world):
    check(bundle())
    check(bundle(include_rejected=True))
    check(bundle(source=world.nis))


def test_sources_articles_claims_notes_and_statuses_are_mapped(world):
    data = bundle()
    identities = {obj["name"]: obj for obj in by_type(data, "identity")}
    assert set(identities) == {"Newsdesk", "KCNA", "Kim Jong-un", "NIS"}
    assert identities["Kim Jong-un"]["identity_class"] == "individual"
    assert identities["KCNA"]["identity_class"] == "organization"
    reports = {obj["name"]: obj for obj in by_type(data, "report")}
    fr = reports["Pyongyang menace, « encore »"]
    assert fr["external_references"] == [
        {"source_name": "franceinfo", "url": world.fr.url}]
    notes = {obj["id"]: obj for obj in by_type(data, "note")}
    chain = next(n for n in notes.values() if n["content"] == world.chain_claim.quote)
    assert chain["confidence"] == 70  # credibility 2, "probably true"
    assert "admiralty:D2" in chain["labels"] and "tag:missiles" in chain["labels"]
    assert chain["id"] in fr["object_refs"]
    assert identities["KCNA"]["id"] in chain["object_refs"]
    assert chain["external_references"][0]["url"].startswith(BASE + "/articles/")
    on_chain = [n for n in notes.values() if n.get("object_refs") == [chain["id"]]]
    assert len(on_chain) == 2  # the two notes a researcher wrote on it
    opinions = {tuple(o["object_refs"]): o["opinion"] for o in by_type(data, "opinion")}
    assert opinions[(chain["id"],)] == "agree"  # corroborated
    formula = next(n for n in notes.values() if n["content"].startswith("=SUM"))
    assert opinions[(formula["id"],)] == "disagree"  # disputed
    unresolved = next(n for n in notes.values() if n["content"].startswith("Moscow"))
    assert (unresolved["id"],) not in opinions  # unreviewed: no opinion
    assert "confidence" not in unresolved


def test_exporting_again_gives_the_same_ids(world):
    first = {obj["id"] for obj in bundle()["objects"]}
    again = {obj["id"] for obj in bundle()["objects"]}
    assert first == again


@pytest.mark.parametrize(
    "credibility,expected", [(1, 90), (2, 70), (3, 50), (4, 30), (5, 10), (6, None), (None, None)]
)
def test_admiralty_credibility_maps_to_stix_confidence(credibility, expected):
    assert confidence(credibility) == expected


def test_the_command_and_the_api_export_stix(world, researcher, client):
    from articles.services.tokens import create_token

    out = StringIO()
    call_command("export", "--format", "stix", "--source", "nis", stdout=out)
    data = json.loads(out.getvalue())
    check(data)
    assert [n["content"][:5] for n in by_type(data, "note")] == ["=SUM("]
    _, secret = create_token(researcher, name="cti", scope="read")
    response = client.get("/api/v1/exports/stix", {"source": "nis"},
                          headers={"Authorization": f"Bearer {secret}"})
    assert response["Content-Type"] == "application/stix+json;version=2.1"
    check(json.loads(b"".join(response.streaming_content)))
