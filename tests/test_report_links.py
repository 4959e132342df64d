"""The "Export" button on the article, source and claims pages opens the builder with the
page's selection; following it gives a report of exactly that selection."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.test_export_world import build_world


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


def export_link(client, url: str) -> tuple[str, dict]:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    link = page.select_one("a.export-link")
    assert link is not None, f"no Export link on {url}"
    href = link["href"]
    assert href.startswith(reverse("articles:report_builder"))
    return href, parse_qs(urlsplit(href).query)


def test_article_page_exports_that_article(researcher_client, world):
    href, params = export_link(researcher_client, world.fr.get_absolute_url())
    assert params == {"article": [str(world.fr.pk)]}
    builder = researcher_client.get(href).content.decode()
    assert "Article “Pyongyang menace, « encore »”" in builder
    assert "2 claims" in builder


def test_source_page_exports_that_source(researcher_client, world):
    href, params = export_link(researcher_client, world.nis.get_absolute_url())
    assert params == {"source": ["nis"]}
    assert "1 claim" in researcher_client.get(href).content.decode()


def test_claims_page_exports_its_search_and_filters(researcher_client, world):
    url = reverse("articles:claim_list") + "?tag=missiles&status=disputed&sort=newest"
    _, params = export_link(researcher_client, url)
    assert params["tag"] == ["missiles"] and params["status"] == ["disputed"]
    response = researcher_client.get(
        reverse("articles:report_download"), {**{k: v[0] for k, v in params.items()},
                                              "format": "csv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\r\n") == 2  # header and the one disputed, tagged claim
    assert "=SUM" in body
