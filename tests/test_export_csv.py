"""CSV export: one row per claim, read back with the csv module."""

from __future__ import annotations

import csv
import io

import pytest

from articles.exports import ExportContext, Selection, render_bytes
from articles.exports.csv_export import neutralise
from tests.test_export_world import build_world


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_visible_claim_with_sources_tags_notes_and_grades(world):
    rows = read_csv(render_bytes("csv", ExportContext(Selection())))
    assert [int(r["claim_id"]) for r in rows] == [
        world.chain_claim.pk, world.formula_claim.pk, world.unresolved_claim.pk
    ]
    chain = rows[0]
    assert chain["quote"] == world.chain_claim.quote  # commas, quotes, « » survive
    assert chain["content"] == 'Nous tirerons, "sans hésiter", sur tout agresseur'
    assert chain["attribution_chain"] == "Kim Jong-un via KCNA"
    assert chain["speaker"] == "Kim Jong-un"
    assert chain["sources"] == "Kim Jong-un; KCNA"
    assert chain["grade"] == "D2" and chain["reliability"] == "D" and chain["credibility"] == "2"
    assert chain["status"] == "Corroborated"
    assert chain["tags"] == "menace; missiles"
    assert "rita, " in chain["notes"] and "Vu dans **KCNA**, ligne 2\n\n<script>" in chain["notes"]
    # Each link names the other claim: its number, its text and its article.
    assert chain["links"] == (
        f"corroborates #{world.formula_claim.pk} “{world.formula_claim.quote}” in "
        f"“{world.formula_claim.article.title}”; contradicted by #{world.unresolved_claim.pk} "
        f"“{world.unresolved_claim.quote}” in “{world.unresolved_claim.article.title}”"
    )
    assert chain["article_title"] == "Pyongyang menace, « encore »"
    assert rows[2]["attribution_chain"] == "a person familiar with the matter (unresolved)"
    assert rows[2]["sources"] == ""


def test_formula_cells_are_neutralised(world):
    rows = read_csv(render_bytes("csv", ExportContext(Selection())))
    formula = rows[1]
    assert formula["quote"].startswith("'=SUM(A1:A9)")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
    for text in ("=1+1", "+1", "-2", "@SUM(1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Kim") == "Kim"
    assert neutralise("") == ""


def test_new_lines_and_quotes_are_quoted_not_split(world):
    world.chain_claim.quote = 'Ligne 1, "citée"\nLigne 2'
    world.chain_claim.save()
    data = render_bytes("csv", ExportContext(Selection(article=world.fr.pk)))
    assert b'"Ligne 1, ""cit\xc3\xa9e""\nLigne 2"' in data
    rows = read_csv(data)
    assert rows[0]["quote"] == 'Ligne 1, "citée"\nLigne 2'
    assert len(rows) == 2


def test_columns_follow_what_is_included(world):
    ctx = ExportContext(Selection(), include=frozenset({"quote", "grades"}))
    rows = read_csv(render_bytes("csv", ctx))
    assert set(rows[0]) == {
        "article_id", "claim_id", "claim_url", "quote", "start", "end", "direct_quote",
        "cue", "stance", "reliability", "credibility", "grade", "reliability_now",
    }


def test_rejected_claims_are_left_out_unless_asked_for(world):
    rows = read_csv(render_bytes("csv", ExportContext(Selection(include_rejected=True))))
    assert world.rejected_claim.pk in [int(r["claim_id"]) for r in rows]


def test_selection_by_source_tag_and_query(world):
    by_source = read_csv(render_bytes("csv", ExportContext(Selection.from_params({"source": "kcna"}))))
    assert [int(r["claim_id"]) for r in by_source] == [world.chain_claim.pk]
    by_alias = Selection.from_params({"source": "Korean Central News Agency"})
    assert by_alias.source == world.kcna
    by_tag = read_csv(render_bytes("csv", ExportContext(Selection.from_params({"tag": "missiles"}))))
    assert len(by_tag) == 2
    by_query = read_csv(render_bytes("csv", ExportContext(Selection.from_params({"q": "moscow"}))))
    assert [int(r["claim_id"]) for r in by_query] == [world.unresolved_claim.pk]
    by_dates = Selection.from_params({"from": "2026-01-01", "to": "2026-01-31"})
    assert list(by_dates.claims()) == [world.unresolved_claim]
    assert list(Selection.from_params({"status": "disputed"}).claims()) == [world.formula_claim]
    assert list(Selection.from_params({"language": "en"}).claims()) == [world.unresolved_claim]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["²", "99999999999999999999"])
def test_a_selection_with_a_bad_id_is_a_selection_error(bad):
    from articles.exports.selection import SelectionError

    for name in ("source", "article"):
        with pytest.raises(SelectionError):
            Selection.from_params({name: bad})
