"""The seed article goes in through the import service and its page shows it."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_seed_article_page_shows_title(researcher_client, seed_article):
    response = researcher_client.get(reverse("articles:article_detail", args=[seed_article.pk]))
    assert response.status_code == 200
    assert "Kim Jong-un loue" in response.content.decode()
