"""A researcher pastes an article into the import page and lands on it."""

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db

IMPORT = reverse("articles:import")


def test_import_page_shows_the_paste_box(researcher_client):
    response = researcher_client.get(IMPORT)
    assert response.status_code == 200
    assert 'name="text"' in response.content.decode()


def test_paste_seed_lands_on_the_article(researcher_client, registry, seed_text, researcher):
    response = researcher_client.post(IMPORT, {"text": seed_text}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    page = response.content.decode()
    assert "Kim Jong-un loue" in page
    assert "Dans son message, publié vendredi" in page
    # The raw input is kept byte for byte.
    assert article.raw_input == seed_text
    assert article.raw_input.encode("utf-8") == seed_text.encode("utf-8")
    assert article.input_kind == Article.InputKind.PASTE_TEXT
    assert article.imported_by == researcher


def test_paste_keeps_windows_line_endings_in_raw(researcher_client, registry, seed_text):
    raw = seed_text.replace("\n", "\r\n")
    researcher_client.post(IMPORT, {"text": raw})
    assert Article.objects.get().raw_input == raw


@pytest.mark.parametrize("text", ["", "   \n\t  \n"])
def test_empty_paste_is_refused_with_a_message(researcher_client, text):
    response = researcher_client.post(IMPORT, {"text": text})
    assert response.status_code == 200
    assert "The input is empty" in response.content.decode()
    assert not Article.objects.exists()


def test_paste_over_the_size_limit_is_refused(researcher_client, settings):
    limit = settings.NEWSDESK_MAX_INPUT_BYTES
    assert limit == 2 * 1024 * 1024
    text = "Pyongyang a tiré un missile, selon Séoul. " * (limit // 40)
    assert len(text.encode()) > limit
    response = researcher_client.post(IMPORT, {"text": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "the limit is 2.0 MB" in page
    assert not Article.objects.exists()


def test_same_article_twice_leads_to_the_existing_one(researcher_client, registry, seed_text):
    researcher_client.post(IMPORT, {"text": seed_text})
    first = Article.objects.get()
    response = researcher_client.post(IMPORT, {"text": seed_text}, follow=True)
    assert Article.objects.count() == 1
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert "already imported" in response.content.decode()


def test_hostile_paste_is_stored_raw_and_shown_escaped(researcher_client, registry):
    text = (
        "Missile launch <script>alert(1)</script>\n"
        "Pyongyang fired a missile <img src=x onerror=alert(2)>, Seoul said on Monday.\n"
    )
    response = researcher_client.post(IMPORT, {"text": text}, follow=True)
    article = Article.objects.get()
    assert article.raw_input == text
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    raw = researcher_client.get(reverse("articles:article_raw", args=[article.pk]))
    assert raw["Content-Type"].startswith("text/plain")
    assert raw.content.decode() == text
