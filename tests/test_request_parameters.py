"""Control characters in parameters, and requests over the limits: the desk's own 400 page.

PostgreSQL refuses NUL in any text value, and on SQLite a search for NUL matched every
claim. Run on both databases (CI runs the suite on each).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, Note
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CLAIM_PARAMS = ["q", "source", "kind", "country", "tag", "status", "language", "grade", "from"]
ARTICLE_PARAMS = ["q", "outlet", "language", "from"]
REPORT_PARAMS = ["q", "source", "tag", "status", "language", "kind", "country", "article"]
CONTROLS = ["\x00", "a\x00b", "\x01", "x\x1f", "\x7f", "\x85"]


@pytest.fixture
def claim(db):
    return ClaimFactory(quote="Pyongyang a tiré un missile, selon Séoul.")


@pytest.mark.parametrize("name", CLAIM_PARAMS)
@pytest.mark.parametrize("value", CONTROLS[:2])
def test_a_control_character_in_a_claims_filter_is_refused(researcher_client, claim, name, value):
    response = researcher_client.get("/claims/", {name: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "control character" in page and f"<code>{name}</code>" in page
    assert claim.quote not in page  # it did not list every claim


@pytest.mark.parametrize("value", CONTROLS)
def test_any_control_character_in_the_search_is_refused(researcher_client, claim, value):
    assert researcher_client.get("/claims/", {"q": value}).status_code == 400


@pytest.mark.parametrize("name", ARTICLE_PARAMS)
def test_a_control_character_in_an_article_filter_is_refused(researcher_client, claim, name):
    response = researcher_client.get("/", {name: "\x00"})
    assert response.status_code == 400
    assert "control character" in response.content.decode()


@pytest.mark.parametrize("path", ["/reports/", "/reports/preview/", "/reports/download/"])
@pytest.mark.parametrize("name", REPORT_PARAMS)
def test_a_control_character_in_a_report_parameter_is_refused(researcher_client, claim, path, name):
    response = researcher_client.get(path, {name: "\x00", "format": "md"})
    assert response.status_code == 400
    assert "control character" in response.content.decode()


def test_a_control_character_in_a_parameter_name_is_refused(researcher_client, claim):
    assert researcher_client.get("/claims/?%00=1").status_code == 400


def test_tabs_and_line_breaks_in_a_search_are_fine(researcher_client, claim):
    response = researcher_client.get("/claims/", {"q": "missile\t\n"})
    assert response.status_code == 200
    assert claim.quote in response.content.decode()


def test_a_note_typed_with_a_nul_is_saved_without_it(researcher_client, claim):
    path = reverse("articles:note_add", kwargs={"article_pk": claim.article_id, "pk": claim.pk})
    response = researcher_client.post(
        path, {"version": 1, "form": "note", "body": "Vu\x00 dans KCNA,\r\nligne 2"}
    )
    assert response.status_code == 302
    assert Note.objects.get().body == "Vu dans KCNA,\r\nligne 2"


def test_line_breaking_controls_in_a_form_become_line_breaks():
    from django.http import QueryDict

    from articles.params import without_control_characters

    clean = without_control_characters(QueryDict("body=page+one%0Cpage+two%0B%C2%85end%00%01."))
    assert clean["body"] == "page one\npage two\n\nend."


def test_a_paste_with_nul_bytes_is_imported_without_them(researcher_client, registry):
    text = (
        "La Corée du Nord a tiré un missile\x00 balistique, selon l'état-major sud-coréen.\n\n"
        "Séoul a déclaré que l'engin avait parcouru 800 kilomètres."
    )
    response = researcher_client.post("/import/", {"text": text})
    assert response.status_code == 302
    assert "\x00" not in Article.objects.get().raw_input


@pytest.mark.parametrize("debug", [True, False])
def test_a_paste_over_the_request_limit_gets_the_desks_page_in_both_modes(
    researcher_client, settings, debug
):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    with override_settings(DEBUG=debug):
        response = researcher_client.post("/import/", {"text": body, "html": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "limited to 2 MB" in page and "upload the file" in page
    assert "Traceback" not in page and "RequestDataTooBig" not in page
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("debug", [True, False])
def test_an_upload_of_too_many_files_gets_the_desks_page_in_both_modes(
    researcher_client, settings, debug
):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    files = [SimpleUploadedFile(f"a{i}.txt", b"x", "text/plain") for i in range(count)]
    with override_settings(DEBUG=debug):
        response = researcher_client.post("/import/files/", {"files": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"limited to {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files" in page
    assert "TooManyFilesSent" not in page and "Traceback" not in page
    assert not Article.objects.exists()


@override_settings(DEBUG=True)
def test_too_many_parameters_get_the_desks_page(researcher_client, settings):
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = researcher_client.get(f"/claims/?{query}")
    assert response.status_code == 400
    assert "more than" in response.content.decode()
