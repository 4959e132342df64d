"""Pages every text-removing rule must leave whole: lists, headings, short paragraphs,
poems and quotes, tables of figures, sentences typed over several lines.

Each `tests/fixtures/nodamage/NAME.html` has `NAME.gold.txt`, one line of the article per
line, written by hand from the page. The HTML path must keep every gold line that
trafilatura alone keeps (never below the library it wraps), and headings and list items
must come out as paragraphs of their own kind.
"""

from __future__ import annotations

import logging

import pytest
import trafilatura

from articles.ingest import parse_article
from articles.ingest.html import TRAFILATURA_OPTIONS
from tests.ingest.paths import FIXTURES

PAGES = sorted((FIXTURES / "nodamage").glob("*.html"))


def _gold(page):
    return page.with_name(page.stem + ".gold.txt").read_text(encoding="utf-8").splitlines()


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_line_trafilatura_keeps_is_kept(page):
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    raw = page.read_text(encoding="utf-8")
    ours = _words(parse_article(raw, kind="html").text)
    alone = _words(trafilatura.extract(raw, **TRAFILATURA_OPTIONS) or "")
    kept_by_library = [line for line in _gold(page) if line in alone]
    assert kept_by_library, "the page must be one trafilatura reads"
    missing = [line for line in kept_by_library if line not in ours]
    assert not missing


def test_there_are_pages_of_each_kind():
    assert {p.stem for p in PAGES} >= {"list_recipe", "poem_quote", "table_figures",
                                       "keypoints_wrapped"}  # fmt: skip


def _kinds(name: str) -> dict[str, str]:
    raw = (FIXTURES / "nodamage" / f"{name}.html").read_text(encoding="utf-8")
    article = parse_article(raw, kind="html")
    return {article.text[p.start : p.end]: p.kind for p in article.paragraphs}


def test_headings_and_list_items_are_paragraphs_of_their_kind():
    kinds = _kinds("list_recipe")
    assert kinds["What the statement contains"] == "h"
    assert kinds["The time window of the attack"] == "li"
    assert kinds["Round numbers"] == "li"
    assert kinds["Short."] == ""
    assert kinds["None of these figures can be checked independently."] == ""


def test_a_list_before_the_first_paragraph_and_a_wrapped_sentence():
    kinds = _kinds("keypoints_wrapped")
    assert kinds["About 3,000 more soldiers left in January"] == "li"
    assert kinds["The briefing"] == "h"
    wrapped = (
        "South Korea's spy agency told lawmakers on Thursday that North Korea had sent about "
        "3,000 more soldiers to Russia since January, in what it called a second wave of "
        "deployment."
    )
    assert wrapped in kinds, "one sentence over three lines is one paragraph"


def test_table_rows_keep_their_figures():
    kinds = _kinds("table_figures")
    assert kinds["Belgorod | 41"] == "row"
    assert kinds["Region | Drones"] == "row"


def test_a_poem_keeps_its_lines():
    kinds = _kinds("poem_quote")
    assert "Sur la neige des montagnes" in kinds
    assert "veille avec eux dans la nuit" in kinds
