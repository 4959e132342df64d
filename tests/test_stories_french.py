"""Stories in French: the claim panel's suggestions and their evidence, the decisions'
messages and the story page follow the reader's language; the matcher's evidence, stored as
English keys, is labelled at display time."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import MatchSuggestion
from articles.services import stories
from articles.templatetags.story_i18n import EVIDENCE_LABELS, VETOES
from tests.test_story_pages import _panel, pair  # noqa: F401 (a fixture)

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
NBSP = "\u00a0"

pytestmark = pytest.mark.django_db


def test_the_panel_shows_the_suggestion_and_its_evidence_in_french(researcher_client, pair):  # noqa: F811
    _first, second, _suggestion = pair
    page = _panel(researcher_client, second.claims.get(), **FR).content.decode()
    assert "Même affirmation ailleurs" in page
    assert "Mêmes chiffres</span> 100" in page
    assert "comparées d’une langue à l’autre" in page
    assert f"Confirmer{NBSP}: même affirmation" in page and "Rejeter" in page
    assert 'aria-label="Pourquoi elles concordent"' in page
    for english in (
        "Same claim elsewhere",
        "Same figures",
        "Confirm: same claim",
        "Why they match",
    ):
        assert english not in page


def test_decisions_and_story_counts_are_in_french(researcher_client, pair):  # noqa: F811
    _first, second, suggestion = pair
    claim = second.claims.get()
    url = reverse("articles:suggestion_decide", args=[second.pk, claim.pk, suggestion.pk])
    page = researcher_client.post(
        url, {"decision": "confirm"}, HTTP_HX_REQUEST="true", **FR
    ).content.decode()
    assert f"Confirmée{NBSP}: les deux affirmations forment désormais un même récit." in page
    assert "repris dans 2 articles, 1 origine indépendante" in page
    assert f"Récit {second.claims.get().story_id}</a>{NBSP}: repris" in page
    again = researcher_client.post(url, {"decision": "reject"}, HTTP_HX_REQUEST="true", **FR)
    assert "Cette suggestion a déjà été traitée (Confirmée)." in again.content.decode()


def test_the_story_page_is_in_french(researcher_client, pair):  # noqa: F811
    story = stories.confirm(pair[2])
    page = researcher_client.get(story.get_absolute_url(), **FR).content.decode()
    assert f"Récit {story.pk}" in page and f"Story {story.pk}" not in page
    assert f"Première apparition{NBSP}:" in page and "19 déc. 2024" in page
    assert "repris dans 2 articles, 1 origine indépendante" in page
    assert "Formulation de référence" in page and "Origines indépendantes" in page
    assert "Apparitions du récit par jour et par média" in page
    assert "Canonical wording" not in page and "Independent origins" not in page


def test_a_blank_wording_is_refused_in_french(researcher_client, pair):  # noqa: F811
    story = stories.confirm(pair[2])
    url = reverse("articles:story_update", args=[story.pk])
    response = researcher_client.post(url, {"canonical": " "}, HTTP_HX_REQUEST="true", **FR)
    assert response.status_code == 400
    assert "Donnez une formulation au récit." in response.content.decode()


def test_suggestion_states_are_translated():
    with translation.override("fr"):
        labels = {str(label) for _value, label in MatchSuggestion.State.choices}
    assert labels == {"Suggérée", "Confirmée", "Rejetée"}


def test_every_evidence_label_and_veto_the_matcher_writes_is_translated():
    """The matcher (plain Python) writes English keys and veto reasons; each one a page
    shows has a label here, and the label is French in French."""
    matching = (
        Path(__file__).resolve().parent.parent / "articles/extraction/matching.py"
    ).read_text()
    vetoes = set(re.findall(r'vetoes\.append\("([^"]+)"\)', matching))
    assert vetoes and vetoes == set(VETOES)
    template = (
        Path(__file__).resolve().parent.parent / "templates/articles/_evidence.html"
    ).read_text()
    shown = set(re.findall(r'{% evidence_label "(\w+)" %}', template))
    assert shown == set(EVIDENCE_LABELS)
    with translation.override("fr"):
        french = {key: str(label) for key, label in EVIDENCE_LABELS.items()}
        french_vetoes = {reason: str(label) for reason, label in VETOES.items()}
    with translation.override("en"):
        english = {key: str(label) for key, label in EVIDENCE_LABELS.items()}
    assert all(french[key] != english[key] for key in english), french
    assert all(french_vetoes[r] != r for r in vetoes), french_vetoes
