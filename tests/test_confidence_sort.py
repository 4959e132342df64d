"""Check these first: the reader and the claims page sort claims by confidence."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "First claim here, KCNA said. Second claim there, Yonhap said. Third one, the NIS said."


@pytest.fixture
def article():
    article = ArticleFactory(text=TEXT)
    spans = [(0, 28), (29, 61), (62, len(TEXT))]
    for (a, b), confidence in zip(spans, (0.95, 0.62, None), strict=True):
        ClaimFactory(article=article, start=a, end=b, confidence=confidence)
    return article


def _order(html: str, quotes: list[str]) -> list[str]:
    return sorted(quotes, key=html.find)


def test_claims_page_sorts_lowest_confidence_first(researcher_client, article):
    html = researcher_client.get(reverse("articles:claim_list"), {"sort": "confidence"}).content
    html = html.decode()
    assert _order(html, ["Second claim there", "First claim here", "Third one"]) == [
        "Second claim there", "First claim here", "Third one",
    ]


def test_reader_offers_check_first_order(researcher_client, article):
    url = article.get_absolute_url()
    reading = researcher_client.get(url).content.decode()
    assert 'href="?order=confidence"' in reading
    index = reading.split('id="claim-list"', 1)[1].split("</ol>", 1)[0]
    assert _order(index, ["First claim here", "Second claim there"])[0] == "First claim here"
    check = researcher_client.get(url, {"order": "confidence"}).content.decode()
    index = check.split('id="claim-list"', 1)[1].split("</ol>", 1)[0]
    assert _order(index, ["First claim here", "Second claim there", "Third one"]) == [
        "Second claim there", "First claim here", "Third one",
    ]
