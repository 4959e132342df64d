"""The claims page: search and filters across articles, sorting, shareable URLs, bulk edits."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Attribution, Claim, ClaimStatus, Tag
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = "/claims/"


@pytest.fixture
def corpus():
    kcna = SourceFactory(name="KCNA", kind="state_media", country="KP", reliability="E")
    nis = SourceFactory(name="NIS", kind="intelligence", country="KR", reliability="B")
    fr = ArticleFactory(
        language="fr",
        text="Pyongyang a envoyé des soldats en Russie, selon le NIS.",
        published_at=timezone.make_aware(dt.datetime(2025, 12, 27, 14, 1)),
    )
    en = ArticleFactory(
        language="en",
        text="KCNA said the missile test was a success.",
        published_at=timezone.make_aware(dt.datetime(2024, 5, 1, 9, 0)),
    )
    soldiers = ClaimFactory(article=fr, credibility=2)
    Attribution.objects.create(claim=soldiers, mention="le NIS", source=nis)
    missile = ClaimFactory(
        article=en, origin="manual", status=ClaimStatus.objects.get(slug="disputed")
    )
    Attribution.objects.create(claim=missile, mention="KCNA", source=kcna)
    tag = Tag.objects.create(name="Troops")
    soldiers.tags.add(tag)
    return {"soldiers": soldiers, "missile": missile, "kcna": kcna, "nis": nis}


def shown(client, **params):
    body = client.get(URL, params).content.decode()
    return {
        name
        for name, snippet in [("soldiers", "envoyé des soldats"), ("missile", "missile test")]
        if snippet in body
    }


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, {"soldiers", "missile"}),
        ({"q": "soldats"}, {"soldiers"}),
        ({"q": "MISSILE"}, {"missile"}),
        ({"source": "kcna"}, {"missile"}),
        ({"kind": "intelligence"}, {"soldiers"}),
        ({"country": "KP"}, {"missile"}),
        ({"tag": "troops"}, {"soldiers"}),
        ({"status": "disputed"}, {"missile"}),
        ({"grade": "B2"}, {"soldiers"}),
        ({"reliability": "E"}, {"missile"}),
        ({"language": "fr"}, {"soldiers"}),
        ({"from": "2025-01-01"}, {"soldiers"}),
        ({"to": "2024-12-31"}, {"missile"}),
        ({"origin": "manual"}, {"missile"}),
    ],
)
def test_filters(researcher_client, corpus, params, expected):
    assert shown(researcher_client, **params) == expected


def test_rejected_claims_only_when_asked(researcher_client, corpus):
    Claim.objects.filter(pk=corpus["missile"].pk).update(is_rejected=True)
    assert shown(researcher_client) == {"soldiers"}
    assert shown(researcher_client, rejected="1") == {"missile"}


def test_sorting_and_shareable_url(researcher_client, corpus):
    newest = researcher_client.get(URL, {"sort": "newest"}).content.decode()
    assert newest.index("envoyé des soldats") < newest.index("missile test")
    oldest = researcher_client.get(URL, {"sort": "oldest", "language": "fr"}).content.decode()
    assert 'href="?sort=oldest&amp;language=fr"' in oldest
    assert '<option value="fr" selected>' in oldest


def test_bulk_status_and_tag_on_a_selection(researcher_client, corpus):
    ids = [corpus["soldiers"].pk, corpus["missile"].pk]
    response = researcher_client.post(
        reverse("articles:claim_bulk"),
        {
            "claims": ids,
            **{f"v_{pk}": 1 for pk in ids},
            "status": "refuted",
            "tag": "Checked",
            "back": "?q=x",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/claims/?q=x"
    for claim in Claim.objects.filter(pk__in=ids):
        assert claim.status.slug == "refuted"
        assert "Checked" in claim.tags.values_list("name", flat=True)
        assert claim.curated and claim.history.filter(history_user__username="rita").exists()


def test_bulk_without_selection_says_so(researcher_client, corpus):
    response = researcher_client.post(
        reverse("articles:claim_bulk"), {"status": "refuted"}, follow=True
    )
    assert "Select at least one claim" in response.content.decode()


def test_claims_page_queries_do_not_grow_with_results(
    researcher_client, corpus, django_assert_max_num_queries
):
    for _ in range(40):
        claim = ClaimFactory()
        Attribution.objects.create(claim=claim, mention="KCNA", source=corpus["kcna"])
    with django_assert_max_num_queries(16):
        researcher_client.get(URL)


# -- ids that are not ids: never a server error ------------------------------------------

NOT_IDS = ["²", "١٢", "99999999999999999999", str(2**63), "0", "-3", " "]


@pytest.mark.parametrize("bad", NOT_IDS)
def test_bad_ids_in_filters_are_ignored(researcher_client, corpus, bad):
    assert researcher_client.get(URL, {"source": bad}).status_code == 200
    response = researcher_client.get("/claims/pick/", {"q": "kcna", "exclude": bad})
    assert response.status_code == 200


@pytest.mark.parametrize("bad", NOT_IDS)
def test_bulk_with_bad_ids_says_select_a_claim(researcher_client, corpus, bad):
    response = researcher_client.post(
        reverse("articles:claim_bulk"), {"claims": bad, "status": "refuted"}, follow=True
    )
    assert response.status_code == 200
    assert "Select at least one claim" in response.content.decode()


@pytest.mark.parametrize("bad", NOT_IDS)
def test_claim_edits_with_bad_ids_answer_with_a_form_error(researcher_client, corpus, bad):
    claim = corpus["missile"]
    base = f"/articles/{claim.article_id}/claims/{claim.pk}"
    for path, data in [
        ("/links/", {"to_claim": bad, "kind": "corroborates"}),
        ("/attributions/", {"source": bad}),
    ]:
        response = researcher_client.post(base + path, {"version": claim.version, **data})
        assert response.status_code in (200, 400), path
        claim.refresh_from_db()
    response = researcher_client.post(
        f"/articles/{claim.article_id}/claims/new/",
        {"start": 0, "end": 4, "exact": "KCNA", "sources": bad},
    )
    assert response.status_code == 302


def test_removing_a_tag_with_a_huge_id_is_not_a_server_error(researcher_client, corpus):
    claim = corpus["soldiers"]
    response = researcher_client.post(
        f"/articles/{claim.article_id}/claims/{claim.pk}/tags/99999999999999999999/remove/",
        {"version": claim.version},
    )
    assert response.status_code in (200, 302, 400)
    assert claim.tags.count() == 1


def test_bulk_skips_claims_a_colleague_changed_since_the_page_was_loaded(
    researcher_client, corpus
):
    from articles.services import claims as service
    from tests.factories import ResearcherFactory

    soldiers, missile = corpus["soldiers"], corpus["missile"]
    page = researcher_client.get(URL).content.decode()
    assert f'name="v_{soldiers.pk}" value="1"' in page
    # A colleague grades the missile claim after the page was rendered.
    service.update_claim(
        missile.pk, version=1, user=ResearcherFactory(username="otto"), status="corroborated"
    )
    response = researcher_client.post(
        reverse("articles:claim_bulk"),
        {
            "claims": [soldiers.pk, missile.pk],
            f"v_{soldiers.pk}": 1,
            f"v_{missile.pk}": 1,
            "status": "refuted",
        },
        follow=True,
    )
    body = response.content.decode()
    soldiers.refresh_from_db()
    missile.refresh_from_db()
    assert soldiers.status.slug == "refuted" and soldiers.version == 2
    assert missile.status.slug == "corroborated" and missile.version == 2  # theirs, kept
    assert "to 1 claim." in body  # singular since the message is translated with ngettext
    assert "Skipped 1 claim a colleague changed" in body and f"#{missile.pk}" in body


def test_bulk_without_versions_changes_nothing(researcher_client, corpus):
    researcher_client.post(
        reverse("articles:claim_bulk"),
        {"claims": [corpus["soldiers"].pk], "status": "refuted"},
        follow=True,
    )
    corpus["soldiers"].refresh_from_db()
    assert corpus["soldiers"].status.slug != "refuted"


def _sql(captured) -> str:
    return "\n".join(q["sql"] for q in captured.captured_queries)


def test_claim_lists_do_not_load_the_articles_raw_input_or_text(researcher_client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path, params in [(URL, {}), ("/claims/pick/", {"q": "missile"})]:
        with CaptureQueriesContext(connection) as captured:
            response = researcher_client.get(path, params)
        assert response.status_code == 200 and "missile test" in response.content.decode()
        sql = _sql(captured)
        assert '"articles_claim"' in sql
        for column in ('"raw_input"', '"raw_bytes"', '"articles_article"."text"'):
            assert column not in sql, (path, column)
