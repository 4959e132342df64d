"""Claims in a headline are extracted, stored and shown in the reader's header."""

import pytest

from articles.extraction import extract_headline_claims
from articles.extraction.evaluate import starter_registry
from articles.models import HeadlineClaim
from articles.services.extraction import extract_article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "cue", "source", "content"),
    [
        ("North Korea fires ballistic missile, KCNA says", "says", "KCNA",
         "North Korea fires ballistic missile"),
        ("La Corée du Nord confirme avoir envoyé des troupes en Russie", "confirme",
         "North Korean government", "avoir envoyé des troupes en Russie"),
        ("N. Korean troops already in combat: South Korea's spy agency", ":", "NIS",
         "N. Korean troops already in combat"),
    ],
)
def test_headline_claims_are_found(title, cue, source, content):
    claims = extract_headline_claims(title, starter_registry())
    assert [(c.cue.text, c.sources[0].source, c.content.text) for c in claims] == [
        (cue, source, content)
    ]


def test_a_plain_headline_with_a_colon_is_not_a_claim():
    assert extract_headline_claims("Guerre en Ukraine : Kiev frappe une raffinerie",
                                   starter_registry()) == []


def test_headline_claims_are_stored_and_shown_in_the_readers_header(registry, researcher_client):
    article = ArticleFactory(
        title="N. Korean troops already in combat: spy agency",
        text="South Korea's spy agency said on Tuesday that some troops had reached the front.",
    )
    extract_article(article)
    stored = HeadlineClaim.objects.get(article=article)
    assert stored.content == "N. Korean troops already in combat"
    # "spy agency" alone has no country: the body's source with that role is taken
    assert stored.attributions.get().source.name == "NIS"
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    header = html.split('class="article-head"', 1)[1].split("</header>", 1)[0]
    assert "Headline claim" in header and "N. Korean troops already in combat" in header
    # a second run replaces them rather than adding
    extract_article(article)
    assert HeadlineClaim.objects.filter(article=article).count() == 1
