"""Refusals are pages that say what happened, in the desk's layout."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_oversized_request_gets_a_page_that_says_what_to_do(researcher_client, settings):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = researcher_client.post("/import/", {"text": body, "html": ""})
    assert response.status_code == 400
    assert "upload the file" in response.content.decode()


def test_a_paste_with_text_and_html_each_under_the_limit_is_accepted(
    researcher_client, registry, settings
):
    half = "Pyongyang a tiré un missile, selon Séoul. " * (settings.NEWSDESK_MAX_INPUT_BYTES // 50)
    html = f"<html><body><h1>Missile</h1><p>{half}</p></body></html>"
    response = researcher_client.post("/import/", {"text": half, "html": html})
    assert response.status_code in (200, 302)


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_404_page(researcher_client):
    response = researcher_client.get("/articles/999999/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()


def test_a_role_less_account_is_told_why(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    response = client.get("/")
    assert response.status_code == 403
    assert "no role on the desk" in response.content.decode()
