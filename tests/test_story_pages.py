"""The claim panel's suggested matches, the story page and the source page's stories."""

import pytest
from django.urls import reverse

from articles.models import ClaimLink, MatchSuggestion, Story
from articles.services.imports import import_article
from tests.test_stories import EN, FR

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(registry):
    first = import_article(FR).article
    second = import_article(EN).article
    return first, second, MatchSuggestion.objects.get()


def _panel(client, claim, **headers):
    return client.get(reverse("articles:claim_detail", args=[claim.article_id, claim.pk]), **headers)


def test_the_panel_lists_the_suggestion_with_its_evidence_and_buttons(researcher_client, pair):
    _first, second, _suggestion = pair
    page = _panel(researcher_client, second.claims.get()).content.decode()
    assert "Same claim elsewhere" in page
    assert "Same figures</span> 100" in page
    assert "Koursk" in page and "killed" in page
    assert "compared across languages" in page
    assert "Confirm: same claim" in page and "Reject" in page


def test_confirming_from_the_panel_shows_the_story_counts(researcher_client, pair):
    _first, second, suggestion = pair
    claim = second.claims.get()
    url = reverse("articles:suggestion_decide", args=[second.pk, claim.pk, suggestion.pk])
    response = researcher_client.post(url, {"decision": "confirm"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Confirmed: both claims are now one story." in page
    assert "repeated in 2 articles, 1 independent origin" in page
    assert ClaimLink.objects.filter(kind="repeats").count() == 1
    again = researcher_client.post(url, {"decision": "reject"}, HTTP_HX_REQUEST="true")
    assert "already decided" in again.content.decode()


def test_rejecting_without_javascript_redirects_to_the_claim(researcher_client, pair):
    _first, second, suggestion = pair
    claim = second.claims.get()
    url = reverse("articles:suggestion_decide", args=[second.pk, claim.pk, suggestion.pk])
    response = researcher_client.post(url, {"decision": "reject"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED


def test_a_suggestion_of_another_claim_is_not_found(researcher_client, pair):
    from tests.factories import ClaimFactory

    suggestion = pair[2]
    claim = ClaimFactory()
    url = reverse("articles:suggestion_decide", args=[claim.article_id, claim.pk, suggestion.pk])
    assert researcher_client.post(url, {"decision": "confirm"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.SUGGESTED


def test_the_story_page_shows_first_appearance_origins_and_a_timeline(researcher_client, pair):
    from articles.services import stories

    _first, _second, suggestion = pair
    story = stories.confirm(suggestion)
    page = researcher_client.get(story.get_absolute_url()).content.decode()
    assert 'id="first-appearance"' in page and "19 Dec 2024" in page
    assert "repeated in 2 articles, 1 independent origin" in page
    assert "<svg" in page and "appearance" in page
    assert "Canonical wording" in page


def test_the_canonical_wording_is_editable(researcher_client, pair):
    from articles.services import stories

    story = stories.confirm(pair[2])
    url = reverse("articles:story_update", args=[story.pk])
    response = researcher_client.post(url, {"canonical": "About 100 North Korean soldiers killed"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.canonical == "About 100 North Korean soldiers killed"
    assert researcher_client.post(url, {"canonical": "  "}).status_code == 400


def test_the_source_page_lists_the_stories_it_originated(researcher_client, pair):
    from articles.services import stories

    story = stories.confirm(pair[2])
    source = pair[1].claims.get().attributions.get().source
    page = researcher_client.get(source.get_absolute_url()).content.decode()
    assert "Stories it originated" in page and story.get_absolute_url() in page


def test_a_missing_story_is_a_404(researcher_client):
    assert researcher_client.get(reverse("articles:story_detail", args=[999])).status_code == 404
    assert not Story.objects.exists()


def test_the_claims_page_filters_claims_with_suggestions_and_groups_by_story(
    researcher_client, pair
):
    from articles.claim_filter import ClaimFilter
    from articles.services import stories
    from tests.factories import ClaimFactory

    lonely = ClaimFactory()
    waiting = set(ClaimFilter.from_params({"suggested": "1"}).filtered())
    assert waiting == {pair[0].claims.get(), pair[1].claims.get()}
    page = researcher_client.get(reverse("articles:claim_list"), {"suggested": "1"})
    assert page.content.decode().count('class="quote"') == 2
    story = stories.confirm(pair[2])
    assert not ClaimFilter.from_params({"suggested": "1"}).filtered().exists()
    grouped = list(ClaimFilter.from_params({"sort": "story"}).sorted())
    assert [c.story_id for c in grouped] == [story.pk, story.pk, None]
    assert grouped[-1] == lonely
    in_story = ClaimFilter.from_params({"story": str(story.pk)})
    assert set(in_story.filtered()) == set(grouped[:2])
    assert in_story.to_params() == {"story": str(story.pk)}
    text = researcher_client.get(reverse("articles:claim_list"), {"sort": "story"}).content.decode()
    assert f"Story {story.pk}</a>" in text and "Not in a story" in text


def test_a_story_filter_naming_nothing_says_so():
    from articles.claim_filter import ClaimFilter, ClaimFilterError

    with pytest.raises(ClaimFilterError, match="no story 42"):
        ClaimFilter.from_params({"story": "42"})
