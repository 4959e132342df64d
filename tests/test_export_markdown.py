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
        "Pyongyang menace, « encore »",
        "Moscow denies",
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


# --- Hostile values: admin-set names, mentions, quotes and notes -----------------------

XSS = "<img src=x onerror=alert(1)>"
JS_LINK = "[click](javascript:alert(1))"
DATA_LINK = "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"
REF_LINK = "[ref]\n\n[ref]: javascript:alert(2)"
AUTO_LINK = "<javascript:alert(3)>"


def _renderers():
    """Python-Markdown and a CommonMark renderer (GitHub's dialect), both letting raw HTML and
    every link scheme through: a viewer that renders without sanitising."""
    from markdown_it import MarkdownIt

    commonmark = MarkdownIt("commonmark", {"html": True})
    commonmark.validateLink = lambda url: True
    return {"python-markdown": markdown.markdown, "commonmark": commonmark.render}


def _assert_inert(html: str, where: str) -> None:
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find_all(["img", "script", "svg", "iframe"]), where
    for element in doc.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, element)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not text.strip().lower().startswith(("javascript:", "data:")), (where, element)


@pytest.fixture
def hostile_world(db, researcher):
    from articles.models import Attribution, ClaimStatus
    from tests.factories import ArticleFactory, ClaimFactory, NoteFactory, SourceFactory, TagFactory

    ClaimStatus.ensure_starter()
    status = ClaimStatus.objects.create(slug="evil", name=XSS, order=9)
    text = f"Le NIS a déclaré {JS_LINK} et {DATA_LINK}, selon *Yonhap* `code` # 1. fin"
    article = ArticleFactory(title=f"Titre {XSS} {JS_LINK}", text=text, publisher_name=XSS)
    claim = ClaimFactory(article=article, start=0, end=len(text), status=status)
    claim.tags.add(TagFactory(name=f"tag {JS_LINK}"), TagFactory(name=XSS))
    source = SourceFactory(name=f"Agence {DATA_LINK}")
    Attribution.objects.create(claim=claim, source=source, position=0)
    Attribution.objects.create(claim=claim, mention=f"{AUTO_LINK} {JS_LINK}", position=1)
    note = "\n\n".join(
        [XSS, JS_LINK, DATA_LINK, REF_LINK, AUTO_LINK, "**kept** [desk](https://example.org/x)"]
    )
    NoteFactory(claim=claim, author=researcher, body=note)
    return claim


def test_every_value_in_the_markdown_is_inert_in_any_renderer(hostile_world):
    text = render_bytes("md", ExportContext(Selection(), exported_by=XSS)).decode("utf-8")
    assert "<img" not in text and "<javascript" not in text
    for name, render in _renderers().items():
        _assert_inert(render(text), name)


def test_escaped_values_still_read_as_written(hostile_world):
    text = render_bytes("md", ExportContext(Selection())).decode("utf-8")
    for name, render in _renderers().items():
        shown = BeautifulSoup(render(text), "html.parser").get_text()
        assert f"Status: {XSS}" in shown, name
        assert f"tag {JS_LINK}" in shown, name
        assert f"Agence {DATA_LINK}" in shown, name
        assert "selon *Yonhap* `code` # 1. fin" in shown, name


def test_a_note_keeps_its_markdown_and_its_web_links_only(hostile_world):
    text = render_bytes("md", ExportContext(Selection())).decode("utf-8")
    for name, render in _renderers().items():
        doc = BeautifulSoup(render(text), "html.parser")
        assert doc.find("strong", string="kept"), name
        hrefs = [a["href"] for a in doc.find_all("a") if not a["href"].startswith("http://local")]
        assert hrefs == ["https://example.org/x"], (name, hrefs)


@pytest.mark.parametrize(
    "value",
    ["1. first", "- item", "> quote", "+ plus", "# heading", "x\n===", "a &lt; b", "back\\slash"],
)
def test_block_markers_and_entities_in_a_quote_stay_text(value):
    from articles.exports.markdown_export import escape, quoted

    for name, render in _renderers().items():
        doc = BeautifulSoup(render(quoted(value)), "html.parser")
        assert doc.blockquote.get_text("\n").strip() == value.strip(), (name, value)
        assert not doc.find_all(["ol", "ul", "h1", "h2", "li"]), (name, value)
        one_line = BeautifulSoup(render("Status: " + escape(value)), "html.parser")
        assert one_line.get_text().strip() == "Status: " + " ".join(value.split()), (name, value)
