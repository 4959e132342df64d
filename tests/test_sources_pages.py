"""Source pages (timeline, tags, companions) and the admins' registry and tag pages."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Attribution, Source, Tag
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_source_page_timeline_tags_and_companions(researcher_client):
    kcna = SourceFactory(name="KCNA")
    afp = SourceFactory(name="AFP")
    tag = Tag.objects.create(name="Troops")
    for month in (1, 1, 3):
        article = ArticleFactory(published_at=timezone.make_aware(dt.datetime(2025, month, 5)))
        claim = ClaimFactory(article=article)
        Attribution.objects.create(claim=claim, mention="KCNA", source=kcna)
        Attribution.objects.create(claim=claim, mention="AFP", source=afp, position=1)
        claim.tags.add(tag)
    body = researcher_client.get(kcna.get_absolute_url()).content.decode()
    assert "<svg" in body and body.count('class="bar"') == 3  # Jan, Feb (empty), Mar
    assert 'height="90.0"' in body  # the peak month fills the chart
    assert "Troops" in body and ">AFP</a>" in body
    assert reverse("articles:claim_list") + "?source=kcna" in body


def test_source_page_without_claims(researcher_client):
    body = researcher_client.get(SourceFactory(name="TASS").get_absolute_url()).content.decode()
    assert "No claims cite this source yet" in body


@pytest.mark.parametrize(
    "name,args,data",
    [
        ("source_create", {}, {"name": "HUR", "kind": "intelligence", "reliability": "C"}),
        ("tag_edit", None, {"name": "renamed", "colour": "#112233"}),
        ("tag_delete", None, {}),
    ],
)
def test_researchers_get_403_on_admin_pages(researcher_client, name, args, data):
    tag = Tag.objects.create(name="t")
    kwargs = args if args is not None else {"pk": tag.pk}
    url = reverse(f"articles:{name}", kwargs=kwargs)
    assert researcher_client.get(url).status_code == 403
    assert researcher_client.post(url, data).status_code == 403
    assert Tag.objects.filter(name="t").exists() and not Source.objects.filter(name="HUR").exists()


def test_researcher_cannot_edit_a_source(researcher_client):
    source = SourceFactory(name="NIS", reliability="B")
    url = reverse("articles:source_edit", args=[source.slug])
    assert (
        researcher_client.post(
            url, {"name": "NIS", "kind": "intelligence", "reliability": "A"}
        ).status_code
        == 403
    )
    source.refresh_from_db()
    assert source.reliability == "B"


def test_admin_creates_and_edits_a_source_with_aliases(desk_admin):
    client = Client()
    client.force_login(desk_admin)
    response = client.post(
        reverse("articles:source_create"),
        {
            "name": "HUR",
            "kind": "intelligence",
            "country": "ua",
            "reliability": "C",
            "aliases": "renseignement militaire ukrainien | fr\nDefence Intelligence of Ukraine | en",
            "is_active": "on",
        },
    )
    hur = Source.objects.get(name="HUR")
    assert response.status_code == 302 and hur.country == "UA"
    assert set(hur.aliases.values_list("alias", "language")) == {
        ("HUR", ""),
        ("renseignement militaire ukrainien", "fr"),
        ("Defence Intelligence of Ukraine", "en"),
    }
    client.post(
        reverse("articles:source_edit", args=[hur.slug]),
        {
            "name": "HUR",
            "kind": "intelligence",
            "country": "UA",
            "reliability": "B",
            "aliases": "Defence Intelligence of Ukraine | en",
            "is_active": "on",
        },
    )
    hur.refresh_from_db()
    assert hur.reliability == "B"
    assert set(hur.aliases.values_list("alias", flat=True)) == {
        "HUR",
        "Defence Intelligence of Ukraine",
    }


def test_admin_edits_and_deletes_tags(desk_admin):
    client = Client()
    client.force_login(desk_admin)
    tag = Tag.objects.create(name="oldname")
    client.post(
        reverse("articles:tag_edit", args=[tag.pk]), {"name": "newname", "colour": "#112233"}
    )
    tag.refresh_from_db()
    assert tag.name == "newname"
    assert client.get(reverse("articles:tag_delete", args=[tag.pk])).status_code == 200
    client.post(reverse("articles:tag_delete", args=[tag.pk]))
    assert not Tag.objects.exists()


def test_status_css_only_carries_valid_colours(researcher_client):
    from articles.models import ClaimStatus

    ClaimStatus.objects.create(slug="retracted", name="Retracted", colour="red;}*{")
    css = researcher_client.get(reverse("articles:status_css")).content.decode()
    assert ".st-corroborated { --st: #2d7a46; }" in css
    assert ".st-retracted { --st: #888888; }" in css and "red;" not in css


def _source_data(name):
    return {"name": name, "kind": "news_agency", "reliability": "C", "is_active": "on"}


def test_two_names_with_the_same_slug_get_distinct_slugs(desk_admin):
    client = Client()
    client.force_login(desk_admin)
    first = client.post(reverse("articles:source_create"), _source_data("Zeta Agency"))
    second = client.post(reverse("articles:source_create"), _source_data("Zeta agency!"))
    assert first.status_code == second.status_code == 302
    assert list(Source.objects.filter(name__startswith="Zeta").values_list("slug", flat=True)) == [
        "zeta-agency",
        "zeta-agency-2",
    ]
    third = Source.objects.create(name="Zeta  agency?")
    assert third.slug == "zeta-agency-3"
    assert Tag.objects.create(name="Kursk").slug == "kursk"
    assert Tag.objects.create(name="kursk!").slug == "kursk-2"


def test_a_name_already_in_the_registry_is_a_form_error(desk_admin):
    client = Client()
    client.force_login(desk_admin)
    SourceFactory(name="Zeta Agency")
    response = client.post(reverse("articles:source_create"), _source_data("zeta AGENCY"))
    assert response.status_code == 200
    assert "There is already a source called “Zeta Agency”" in response.content.decode()
    assert Source.objects.filter(name__iexact="zeta agency").count() == 1
    tag = Tag.objects.create(name="Troops")
    other = Tag.objects.create(name="Kursk")
    response = client.post(
        reverse("articles:tag_edit", args=[other.pk]), {"name": "troops", "colour": "#112233"}
    )
    assert "There is already a tag called “Troops”" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Kursk" and tag.name == "Troops"


def test_source_page_does_not_load_the_articles_raw_input_or_text(researcher_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kcna = SourceFactory(name="KCNA")
    claim = ClaimFactory(article=ArticleFactory(title="Launch", text="KCNA said it launched."))
    Attribution.objects.create(claim=claim, mention="KCNA", source=kcna)
    with CaptureQueriesContext(connection) as captured:
        response = researcher_client.get(kcna.get_absolute_url())
    assert response.status_code == 200 and "Launch" in response.content.decode()
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    for column in ('"raw_input"', '"raw_bytes"', '"articles_article"."text"'):
        assert column not in sql, column
