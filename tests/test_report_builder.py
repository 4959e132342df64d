"""The report builder page: reached with a selection, previewed with htmx, downloaded as a file;
the command line gives the same output as the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.test_export_world import build_world

FORMATS = ["csv", "json", "md", "html", "w3c", "claimreview", "stix"]


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def test_builder_shows_the_scope_formats_and_parts(researcher_client, world):
    response = researcher_client.get(reverse("articles:report_builder"), {"source": "kcna"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "Source KCNA" in page.select_one(".report-builder-scope").get_text()
    assert "1 claim" in page.select_one(".page-head").get_text()
    form = page.select_one("form#report-form")
    assert form["action"] == reverse("articles:report_download")
    assert form.select_one("input[type=hidden][name=source]")["value"] == "kcna"
    assert {i["value"] for i in form.select("input[name=format]")} == {
        "csv", "json", "md", "html", "pdf", "w3c", "claimreview", "stix",
    }
    assert {i["value"] for i in form.select("input[name=include]")} == {
        "quote", "content", "sources", "grades", "status", "tags", "notes", "links", "article",
    }
    assert not page.select("[style]"), "no inline styles under the CSP"


def test_a_selection_that_names_nothing_gets_a_message(researcher_client, world):
    response = researcher_client.get(reverse("articles:report_download"), {"tag": "nope"})
    assert response.status_code == 400
    assert "There is no tag “nope”." in response.content.decode()
    response = researcher_client.get(reverse("articles:report_builder"), {"from": "27/12/2025"})
    assert "is not a date" in response.content.decode()


def test_htmx_preview_returns_the_report_fragment(researcher_client, world):
    response = researcher_client.get(
        reverse("articles:report_preview"),
        {"article": world.fr.pk, "format": "html"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and "<style" not in text
    fragment = BeautifulSoup(text, "html.parser")
    assert fragment.select_one(".report-title-page")
    assert fragment.find(id=f"claim-{world.chain_claim.pk}")
    assert "<script" not in text


def test_preview_of_a_data_format_is_its_first_lines_escaped(researcher_client, world):
    world.fr.title = "<b>bold</b>"
    world.fr.save()
    response = researcher_client.get(
        reverse("articles:report_preview"), {"format": "csv"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert "<pre" in text and "claim_id" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "<b>bold" not in text


def test_preview_without_javascript_is_the_whole_page(researcher_client, world):
    response = researcher_client.get(reverse("articles:report_preview"), {"format": "md"})
    assert b"<html" in response.content and b"# Newsdesk report" in response.content


def test_download_streams_an_attachment(researcher_client, world):
    response = researcher_client.get(
        reverse("articles:report_download"), {"format": "csv", "tag": "missiles"}
    )
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(r'attachment; filename="newsdesk-\d{8}-\d{4}\.csv"', response["Content-Disposition"])
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert len(rows) == 2


def test_download_respects_the_parts_chosen(researcher_client, world):
    response = researcher_client.get(
        reverse("articles:report_download"),
        {"format": "json", "include": ["quote", "grades"]},
    )
    data = json.loads(b"".join(response.streaming_content))
    claim = data["claims"][0]
    assert "grade" in claim and "notes" not in claim and "tags" not in claim
    assert "raw_input" not in data["articles"][0]


def test_pdf_too_large_comes_back_to_the_builder_with_a_message(
    researcher_client, world, monkeypatch
):
    monkeypatch.setattr("articles.exports.pdf_report.PDF_MAX_CLAIMS", 1)
    response = researcher_client.get(reverse("articles:report_download"), {"format": "pdf"})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "a PDF is limited to 1" in page.select_one("[role=alert]").get_text()
    assert page.select_one("form#report-form"), "the form stays, to choose another format"


def test_pdf_download(researcher_client, world):
    response = researcher_client.get(
        reverse("articles:report_download"), {"format": "pdf", "article": world.en.pk}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", [*FORMATS, "pdf"])
def test_command_line_gives_the_same_output_as_the_page(
    researcher_client, world, monkeypatch, tmp_path, fmt
):
    fixed = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    params = {"format": fmt, "tag": "missiles", "q": "formule"}
    response = researcher_client.get(reverse("articles:report_download"), params)
    page = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    out = tmp_path / f"export.{fmt}"
    call_command(
        "export", "--format", fmt, "--tag", "missiles", "--query", "formule",
        "--output", str(out), "--user", "rita",
    )  # both use settings.SITE_URL for claim links, whatever the request's host
    command = out.read_bytes()
    if fmt == "pdf":  # a PDF carries its own creation stamp: compare the text on its pages
        def text(pdf: bytes) -> str:
            path = tmp_path / "x.pdf"
            path.write_bytes(pdf)
            return subprocess.run(
                ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
            ).stdout
        assert text(page) == text(command) and "formule" in text(page)
    else:
        assert page == command
        assert "formule" in page.decode("utf-8")
