"""Assignments: one claim, many from the claims page's bulk bar, a whole article; my queue in
the order of what needs attention; its count in the navigation bar."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import selectors
from articles.models import Assignment, ClaimStatus, Notification
from articles.services import claims as claim_service
from articles.services import desk
from tests.factories import ArticleFactory, ClaimFactory, ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def otto(db):
    return ResearcherFactory(username="otto")


def bulk(client, claims, **fields):
    data = {"claims": [c.pk for c in claims], "action": "assign", "back": "?q=", **fields}
    return client.post(reverse("articles:claim_bulk"), data, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_bulk_bar_assigns_the_ticked_claims_and_notifies_the_assignee(
    researcher_client, researcher, otto
):
    claims = ClaimFactory.create_batch(3)
    response = bulk(researcher_client, claims[:2], assignee="otto")
    assert "Assigned 2 claims to otto" in messages_of(response)
    assigned = Assignment.objects.filter(assignee=otto, done_at__isnull=True)
    assert sorted(a.claim_id for a in assigned) == sorted(c.pk for c in claims[:2])
    assert all(a.assigned_by == researcher for a in assigned)
    note = Notification.objects.get(recipient=otto)
    assert note.kind == "assigned" and note.count == 2 and note.actor == researcher
    # Assigning again leaves the open assignments as they are.
    response = bulk(researcher_client, claims[:2], assignee="otto")
    assert Assignment.objects.filter(assignee=otto).count() == 2
    assert "(2 were already)" in messages_of(response)


def test_assigning_to_someone_without_the_researcher_role_is_refused_and_saves_nothing(
    researcher_client,
):
    UserFactory(username="visitor")  # no role on the desk
    claims = ClaimFactory.create_batch(2)
    response = bulk(researcher_client, claims, assignee="visitor")
    assert "visitor does not have the researcher role" in messages_of(response)
    response = bulk(researcher_client, claims, assignee="nobody-here")
    assert "There is no user “nobody-here”" in messages_of(response)
    response = bulk(researcher_client, [], assignee="rita")
    assert "Tick the claims to assign first." in messages_of(response)
    assert not Assignment.objects.exists()
    assert not Notification.objects.exists()


def test_assign_to_me_from_the_panel_the_m_key(researcher_client, researcher):
    claim = ClaimFactory()
    url = reverse("articles:claim_assign", args=[claim.article_id, claim.pk])
    response = researcher_client.post(url, {"assignee": "me"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Assigned to you." in response.content.decode()
    assert Assignment.objects.get().assignee == researcher
    # One's own assignment is no news to oneself.
    assert not Notification.objects.exists()


def test_the_panel_offers_assignment_and_the_m_key_is_in_the_help(researcher_client):
    claim = ClaimFactory()
    html = researcher_client.get(claim.get_absolute_url()).content.decode()
    assert 'id="assign-me"' in html and "<kbd>m</kbd>" in html
    assert "assign the open claim to me" in html


def test_an_article_is_assigned_claim_by_claim(researcher_client, otto):
    article = ArticleFactory()
    ClaimFactory.create_batch(2, article=article)
    ClaimFactory(article=article, is_rejected=True)
    response = researcher_client.post(
        reverse("articles:article_assign", args=[article.pk]), {"assignee": "otto"}, follow=True
    )
    assert "2 claims assigned to otto" in messages_of(response)
    assert Assignment.objects.filter(assignee=otto).count() == 2


def test_setting_a_status_closes_my_assignment(researcher, otto):
    claim = ClaimFactory()
    desk.assign([claim.pk], assignee=researcher, by=otto)
    claim_service.update_claim(claim.pk, version=1, user=researcher, status="disputed")
    assert Assignment.objects.get().done_at is not None
    assert selectors.nav_counts(researcher)["queue"] == 0


def test_my_queue_puts_unreviewed_then_least_sure_then_oldest_first(researcher, otto):
    disputed = ClaimStatus.objects.get(slug="disputed")
    reviewed = ClaimFactory(confidence=0.1, status=disputed)
    sure = ClaimFactory(confidence=0.9)
    unsure = ClaimFactory(confidence=0.2)
    by_hand = ClaimFactory(confidence=None)
    old_sure = ClaimFactory(confidence=0.9)
    for claim in (reviewed, sure, unsure, by_hand, old_sure):
        desk.assign([claim.pk], assignee=researcher, by=otto)
    Assignment.objects.filter(claim=old_sure).update(created=timezone.now() - timedelta(days=3))
    order = [a.claim_id for a in selectors.my_queue(researcher)]
    assert order == [unsure.pk, old_sure.pk, sure.pk, by_hand.pk, reviewed.pk]


def test_the_queue_page_and_the_navigation_count(client, otto, researcher):
    claims = ClaimFactory.create_batch(3)
    desk.assign([c.pk for c in claims], assignee=otto, by=researcher)
    client.force_login(otto)
    response = client.get(reverse("articles:queue"))
    html = response.content.decode()
    assert "3 open assignments" in html
    assert 'id="queue-count" aria-label="3 open">3<' in html
    assert 'id="unread-count" aria-label="1 unread">1<' in html
    for claim in claims:
        assert claim.get_absolute_url() in html


def test_the_navigation_counts_take_one_query(researcher, otto):
    desk.assign([ClaimFactory().pk], assignee=researcher, by=otto)
    with CaptureQueriesContext(connection) as captured:
        counts = selectors.nav_counts(researcher)
    assert counts == {"queue": 1, "unread": 1}
    assert len(captured.captured_queries) == 1


def test_an_assignment_is_given_back_by_its_assignee_only(client, researcher, otto):
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    assignment = Assignment.objects.get()
    third = ResearcherFactory(username="tess")
    client.force_login(third)
    response = client.post(reverse("articles:assignment_drop", args=[assignment.pk]), follow=True)
    assert "Only the assignee or whoever assigned it" in messages_of(response)
    client.force_login(otto)
    client.post(reverse("articles:assignment_drop", args=[assignment.pk]))
    assert not Assignment.objects.exists()
