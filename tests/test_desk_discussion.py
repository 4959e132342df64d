"""Discussion on a claim: replies (one level), @mentions that notify, a 15-minute edit window,
a resolved flag; notes stay sanitised Markdown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Claim, Note, Notification
from articles.services import claims as service
from tests.factories import ClaimFactory, ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def otto(db):
    return ResearcherFactory(username="otto")


@pytest.fixture
def claim():
    return ClaimFactory()


def version(claim) -> int:
    return Claim.objects.get(pk=claim.pk).version


def test_a_reply_answers_a_note_and_notifies_its_author(claim, researcher, otto):
    note = service.add_note(claim.pk, version=1, user=researcher, body="Is this the NIS?")
    reply = service.add_note(
        claim.pk, version=version(claim), user=otto, body="Yes, per Yonhap.", parent_id=note.pk
    )
    assert reply.parent == note
    notice = Notification.objects.get(recipient=researcher)
    assert (notice.kind, notice.actor, notice.claim_id) == ("reply", otto, claim.pk)
    assert notice.detail == "Yes, per Yonhap."
    # One level: a reply to a reply answers the same note.
    again = service.add_note(
        claim.pk, version=version(claim), user=researcher, body="Thanks.", parent_id=reply.pk
    )
    assert again.parent == note


def test_a_mention_notifies_the_mentioned_researcher(claim, researcher, otto):
    service.add_note(claim.pk, version=1, user=researcher, body="@otto can you check **this**?")
    notice = Notification.objects.get(recipient=otto)
    assert notice.kind == "mention" and notice.actor == researcher
    # An e-mail address is not a mention, and nobody is notified of their own mention.
    service.add_note(
        claim.pk, version=version(claim), user=researcher, body="Write to otto@desk.example @rita"
    )
    assert Notification.objects.count() == 1


def test_mentioning_an_unknown_user_is_refused_and_saves_nothing(claim, researcher):
    UserFactory(username="visitor")  # exists, but has no role on the desk
    for body in ("Ask @nobody about it", "Ask @visitor about it"):
        with pytest.raises(service.ClaimEditError, match="Nobody on the desk is called @"):
            service.add_note(claim.pk, version=1, user=researcher, body=body)
    assert not Note.objects.exists()
    assert version(claim) == 1
    assert not Notification.objects.exists()


def test_the_panel_says_which_mention_is_unknown_and_keeps_the_text(researcher_client, claim):
    url = reverse("articles:note_add", args=[claim.article_id, claim.pk])
    response = researcher_client.post(
        url, {"version": 1, "form": "note", "body": "Ask @ghost"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Nobody on the desk is called @ghost" in html
    assert "Ask @ghost</textarea>" in html


def test_a_reply_through_the_panel(researcher_client, claim, otto):
    note = service.add_note(claim.pk, version=1, user=otto, body="First <script>x()</script>")
    url = reverse("articles:note_add", args=[claim.article_id, claim.pk])
    response = researcher_client.post(
        url,
        {"version": version(claim), "form": "reply", "parent": note.pk, "body": "Agreed"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Reply added." in html
    assert 'class="reply"' in html
    assert "<script>" not in html  # still sanitised Markdown
    assert Note.objects.get(body="Agreed").parent == note


def test_an_author_edits_within_fifteen_minutes_admins_any_time(claim, researcher, desk_admin):
    note = service.add_note(claim.pk, version=1, user=researcher, body="Draft")
    service.edit_note(note.pk, version=version(claim), user=researcher, body="Draft, fixed")
    Note.objects.filter(pk=note.pk).update(created=timezone.now() - timedelta(minutes=16))
    with pytest.raises(service.ClaimEditError, match="15 minutes"):
        service.edit_note(note.pk, version=version(claim), user=researcher, body="Too late")
    assert Note.objects.get(pk=note.pk).body == "Draft, fixed"
    service.edit_note(note.pk, version=version(claim), user=desk_admin, body="Admin fix")
    assert Note.objects.get(pk=note.pk).body == "Admin fix"


def test_an_edit_that_adds_a_mention_notifies_only_the_new_name(claim, researcher, otto):
    tess = ResearcherFactory(username="tess")
    note = service.add_note(claim.pk, version=1, user=researcher, body="@otto see")
    service.edit_note(note.pk, version=version(claim), user=researcher, body="@otto and @tess see")
    assert Notification.objects.filter(recipient=otto).count() == 1
    assert Notification.objects.filter(recipient=tess, kind="mention").count() == 1


def test_a_discussion_is_resolved_and_reopened(researcher_client, claim, researcher):
    note = service.add_note(claim.pk, version=1, user=researcher, body="Open question")
    reply = service.add_note(
        claim.pk, version=version(claim), user=researcher, body="Answer", parent_id=note.pk
    )
    url = reverse("articles:note_resolve", args=[claim.article_id, claim.pk, reply.pk])
    response = researcher_client.post(
        url, {"version": version(claim), "resolved": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "Discussion resolved." in response.content.decode()
    assert Note.objects.get(pk=note.pk).resolved is True  # the thread, by its first note
    service.set_note_resolved(note.pk, version=version(claim), user=researcher, resolved=False)
    assert Note.objects.get(pk=note.pk).resolved is False


def test_mention_autocomplete_lists_researchers_only(researcher_client, otto):
    UserFactory(username="ottoman")  # no desk role
    html = researcher_client.get(reverse("articles:people"), {"q": "@ott"}).content.decode()
    assert 'data-username="otto"' in html
    assert "ottoman" not in html
    html = researcher_client.get(reverse("articles:people"), {"q": "zz"}).content.decode()
    assert "No researcher’s name starts with “zz”" in html


def test_assign_fields_fill_their_researcher_list_when_first_focused(researcher_client, otto):
    """The claims page and the panel do not read every researcher's name on each load; the
    list comes from the people endpoint the first time an assign field is focused."""
    UserFactory(username="ottoman")  # no desk role
    html = researcher_client.get(reverse("articles:people"), {"options": "1"}).content.decode()
    assert '<option value="otto"></option>' in html
    assert "ottoman" not in html
    ClaimFactory()  # the bulk bar shows with claims to tick
    page = researcher_client.get(reverse("articles:claim_list")).content.decode()
    datalist = page.split('<datalist id="bulk-researchers"', 1)[1].split("</datalist>", 1)[0]
    assert "hx-get=" in datalist and "options=1" in datalist
    assert "<option" not in datalist


@pytest.mark.parametrize("parent", ["elsewhere", "missing", "junk"])
def test_a_reply_to_a_note_of_another_claim_or_none_is_refused_and_nothing_is_saved(
    claim, researcher, parent
):
    other = ClaimFactory()
    foreign = service.add_note(other.pk, version=1, user=researcher, body="On another claim")
    parent_id = {"elsewhere": foreign.pk, "missing": 987654, "junk": "12; DROP"}[parent]
    before = Note.objects.count()
    with pytest.raises(service.ClaimEditError, match="reload the claim"):
        service.add_note(
            claim.pk, version=version(claim), user=researcher, body="Hijack", parent_id=parent_id
        )
    assert Note.objects.count() == before
    assert not Notification.objects.exists()
