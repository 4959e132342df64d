"""Saved searches: any claims-page filter kept with a name, private or shared; subscribing;
alerts when new claims match (imports, re-extraction, claims added by hand); a private Atom
feed per subscription with a revocable token."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Notification, SavedSearch, Subscription, Tag
from articles.services import claims as claim_service
from articles.services import saved_searches as searches
from tests.factories import ArticleFactory, ClaimFactory, ResearcherFactory, TagFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture
def otto(db):
    return ResearcherFactory(username="otto")


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_claims_page_saves_its_filter_and_subscribes_the_owner(researcher_client, researcher):
    TagFactory(name="missiles")
    html = researcher_client.get(reverse("articles:claim_list"), {"tag": "missiles"}).content
    assert b'id="save-search"' in html
    response = researcher_client.post(
        reverse("articles:search_save"),
        {"name": "Missile claims", "query": "tag=missiles&sort=oldest&page=2", "shared": "1"},
        follow=True,
    )
    assert "Search “Missile claims” saved." in messages_of(response)
    search = SavedSearch.objects.get()
    assert search.params == {"tag": "missiles"}  # order and page do not select claims
    assert search.shared and search.owner == researcher
    assert Subscription.objects.get().user == researcher
    assert "Missile claims" in response.content.decode()


def test_an_unfiltered_page_offers_no_save(researcher_client):
    assert b'id="save-search"' not in researcher_client.get(reverse("articles:claim_list")).content


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("", "q=kim", "Give the search a name."),
        ("All", "sort=oldest", "Nothing filters the claims yet"),
        ("Bad tag", "tag=no-such-tag", "This search's filter no longer works: There is no tag"),
        ("Bad grade", "grade=Z9", "is not an Admiralty grade"),
    ],
)
def test_a_search_that_cannot_be_saved_says_why(researcher_client, name, query, message):
    response = researcher_client.post(
        reverse("articles:search_save"), {"name": name, "query": query}, follow=True
    )
    assert message in messages_of(response)
    assert not SavedSearch.objects.exists()


def test_two_searches_of_one_owner_have_two_names(researcher):
    searches.save_search(user=researcher, name="Kim", params={"q": "kim"})
    with pytest.raises(searches.SavedSearchError, match="already have a saved search"):
        searches.save_search(user=researcher, name="kim", params={"q": "jong"})
    assert SavedSearch.objects.count() == 1


def test_private_searches_stay_private_shared_ones_can_be_followed(client, researcher, otto):
    private = searches.save_search(user=researcher, name="Mine", params={"q": "kim"})
    shared = searches.save_search(user=researcher, name="Ours", params={"q": "seoul"}, shared=True)
    client.force_login(otto)
    html = client.get(reverse("articles:search_list")).content.decode()
    assert "Ours" in html and "Mine" not in html
    response = client.post(
        reverse("articles:search_action", args=[private.pk, "subscribe"]), follow=True
    )
    assert "private to someone else" in messages_of(response)
    client.post(reverse("articles:search_action", args=[shared.pk, "subscribe"]))
    assert Subscription.objects.filter(user=otto, saved_search=shared).exists()
    response = client.post(
        reverse("articles:search_action", args=[shared.pk, "delete"]), follow=True
    )
    assert "Only the search's owner can delete it." in messages_of(response)


def test_subscribing_to_a_filter_that_no_longer_parses_is_refused(client, researcher, otto):
    tag = TagFactory(name="sanctions")
    search = searches.save_search(
        user=researcher, name="Sanctions", params={"tag": "sanctions"}, shared=True
    )
    Tag.objects.filter(pk=tag.pk).delete()
    client.force_login(otto)
    response = client.post(
        reverse("articles:search_action", args=[search.pk, "subscribe"]), follow=True
    )
    text = messages_of(response)
    assert "This search's filter no longer works: There is no tag “sanctions”." in text
    assert not Subscription.objects.filter(user=otto).exists()
    html = response.content.decode()
    assert "This filter no longer works: There is no tag “sanctions”." in html


# -- alerts ---------------------------------------------------------------------------------


def test_a_claim_added_by_hand_alerts_the_subscribers_of_matching_searches(
    settings, researcher, otto, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    article = ArticleFactory(language="en")
    searches.save_search(user=otto, name="English", params={"language": "en"})
    searches.save_search(user=otto, name="Korean", params={"language": "ko"})
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_service.create_claim(article, user=researcher, start=0, end=20)
    alert = Notification.objects.get(recipient=otto)
    assert alert.kind == "alert" and alert.saved_search.name == "English"
    assert alert.claim == claim and alert.count == 1


def test_an_imported_article_alerts_once_per_matching_search(
    settings, registry, researcher, otto, seed_text, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    searches.save_search(user=otto, name="French", params={"language": "fr"})
    searches.save_search(user=researcher, name="French too", params={"language": "fr"})
    from articles.services.imports import import_article

    with django_capture_on_commit_callbacks(execute=True):
        result = import_article(seed_text, input_kind=Article.InputKind.PASTE_TEXT, user=researcher)
    article = result.article if hasattr(result, "article") else result
    claims = article.claims.count()
    assert claims > 0
    alerts = Notification.objects.filter(kind="alert")
    assert sorted(a.recipient.username for a in alerts) == ["otto", "rita"]
    assert all(a.count == claims for a in alerts)


def test_identical_filters_are_matched_once_and_filters_in_few_queries(researcher, otto):
    claim = ClaimFactory()
    for n in range(3):
        searches.save_search(user=otto, name=f"Pyongyang {n}", params={"q": "Pyongyang"})
    for n in range(250):
        searches.save_search(user=researcher, name=f"word {n}", params={"q": f"word{n}"})
    searches.save_search(user=researcher, name="unfollowed", params={"q": "x"}, subscribe=False)
    with CaptureQueriesContext(connection) as captured:
        found = searches.matching_searches([claim.pk])
    assert sorted(SavedSearch.objects.get(pk=pk).name for pk in found) == [
        "Pyongyang 0",
        "Pyongyang 1",
        "Pyongyang 2",
    ]
    assert all(pks == [claim.pk] for pks in found.values())
    # One query reads the searches, two the registry's spellings (once for every text
    # search), two the new claims' and their notes' texts (or, on PostgreSQL, one statement
    # per table tests every search text), one the base condition.
    assert len(captured.captured_queries) <= 1 + 2 + 2 + 1


def test_a_broken_saved_filter_is_skipped_by_alerts(researcher):
    tag = TagFactory(name="gone")
    searches.save_search(user=researcher, name="Gone", params={"tag": "gone"})
    searches.save_search(user=researcher, name="Pyongyang", params={"q": "Pyongyang"})
    Tag.objects.filter(pk=tag.pk).delete()
    claim = ClaimFactory()
    found = searches.matching_searches([claim.pk])
    assert [SavedSearch.objects.get(pk=pk).name for pk in found] == ["Pyongyang"]


# -- the private Atom feed --------------------------------------------------------------------


def feed_url(subscription) -> str:
    return reverse("articles:search_feed", args=[subscription.feed_token])


def test_the_feed_is_valid_atom_with_ids_stable_across_polls(client, researcher):
    article = ArticleFactory(title="Launch & <tension>")
    ClaimFactory.create_batch(3, article=article)
    searches.save_search(user=researcher, name="Pyongyang", params={"q": "Pyongyang"})
    subscription = Subscription.objects.get()
    first = client.get(feed_url(subscription))  # no login: feed readers have no session
    assert first.status_code == 200
    assert first["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(first.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Newsdesk: Pyongyang"
    assert len(parsed.entries) == 3
    assert all(entry.link.endswith(entry.id.split("testserver")[-1]) for entry in parsed.entries)
    ClaimFactory(article=article)
    again = feedparser.parse(client.get(feed_url(subscription)).content)
    assert again.bozo == 0
    assert {e.id for e in parsed.entries} < {e.id for e in again.entries}
    assert len(again.entries) == 4


def test_a_revoked_feed_address_stops_working(client, researcher_client, researcher):
    searches.save_search(user=researcher, name="Kim", params={"q": "kim"})
    old = Subscription.objects.get()
    old_url = feed_url(old)
    response = researcher_client.post(
        reverse("articles:search_action", args=[old.saved_search_id, "revoke"]), follow=True
    )
    assert "the old one no longer works" in messages_of(response)
    client.logout()
    refused = client.get(old_url)
    assert refused.status_code == 404
    assert "This feed address is not valid" in refused.content.decode()
    assert client.get(feed_url(Subscription.objects.get())).status_code == 200


def test_a_feed_whose_filter_broke_says_so(client, researcher):
    tag = TagFactory(name="old")
    searches.save_search(user=researcher, name="Old", params={"tag": "old"})
    Tag.objects.filter(pk=tag.pk).delete()
    response = client.get(feed_url(Subscription.objects.get()))
    assert response.status_code == 409
    assert "filter no longer works: There is no tag “old”." in response.content.decode()


def test_alert_matching_agrees_with_each_filter_run_whole(researcher):
    """matching_searches splits filters into shared conditions: it must select exactly what
    the claim filter selects for each saved filter, combinations and edge cases included."""
    from articles.claim_filter import ClaimFilter
    from articles.models import ClaimStatus
    from tests.factories import AttributionFactory, SourceFactory

    kcna = SourceFactory(name="KCNA alerts", kind="state_media", country="KP", reliability="E")
    nis = SourceFactory(name="NIS alerts", kind="intelligence", country="KR", reliability="B")
    missiles = TagFactory(name="missiles")
    disputed = ClaimStatus.objects.get(slug="disputed")
    fr = ArticleFactory(language="fr", text="Pyongyang a tiré des missiles, selon Séoul.")
    en = ArticleFactory(language="en")
    claims = [
        ClaimFactory(article=fr),
        ClaimFactory(article=en, status=disputed, credibility=2),
        ClaimFactory(article=en, is_rejected=True),
        ClaimFactory(article=en, reliability_override="C", origin="manual"),
    ]
    AttributionFactory(claim=claims[0], source=kcna)
    AttributionFactory(claim=claims[1], source=nis)
    AttributionFactory(claim=claims[2], source=kcna)
    claims[1].tags.add(missiles)
    claims[2].tags.add(missiles)
    claim_service.add_note(claims[3].pk, version=1, user=researcher, body="Vérifié: missiles")
    filters = [
        {"q": "missiles"},
        {"q": "missiles", "notes": "1"},
        {"q": "Seoul"},
        {"q": "pyongyang -missiles"},
        {"q": "missiles", "rejected": "1"},
        {"source": "kcna-alerts"},
        {"source": "kcna-alerts", "with_rejected": "1"},
        {"tag": "missiles", "rejected": "1"},
        {"tag": "missiles", "status": "disputed", "language": "en"},
        {"kind": "intelligence", "credibility": "2"},
        {"country": "KP", "q": "pyongyang"},
        {"reliability": "C"},
        {"grade": "B2"},
        {"grade": "E", "credibility": "2"},
        {"origin": "manual", "q": "verifie"},
        {"reviewed": "1"},
        {"ids": f"{claims[2].pk},{claims[0].pk}"},
        {"ids": f"{claims[2].pk},{claims[0].pk}", "q": "pyongyang"},
        {"from": "2000-01-01", "language": "fr"},
        {"notes": "1"},
    ]
    for n, params in enumerate(filters):
        searches.save_search(user=researcher, name=f"f{n}", params=params)
    ids = [c.pk for c in claims]
    found = searches.matching_searches(ids)
    for n, params in enumerate(filters):
        search = SavedSearch.objects.get(name=f"f{n}")
        expected = sorted(
            ClaimFilter.from_params(params)
            .filtered()
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        assert found.get(search.pk, []) == expected, params
    assert len(found) >= 10  # most of them match something: the comparison is not vacuous
