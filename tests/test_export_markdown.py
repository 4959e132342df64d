"""Markdown export: a readable report, rendered back to HTML to check its structure."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from articles.exports import ExportContext, Selection, render_bytes
from tests.test_export_world import build_world


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def test_markdown_report_has_articles_claims_quotes_grades_and_notes(world):
    text = render_bytes("md", ExportContext(Selection(), exported_by="rita")).decode("utf-8")
    assert text.startswith("# Newsdesk report: All claims\n")
    assert "- **Claims:** 3" in text and "by rita" in text
    doc = BeautifulSoup(markdown.markdown(text), "html.parser")
    assert [h.get_text() for h in doc.find_all("h2")] == [
        "Pyongyang menace, « encore »", "Moscow denies",
    ]
    quotes = [q.get_text(" ", strip=True) for q in doc.find_all("blockquote")]
    assert quotes[0] == world.chain_claim.quote
    assert "- **Who:** Kim Jong-un via KCNA" in text
    assert "- **Grade:** D2" in text and "- **Status:** Corroborated" in text
    assert "- **Tags:** menace, missiles" in text
    assert "Vu dans **KCNA**, ligne 2" in text
    assert "Une phrase rejetée" not in text


def test_markdown_never_carries_live_html(world):
    text = render_bytes("md", ExportContext(Selection())).decode("utf-8")
    assert "<script" not in text
    assert "&lt;script>" in text
    rendered = markdown.markdown(text)
    assert "<script" not in rendered


def test_markdown_follows_the_selection(world):
    text = render_bytes("md", ExportContext(Selection(source=world.nis))).decode("utf-8")
    assert "Source NIS" in text and "- **Claims:** 1" in text
    # Other claims appear only where a link names them, never as claims of the report.
    outside_links = "\n".join(
        line for line in text.splitlines() if not line.startswith("- **Links:**")
    )
    assert text.count("### Claim ") == 1
    assert "Moscow" not in outside_links and "Kim Jong-un a déclaré" not in outside_links
