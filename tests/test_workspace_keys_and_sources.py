"""Over HTTP: the panel's keys, sources typed by name, the picker by source, redrawn badges."""

import pytest
from django.urls import reverse

from articles.models import Attribution, ClaimStatus, SourceAlias
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "claim-panel"}


def url(name, claim, **extra):
    return reverse(
        f"articles:{name}", kwargs={"article_pk": claim.article_id, "pk": claim.pk, **extra}
    )


def test_the_panel_and_the_help_show_every_status_key(researcher_client):
    ClaimStatus.ensure_starter()
    ClaimStatus.objects.create(slug="contested", name="Contested", order=25)
    claim = ClaimFactory()
    page = researcher_client.get(claim.get_absolute_url()).content.decode()
    assert (
        '<span class="key-choice" data-key="s" data-status="contested"><kbd>s</kbd> Contested</span>'
        in page
    )  # the custom status's key, beside the status field
    assert "<dt><kbd>s</kbd></dt><dd>status: Contested</dd>" in page  # in the ? help
    assert "<dt><kbd>e</kbd></dt><dd>status: Unreviewed</dd>" in page


def test_a_source_typed_by_name_or_alias_is_added(researcher_client):
    claim = ClaimFactory()
    kcna = SourceFactory(name="Korean Central News Agency")
    SourceAlias.objects.create(source=kcna, alias="KCNA")
    researcher_client.post(
        url("attribution_add", claim), {"version": 1, "source_name": "korean central news agency"}
    )
    researcher_client.post(url("attribution_add", claim), {"version": 2, "source_name": "kcna"})
    assert [a.source for a in claim.attributions.all()] == [kcna, kcna]


def test_an_unknown_source_name_is_refused_with_a_message_and_kept(researcher_client):
    claim = ClaimFactory()
    response = researcher_client.post(
        url("attribution_add", claim),
        {"version": 1, "form": "attribution-add", "source_name": "Rodong Sinmoon"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert "No registry source is called “Rodong Sinmoon”" in body
    assert 'value="Rodong Sinmoon"' in body  # what was typed stays in the field
    assert not claim.attributions.exists()


def test_a_new_claim_takes_its_source_by_name_and_refuses_an_unknown_one(researcher_client):
    article = ArticleFactory(text="KCNA called the mission heroic, the agency said.")
    kcna = SourceFactory(name="KCNA")
    create = reverse("articles:claim_create", kwargs={"pk": article.pk})
    refused = researcher_client.post(
        create, {"start": 0, "end": 30, "source_name": "KCAN"}, headers={"HX-Request": "true"}
    )
    assert "No registry source is called" in refused.content.decode()
    assert not article.claims.exists()
    researcher_client.post(create, {"start": 0, "end": 30, "source_name": "KCNA"})
    assert [a.source for a in article.claims.get().attributions.all()] == [kcna]


def test_the_link_picker_finds_claims_by_their_source(researcher_client):
    claim = ClaimFactory()
    other = ClaimFactory()
    rodong = SourceFactory(name="Rodong Sinmun")
    Attribution.objects.create(claim=other, mention="the party daily", source=rodong)
    by_mention = ClaimFactory()
    Attribution.objects.create(claim=by_mention, mention="a Rodong editorial")
    picker = reverse("articles:claim_picker")
    body = researcher_client.get(picker, {"q": "rodong", "exclude": claim.pk}).content.decode()
    assert f'value="{other.pk}"' in body and f'value="{by_mention.pk}"' in body
    assert "Rodong Sinmun" in body  # who makes each result is shown
    assert f'value="{claim.pk}"' not in body
    empty = researcher_client.get(picker, {"q": "nobody-at-all"}).content.decode()
    assert "No claim or source matches" in empty


def test_a_source_change_redraws_the_text_badges_out_of_band(researcher_client):
    claim = ClaimFactory()
    nis = SourceFactory(name="NIS")
    attribution = Attribution.objects.create(claim=claim, mention="intelligence", source=None)
    body = researcher_client.post(
        url("attribution_edit", claim, attribution_pk=attribution.pk),
        {"version": 1, "source": nis.pk},
        headers=HTMX,
    ).content.decode()
    assert '<div id="article-text" hx-swap-oob="innerHTML">' in body
    assert 'data-badge="NIS"' in body
    # A status change leaves the text alone.
    ClaimStatus.ensure_starter()
    body = researcher_client.post(
        url("claim_update", claim), {"version": 2, "status": "disputed"}, headers=HTMX
    ).content.decode()
    assert 'id="article-text"' not in body
