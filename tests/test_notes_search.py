"""The claims search covers the notes: accents and case do not count, and a switch searches
the notes only."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.claim_filter import ClaimFilter
from articles.services import claims as service
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(researcher):
    article = ArticleFactory(
        text="Pyongyang fired missiles, Seoul said. Moscow denied any transfer, Tass said.",
        language="en",
    )
    noted = ClaimFactory(article=article, start=0, end=37)
    quoted = ClaimFactory(article=article, start=38, end=len(article.text))
    plain = ClaimFactory()
    service.add_note(noted.pk, version=1, user=researcher, body="Vérifié auprès de l'Élysée")
    service.add_note(quoted.pk, version=1, user=researcher, body="Second source needed")
    return noted, quoted, plain


def ids(**params) -> set[int]:
    return set(ClaimFilter.from_params(params).filtered().values_list("pk", flat=True))


def test_the_search_finds_a_claim_by_its_note_accents_and_case_aside(claims):
    noted, quoted, _ = claims
    assert ids(q="verifie elysee") == {noted.pk}
    assert ids(q="VÉRIFIÉ") == {noted.pk}
    # The claim's own text still counts.
    assert ids(q="Moscow") == {quoted.pk}


def test_notes_only_leaves_out_claims_whose_text_alone_matches(claims, researcher):
    noted, quoted, _ = claims
    service.add_note(
        noted.pk, version=noted.version + 1, user=researcher, body="Compare with Moscow's line"
    )
    assert ids(q="moscow") == {noted.pk, quoted.pk}
    assert ids(q="moscow", notes="1") == {noted.pk}
    assert ids(q="pyongyang", notes="1") == set()


def test_an_edited_note_is_searched_as_edited(claims, researcher):
    noted, _, _ = claims
    note = noted.notes.get()
    noted.refresh_from_db()
    service.edit_note(note.pk, version=noted.version, user=researcher, body="Confirmé par la NIS")
    assert ids(q="elysee") == set()
    assert ids(q="confirme", notes="1") == {noted.pk}


def test_the_claims_page_has_the_notes_only_switch(researcher_client, claims):
    noted, _, _ = claims
    response = researcher_client.get(reverse("articles:claim_list"), {"q": "elysee", "notes": "1"})
    html = response.content.decode()
    assert BeautifulSoup(html, "html.parser").select_one("#notes-only").has_attr("checked")
    assert f'name="claims" value="{noted.pk}"' in html
    refused = researcher_client.get(reverse("articles:claim_list"), {"q": "x", "notes": "maybe"})
    assert "is not a yes/no value for notes" in refused.content.decode()
