"""JSON export: the versioned document, read back with json and checked against the schema doc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.exports import ExportContext, Selection, render_bytes
from tests.test_export_world import FR_RAW, build_world

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "export-schema.md"


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def export(**kwargs) -> dict:
    return json.loads(render_bytes("json", ExportContext(Selection(**kwargs), exported_by="rita")))


def test_document_is_versioned_and_complete(world):
    data = export()
    assert data["schema"] == "newsdesk-export" and data["version"] == 1
    assert data["exported_by"] == "rita" and data["scope"] == "All claims"
    assert [s["slug"] for s in data["statuses"]][:2] == ["unreviewed", "corroborated"]
    assert {t["slug"] for t in data["tags"]} == {"missiles", "menace"}
    kcna = next(s for s in data["sources"] if s["name"] == "KCNA")
    assert kcna["reliability"] == "E" and {"alias": "Korean Central News Agency",
                                             "language": "en"} in kcna["aliases"]
    fr = next(a for a in data["articles"] if a["id"] == world.fr.pk)
    assert fr["raw_input"] == FR_RAW and fr["urn"] == f"urn:newsdesk:article:{world.fr.pk}"
    claims = {c["id"]: c for c in data["claims"]}
    assert set(claims) == {world.chain_claim.pk, world.formula_claim.pk, world.unresolved_claim.pk}
    chain = claims[world.chain_claim.pk]
    assert chain["grade"] == "D2" and chain["status"] == "corroborated"
    assert chain["attribution_chain"] == "Kim Jong-un via KCNA"
    assert [(a["source"], a["position"]) for a in chain["attributions"]] == [
        ("kim-jong-un", 0), ("kcna", 1),
    ]
    assert chain["tags"] == ["menace", "missiles"]
    assert chain["notes"][0]["author"] == "rita" and "**KCNA**" in chain["notes"][0]["body"]
    assert chain["content"] == 'Nous tirerons, "sans hésiter", sur tout agresseur'
    assert {(k["from_claim"], k["to_claim"], k["kind"]) for k in data["links"]} == {
        (world.chain_claim.pk, world.formula_claim.pk, "corroborates"),
        (world.unresolved_claim.pk, world.chain_claim.pk, "contradicts"),
    }


def test_a_selection_carries_only_what_it_touches(world):
    data = export(source=world.nis)
    assert [c["id"] for c in data["claims"]] == [world.formula_claim.pk]
    assert [a["id"] for a in data["articles"]] == [world.fr.pk]
    assert [s["name"] for s in data["sources"]] == ["NIS"]
    assert [t["slug"] for t in data["tags"]] == ["missiles"]
    assert data["links"] == []  # the linked claim is outside the selection
    assert data["selection"] == {"source": "nis"}


def test_every_top_level_and_claim_key_is_documented(world):
    doc = SCHEMA_DOC.read_text(encoding="utf-8")
    data = export()
    keys = set(data) | set(data["claims"][0]) | set(data["articles"][0]) | set(data["sources"][0])
    keys |= set(data["claims"][0]["attributions"][0]) | set(data["claims"][0]["notes"][0])
    keys |= set(data["links"][0]) | set(data["tags"][0]) | set(data["statuses"][0])
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"document these keys in docs/export-schema.md: {missing}"


def test_version_and_feed_keys_are_documented(world, researcher):
    from tests.test_import_export import track_and_watch

    track_and_watch(world, researcher)
    doc = SCHEMA_DOC.read_text(encoding="utf-8")
    data = export()
    fr = next(a for a in data["articles"] if a["id"] == world.fr.pk)
    keys = set(fr["versions"][0]) | set(data["feeds"][0])
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"document these keys in docs/export-schema.md: {missing}"
    assert fr["versions"][1]["lost_claims"] == [world.formula_claim.pk]
    assert fr["deleted_at"].startswith("2025-12-29T09:30")
