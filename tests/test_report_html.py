"""The printable HTML report and its PDF: content, escaping, summary, a page that is not blank."""

from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from articles.exports import ExportContext, Selection, render_bytes
from articles.exports.pdf_report import PDF_MAX_CLAIMS, ExportTooLarge
from tests.test_export_world import build_world


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def report(world, **selection) -> tuple[str, object]:
    ctx = ExportContext(Selection(**selection), exported_by="rita")
    text = render_bytes("html", ctx).decode("utf-8")
    return text, BeautifulSoup(text, "html.parser")


def test_title_page_says_scope_date_and_who_exported(world):
    text, doc = report(world, tag=world.missiles)
    title_page = doc.select_one(".report-title-page").get_text()
    assert "Tag missiles" in title_page
    assert "rita" in title_page
    assert doc.select_one("time")["datetime"].startswith("20")
    assert text.startswith("<!doctype html>") and "<style>" in text and ".report-quote" in text


def test_summary_counts_claims_by_source_status_and_grade(world):
    _, doc = report(world)
    tables = {t.caption.get_text(): t for t in doc.select("table.report-bars")}

    def rows(caption):
        return {
            tr.th.get_text(): int(tr.select_one(".report-count").get_text())
            for tr in tables[caption].select("tbody tr")
        }
    assert rows("Claims by status") == {"Unreviewed": 1, "Corroborated": 1, "Disputed": 1}
    assert rows("Claims by grade") == {"C4": 1, "D2": 1, "??": 1}
    assert rows("Claims by source") == {
        "Kim Jong-un (D)": 1, "KCNA (E)": 1, "NIS (B)": 1, "Unresolved mentions": 1,
    }


def test_each_article_with_its_claims_quoted_graded_tagged_and_annotated(world):
    _, doc = report(world)
    articles = doc.select(".report-article")
    assert [a.h2.get_text() for a in articles] == [
        "Pyongyang menace, « encore »", "Moscow denies",
    ]
    claim = doc.find(id=f"claim-{world.chain_claim.pk}")
    assert claim.select_one(".report-quote").get_text() == world.chain_claim.quote
    assert claim.mark.get_text() == 'Nous tirerons, "sans hésiter", sur tout agresseur'
    facts = claim.select_one(".report-claim-facts").get_text()
    assert "Kim Jong-un via KCNA" in facts and "D2" in facts and "Corroborated" in facts
    assert [t.get_text() for t in claim.select(".report-tag")] == ["menace", "missiles"]
    assert claim.select_one(".report-notes strong").get_text() == "KCNA"  # Markdown rendered
    assert doc.find(id=f"claim-{world.rejected_claim.pk}") is None


def test_user_text_is_escaped_and_notes_are_sanitised(world):
    world.fr.title = "<img src=x onerror=alert(1)>Titre"
    world.fr.save()
    text, doc = report(world)
    assert "<script" not in text and "onerror" not in text.replace("&lt;img src=x onerror", "")
    assert "&lt;img src=x onerror=alert(1)&gt;Titre" in text
    assert "javascript:" not in text
    assert not doc.select(".report img") and not doc.select(".report script")


def test_pdf_first_page_is_a_real_page_not_blank(world, tmp_path):
    pdf = render_bytes("pdf", ExportContext(Selection(), exported_by="rita"))
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(page.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 200, "the title page has text on it"
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Claims report" in text and "Kim Jong-un via KCNA" in text


def test_a_pdf_too_large_is_refused_with_a_message(world, monkeypatch):
    monkeypatch.setattr("articles.exports.pdf_report.PDF_MAX_CLAIMS", 2)
    with pytest.raises(ExportTooLarge, match="limited to 2"):
        render_bytes("pdf", ExportContext(Selection()))
    assert PDF_MAX_CLAIMS >= 1000
