"""The claim panel's edits over HTTP: htmx and plain forms, conflicts that keep typed text."""

import pytest
from django.urls import reverse

from articles.models import Claim, Note, Tag
from tests.factories import ClaimFactory, NoteFactory, ResearcherFactory, SourceFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "claim-panel"}


def url(name, claim, **extra):
    return reverse(
        f"articles:{name}", kwargs={"article_pk": claim.article_id, "pk": claim.pk, **extra}
    )


def test_htmx_status_change_returns_the_fresh_panel_and_list_entry(researcher_client):
    claim = ClaimFactory()
    response = researcher_client.post(
        url("claim_update", claim),
        {"version": 1, "status": "disputed", "credibility": "3"},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="version" value="2"' in body
    assert 'data-status="disputed"' in body
    assert f'id="claim-item-{claim.pk}"' in body and 'hx-swap-oob="true"' in body
    claim.refresh_from_db()
    assert claim.status.slug == "disputed" and claim.credibility == 3 and claim.curated


def test_without_javascript_an_edit_redirects_to_the_claim(researcher_client):
    claim = ClaimFactory()
    response = researcher_client.post(
        url("claim_update", claim), {"version": 1, "status": "refuted"}
    )
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()


def test_conflict_keeps_the_typed_note_and_shows_what_changed(researcher_client):
    claim = ClaimFactory()
    otto = ResearcherFactory(username="otto")
    from articles.services.claims import update_claim

    update_claim(claim.pk, version=1, user=otto, status="corroborated")
    typed = "My long note that must not be lost: the NIS said <b>twelve</b>."
    response = researcher_client.post(
        url("note_add", claim), {"version": 1, "form": "note", "body": typed}, headers=HTMX
    )
    body = response.content.decode()
    assert "Someone else changed this claim" in body
    assert "otto" in body and "Corroborated" in body
    assert "the NIS said &lt;b&gt;twelve&lt;/b&gt;." in body  # kept, escaped, in the textarea
    assert 'name="version" value="2"' in body  # ready to re-apply on the fresh version
    assert not Note.objects.exists()
    # Without JavaScript: a 409 page with the same content.
    plain = researcher_client.post(
        url("note_add", claim), {"version": 1, "form": "note", "body": typed}
    )
    assert plain.status_code == 409 and "the NIS said" in plain.content.decode()


def test_conflict_on_status_keeps_the_chosen_status_selected(researcher_client):
    claim = ClaimFactory()
    from articles.services.claims import update_claim

    update_claim(claim.pk, version=1, user=ResearcherFactory(username="otto"), credibility=2)
    body = researcher_client.post(
        url("claim_update", claim),
        {
            "version": 1,
            "form": "review",
            "status": "refuted",
            "credibility": "5",
            "reliability_override": "",
        },
        headers=HTMX,
    ).content.decode()
    assert '<option value="refuted" selected>' in body
    assert '<option value="5" selected>' in body
    claim.refresh_from_db()
    assert claim.status.slug == "unreviewed" and claim.credibility == 2


def test_invalid_input_is_explained_and_kept(researcher_client):
    claim = ClaimFactory()
    body = researcher_client.post(
        url("note_add", claim), {"version": 1, "form": "note", "body": "   "}, headers=HTMX
    ).content.decode()
    assert "The note is empty" in body


def test_notes_render_markdown_sanitised(researcher_client, researcher):
    claim = ClaimFactory()
    NoteFactory(
        claim=claim,
        author=researcher,
        body="**bold** <script>alert(1)</script> [x](javascript:alert(2))",
    )
    body = researcher_client.get(claim.get_absolute_url(), headers=HTMX).content.decode()
    rendered = body.split('<div class="note-body">', 1)[1].split("</div>", 1)[0]
    assert "<strong>bold</strong>" in rendered
    assert "<script" not in rendered and "javascript:" not in rendered
    assert "<script>alert(1)" not in body  # the source in the edit box is escaped


def test_only_the_author_or_an_admin_edits_a_note(researcher_client, desk_admin):
    from django.test import Client

    claim = ClaimFactory()
    note = NoteFactory(claim=claim, author=ResearcherFactory(username="otto"), body="mine")
    edit = url("note_edit", claim, note_pk=note.pk)
    assert researcher_client.post(edit, {"version": 1, "body": "hijack"}).status_code == 403
    admin = Client()
    admin.force_login(desk_admin)
    assert admin.post(edit, {"version": 1, "body": "fixed"}).status_code == 302
    assert Note.objects.get(pk=note.pk).body == "fixed"


def test_tag_autocomplete_create_and_remove(researcher_client):
    claim = ClaimFactory()
    Tag.objects.create(name="Kursk")
    body = researcher_client.get(claim.get_absolute_url(), headers=HTMX).content.decode()
    assert '<option value="Kursk">' in body
    researcher_client.post(
        url("claim_tag_add", claim), {"version": 1, "name": "troops"}, headers=HTMX
    )
    tag = Tag.objects.get(name="troops")
    assert list(Claim.objects.get(pk=claim.pk).tags.all()) == [tag]
    researcher_client.post(
        url("claim_tag_remove", claim, tag_pk=tag.pk), {"version": 2}, headers=HTMX
    )
    assert not Claim.objects.get(pk=claim.pk).tags.exists()


def test_attribution_add_resolve_remove(researcher_client):
    claim = ClaimFactory()
    researcher_client.post(url("attribution_add", claim), {"version": 1, "mention": "un transfuge"})
    attribution = claim.attributions.get()
    assert attribution.source is None
    nis = SourceFactory(name="NIS")
    researcher_client.post(
        url("attribution_edit", claim, attribution_pk=attribution.pk),
        {"version": 2, "source": nis.pk},
    )
    attribution.refresh_from_db()
    assert attribution.source == nis and attribution.mention == "un transfuge"
    researcher_client.post(
        url("attribution_delete", claim, attribution_pk=attribution.pk), {"version": 3}
    )
    assert not claim.attributions.exists()


def test_link_picker_and_link(researcher_client):
    claim = ClaimFactory()
    other = ClaimFactory()
    picker = researcher_client.get(
        reverse("articles:claim_picker"), {"q": "Pyongyang fired", "exclude": claim.pk}
    )
    body = picker.content.decode()
    assert f'value="{other.pk}"' in body and f'value="{claim.pk}"' not in body
    researcher_client.post(
        url("link_add", claim), {"version": 1, "to_claim": other.pk, "kind": "contradicts"}
    )
    link = claim.links_out.get()
    assert link.to_claim == other and link.kind == "contradicts"
    panel = researcher_client.get(other.get_absolute_url(), headers=HTMX).content.decode()
    assert "contradicts" in panel  # shown from the other side too
    researcher_client.post(url("link_delete", claim, link_pk=link.pk), {"version": 2})
    assert not claim.links_out.exists()


def test_reject_and_restore(researcher_client):
    claim = ClaimFactory()
    response = researcher_client.post(
        url("claim_update", claim), {"version": 1, "is_rejected": "1"}, headers=HTMX
    )
    assert response["HX-Redirect"] == claim.get_absolute_url()
    assert Claim.objects.get(pk=claim.pk).is_rejected
    body = researcher_client.get(claim.get_absolute_url()).content.decode()
    assert "Restore this claim" in body
    researcher_client.post(url("claim_update", claim), {"version": 2, "is_rejected": "0"})
    assert not Claim.objects.get(pk=claim.pk).is_rejected


def test_new_claim_from_selection_and_span_adjustment(researcher_client):
    claim = ClaimFactory()
    text = claim.article.text
    start = text.index("The launches")
    response = researcher_client.post(
        reverse("articles:claim_create", args=[claim.article_id]),
        {
            "start": start,
            "end": len(text),
            "exact": text[start:],
            "sources": [SourceFactory(name="Yonhap").pk],
        },
        headers={"HX-Request": "true"},
    )
    new = Claim.objects.exclude(pk=claim.pk).get()
    assert response["HX-Redirect"] == new.get_absolute_url()
    assert new.quote == text[start:] and new.origin == "manual"
    researcher_client.post(
        url("claim_span", new), {"version": 1, "start": start, "end": start + 12}
    )
    new.refresh_from_db()
    assert new.quote == "The launches" and new.version == 2


def test_new_claim_with_bad_offsets_is_explained(researcher_client):
    claim = ClaimFactory()
    response = researcher_client.post(
        reverse("articles:claim_create", args=[claim.article_id]), {"start": 5, "end": 99999}
    )
    assert response.status_code == 400
    assert "outside the article" in response.content.decode()


def test_writes_need_the_permission(client):
    claim = ClaimFactory()
    client.force_login(ResearcherFactory(username="viewer", role="Researchers"))
    from django.contrib.auth.models import Group

    Group.objects.get(name="Researchers").permissions.filter(codename="change_claim").delete()
    response = client.post(url("claim_update", claim), {"version": 1, "status": "refuted"})
    assert response.status_code == 403


def test_span_with_a_quote_not_in_the_text_is_refused_with_a_message(researcher_client):
    from tests.factories import ArticleFactory

    article = ArticleFactory(text="KCNA said the launch was a success.")
    claim = ClaimFactory(article=article, start=0, end=4)
    response = researcher_client.post(
        f"/articles/{claim.article_id}/claims/{claim.pk}/span/",
        {"version": 1, "start": 10, "end": 20, "exact": "the rocket"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "not in this article&#x27;s text" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).end == 4
