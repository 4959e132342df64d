"""Report builder: reviewed-only and selected-claims scopes, a title and introduction, links
that name the linked claim, SITE_URL for claim links, local time in file names, a tight PDF
first page, and the CSV separator.

Reported: scope only from the claims filters; links exported as bare ids (`corroborates 8`);
claim URLs on the request's (loopback) host; file names in UTC while the report shows Paris
time; PDF page 1 70 % blank; no `;` for French spreadsheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.exports import ExportContext, Selection, SelectionError, render_bytes
from articles.models import Claim
from tests.factories import ClaimFactory
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def download(client, **params) -> bytes:
    response = client.get(reverse("articles:report_download"), params)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_reviewed_only_leaves_unreviewed_claims_out(world, researcher_client):
    everything = csv_rows(download(researcher_client, format="csv"))
    reviewed = csv_rows(download(researcher_client, format="csv", reviewed="1"))
    statuses = {row["status"] for row in reviewed}
    assert reviewed and "Unreviewed" not in statuses
    assert len(reviewed) < len(everything)
    assert len(reviewed) == Claim.objects.visible().exclude(status__slug="unreviewed").count()
    page = researcher_client.get(reverse("articles:report_builder"), {"reviewed": "1"})
    html = page.content.decode()
    assert 'name="reviewed" value="1" id="report-reviewed" checked' in html
    assert "Reviewed claims only" in html


def test_the_claims_page_exports_the_ticked_claims(world, researcher_client):
    chosen = [world.chain_claim.pk, world.unresolved_claim.pk]
    page = researcher_client.get(reverse("articles:claim_list")).content.decode()
    assert 'id="bulk-export"' in page
    response = researcher_client.post(
        reverse("articles:claim_bulk"), {"claims": chosen, "action": "export", "back": "?q="}
    )
    assert response.status_code == 302
    builder = researcher_client.get(response.url)
    assert "2 selected claims" in builder.content.decode()
    rows = csv_rows(download(researcher_client, format="csv", ids=",".join(map(str, chosen))))
    assert sorted(int(r["claim_id"]) for r in rows) == sorted(chosen)
    # nothing was changed by the export button
    assert Claim.objects.get(pk=world.chain_claim.pk).version == world.chain_claim.version


def test_export_with_nothing_ticked_says_so(world, researcher_client):
    response = researcher_client.post(
        reverse("articles:claim_bulk"), {"action": "export", "back": "?q="}, follow=True
    )
    assert "Tick the claims to export first." in response.content.decode()


@pytest.mark.parametrize(
    ("ids", "message"),
    [("12,abc", "is not a claim number"), ("999999", "None of the selected claims exists")],
)
def test_bad_selected_ids_get_a_message(world, researcher_client, ids, message):
    response = researcher_client.get(reverse("articles:report_download"), {"ids": ids})
    assert response.status_code == 400
    assert message in response.content.decode()
    with pytest.raises(SelectionError):
        Selection.from_params({"ids": ids})


def test_title_and_introduction_lead_the_report(world, researcher_client):
    params = {"title": "Troops in Kursk: what we know",
              "intro": "Prepared for the morning meeting.\n<script>alert(1)</script>"}
    html = download(researcher_client, format="html", **params).decode()
    assert "<h1 class=\"report-title\">Troops in Kursk: what we know</h1>" in html
    assert "Prepared for the morning meeting." in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = download(researcher_client, format="md", **params).decode()
    assert md.startswith("# Troops in Kursk: what we know\n\nPrepared for the morning meeting.")
    data = json.loads(download(researcher_client, format="json", **params))
    assert data["title"] == "Troops in Kursk: what we know"
    assert data["introduction"].startswith("Prepared for the morning meeting.")
    builder = researcher_client.get(reverse("articles:report_builder"), params).content.decode()
    assert 'value="Troops in Kursk: what we know"' in builder


def test_links_name_the_linked_claim_and_its_article(world):
    ctx = ExportContext(Selection(article=world.chain_claim.article_id))
    other = world.formula_claim
    for fmt in ("csv", "md", "html", "w3c"):
        text = render_bytes(fmt, ctx).decode("utf-8-sig")
        assert f"corroborates {other.pk}" not in text, fmt  # the bare id of the report
        assert other.quote[:30].replace("<", "&lt;") in text or other.quote[:30] in text, fmt
    html = render_bytes("html", ctx).decode()
    assert f'corroborates <a href="{ctx.claim_url(other)}">#{other.pk}</a>' in html
    assert "Pyongyang menace, « encore »" in html


def test_claim_links_use_site_url_not_the_request_host(world, researcher_client, settings):
    settings.SITE_URL = "https://desk.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    response = researcher_client.get(
        reverse("articles:report_download"), {"format": "csv"}, HTTP_HOST="127.0.0.1:8000"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = csv_rows(text.encode())
    assert rows and all(
        r["claim_url"].startswith("https://desk.example.org/articles/") for r in rows
    )
    assert "127.0.0.1" not in text


def test_file_names_use_the_desks_time(world, researcher_client, monkeypatch, settings):
    settings.TIME_ZONE = "Europe/Paris"
    fixed = dt.datetime(2026, 1, 2, 23, 30, tzinfo=dt.UTC)  # 3 January, 00:30 in Paris
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    response = researcher_client.get(reverse("articles:report_download"), {"format": "csv"})
    assert 'filename="newsdesk-20260103-0030.csv"' in response["Content-Disposition"]


def test_csv_separator_can_be_a_semicolon(world, researcher_client):
    data = download(researcher_client, format="csv", delimiter="semicolon")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("article_id;claim_id;claim_url;")
    rows = csv_rows(data, delimiter=";")
    assert rows[0]["quote"] == world.chain_claim.quote
    assert download(researcher_client, format="csv", delimiter="nonsense").decode(
        "utf-8-sig"
    ).startswith("article_id,claim_id,")
    page = researcher_client.get(reverse("articles:report_builder")).content.decode()
    assert 'name="delimiter" value="semicolon"' in page


def first_page_blank_share(pdf: bytes, tmp_path) -> float:
    """The share of page 1's height below its last line of ink (pdftoppm at 40 dpi)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = page.size
    pixels = page.load()
    inked = [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]
    return 1 - (inked[-1] + 1) / height


def test_pdf_first_page_is_not_mostly_blank(world, tmp_path):
    article = world.chain_claim.article
    for n in range(8):  # enough claims to fill more than a page
        start = article.text.find(".") + 1 if n % 2 else 0
        ClaimFactory(article=article, start=0, end=max(start, 10))
    pdf = render_bytes("pdf", ExportContext(Selection(), exported_by="rita"))
    blank = first_page_blank_share(pdf, tmp_path)
    assert blank < 0.25, f"page 1 is {blank:.0%} blank below its last line"
