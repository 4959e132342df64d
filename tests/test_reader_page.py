"""The article reader: claims highlighted in place at their exact offsets, fast, escaped."""

import re
from html import unescape

import pytest
from django.urls import reverse

from articles.models import Attribution, Claim, ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEGMENT = re.compile(r'data-start="(\d+)"[^>]*>([^<]*)</(?:a|span)>')


def test_highlights_sit_at_the_claim_offsets(researcher_client):
    article = ArticleFactory()
    claim = ClaimFactory(article=article)
    Attribution.objects.create(claim=claim, mention="JCS", source=SourceFactory(name="JCS"))
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    segments = [(int(start), unescape(text)) for start, text in SEGMENT.findall(html)]
    assert segments, "the text is rendered as segments with data-start"
    for start, text in segments:
        assert article.text[start : start + len(text)] == text
    assert f'data-claim="{claim.pk}"' in html
    assert 'data-badge="JCS"' in html
    assert f'hx-get="{claim.get_absolute_url()}"' in html
    assert f'href="{claim.get_absolute_url()}"' in html
    assert "st-unreviewed" in html


def test_reader_shows_metadata_provenance_and_dropped_lines(researcher_client):
    article = ArticleFactory(
        url="https://www.example.org/a",
        dropped_lines=[{"text": "Temps de lecture : 1min", "reason": "reading time"}],
    )
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert reverse("articles:article_raw", args=[article.pk]) in html
    assert "What the cleaner removed" in html and "Temps de lecture : 1min" in html
    assert "https://www.example.org/a" in html


def test_rejected_claims_are_not_highlighted(researcher_client):
    claim = ClaimFactory(is_rejected=True)
    html = researcher_client.get(claim.article.get_absolute_url()).content.decode()
    assert f'data-claim="{claim.pk}"' not in html


def test_claim_url_opens_the_reader_with_the_panel_and_htmx_gets_the_panel_only(
    researcher_client,
):
    claim = ClaimFactory()
    full = researcher_client.get(claim.get_absolute_url()).content.decode()
    assert 'id="article-text"' in full and f'data-claim="{claim.pk}" data-status' in full
    partial = researcher_client.get(claim.get_absolute_url(), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert 'id="article-text"' not in body and "<html" not in body
    assert f'name="version" value="{claim.version}"' in body


def test_claim_of_another_article_is_404(researcher_client):
    claim, other = ClaimFactory(), ArticleFactory()
    url = reverse("articles:claim_detail", args=[other.pk, claim.pk])
    assert researcher_client.get(url).status_code == 404


def _article_with_claims(n: int):
    sentence = "Officials said that the regiment had moved north again. "
    article = ArticleFactory(text=sentence * n)
    sources = [SourceFactory(name=f"Agency {i}") for i in range(5)]
    statuses = list(ClaimStatus.objects.all())
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            start=i * len(sentence),
            end=(i + 1) * len(sentence) - 1,
            quote=sentence.strip(),
            status=statuses[i % len(statuses)],
        )
        for i in range(n)
    )
    Attribution.objects.bulk_create(
        Attribution(claim=c, mention="officials", source=sources[i % 5])
        for i, c in enumerate(claims)
    )
    return article


def test_reader_with_300_claims_uses_constant_queries(
    researcher_client, django_assert_max_num_queries
):
    article = _article_with_claims(300)
    url = article.get_absolute_url()
    researcher_client.get(url)  # warm up templates and the session
    with django_assert_max_num_queries(15):
        response = researcher_client.get(url)
    assert response.content.decode().count("seg hl") == 300
    # Its server time is printed by `manage.py benchmark pages`, not asserted here.


def test_article_list_counts_search_and_filters(researcher_client):
    fr = ArticleFactory(title="Kim Jong-un loue le sang", language="fr", text="Pyongyang a envoyé")
    en = ArticleFactory(title="Missiles", language="en")
    ClaimFactory(article=fr)
    url = reverse("articles:article_list")
    html = researcher_client.get(url).content.decode()
    assert "Kim Jong-un loue le sang" in html and "Missiles" in html
    html = researcher_client.get(url, {"q": "envoyé"}).content.decode()
    assert "Kim Jong-un" in html and "Missiles" not in html
    html = researcher_client.get(url, {"language": "en"}).content.decode()
    assert "Missiles" in html and "Kim Jong-un" not in html
    html = researcher_client.get(url, {"unreviewed": "1"}).content.decode()
    assert "Kim Jong-un" in html and "Missiles" not in html
    partial = researcher_client.get(
        url, {"q": "Missiles"}, headers={"HX-Request": "true", "HX-Target": "article-results"}
    ).content.decode()
    assert "<html" not in partial and "Missiles" in partial
    assert en.get_absolute_url() in partial


def test_reader_shows_the_seed_lead_once(researcher_client, seed_article):
    page = researcher_client.get(seed_article.get_absolute_url()).content.decode()
    # The seed's lead is the start of its first paragraph: no separate standfirst above it.
    assert seed_article.lead and not seed_article.lead_is_separate
    assert 'class="lead"' not in page


def test_reader_shows_a_standfirst_missing_from_the_text(researcher_client):
    article = ArticleFactory(lead="A standfirst the text never repeats.")
    page = researcher_client.get(article.get_absolute_url()).content.decode()
    assert '<p class="lead">A standfirst the text never repeats.</p>' in page


def test_headings_and_list_items_are_shown_as_such(researcher_client):
    text = "The briefing\n\nFirst point\n\nThe agency said more troops had left."
    article = ArticleFactory(
        text=text, paragraphs=[[0, 12, "h"], [14, 25, "li"], [27, len(text)]]
    )
    html = researcher_client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<h3 class="para para-h">.*The briefing.*</h3>', html)
    assert re.search(r'<p class="para para-li">.*First point.*</p>', html)
    assert re.search(r'<p class="para">.*more troops had left\..*</p>', html)
