"""The inbox: the bell's unread count, marking read, opening a notification; e-mail digests
sent by the task worker, each notification or once a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Notification, NotificationPreference
from articles.services import desk, notifications
from articles.tasks import send_digests_task
from tests.factories import ClaimFactory, ResearcherFactory

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


def test_the_inbox_lists_notifications_and_marks_them_read(client, researcher, otto):
    claim = ClaimFactory()
    desk.assign([claim.pk], assignee=otto, by=researcher)
    desk.assign([ClaimFactory().pk, ClaimFactory().pk], assignee=otto, by=researcher)
    client.force_login(otto)
    html = client.get(reverse("articles:inbox")).content.decode()
    assert "rita assigned you a claim" in html
    assert "rita assigned you 2 claims" in html
    assert 'id="unread-count" aria-label="2 unread">2<' in html
    first = Notification.objects.filter(recipient=otto, claim=claim).get()
    response = client.get(reverse("articles:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == claim.get_absolute_url()
    assert Notification.objects.get(pk=first.pk).read_at is not None
    client.post(reverse("articles:inbox_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=otto, read_at__isnull=True).exists()
    html = client.get(reverse("articles:inbox")).content.decode()
    assert 'id="unread-count"' not in html


def test_nobody_opens_someone_elses_notification(client, researcher, otto):
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    client.force_login(researcher)
    notice = Notification.objects.get()
    assert client.get(reverse("articles:notification_open", args=[notice.pk])).status_code == 404
    client.post(reverse("articles:inbox_read"), {"ids": [notice.pk]})
    assert Notification.objects.get().read_at is None


def test_marking_nothing_read_says_so(client, otto):
    client.force_login(otto)
    response = client.post(reverse("articles:inbox_read"), follow=True)
    assert "Tick the notifications to mark read first." in response.content.decode()


def test_an_immediate_digest_is_mailed_by_the_worker_after_commit(
    settings, researcher, otto, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    notifications.set_digest(otto, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["otto@desk.example"]
    assert "rita assigned you a claim" in message.subject
    assert "rita assigned you a claim" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_a_daily_digest_gathers_everything_once_a_day(researcher, otto):
    notifications.set_digest(otto, "daily")
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    desk.assign([ClaimFactory().pk, ClaimFactory().pk], assignee=otto, by=researcher)
    assert send_digests_task.call("daily") == {"sent": 1}
    assert len(mail.outbox) == 1
    assert "daily digest (2)" in mail.outbox[0].subject
    # Nothing new, or a second run the same day: no e-mail.
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    assert notifications.send_digests("daily") == 0
    NotificationPreference.objects.filter(user=otto).update(
        last_digest_at=timezone.now() - timedelta(days=1)
    )
    assert notifications.send_digests("daily") == 1
    assert "rita assigned you a claim" in mail.outbox[1].body


def test_no_email_without_the_preference_or_an_address(researcher, otto):
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    assert notifications.send_digests("daily") == 0
    otto.email = ""
    otto.save()
    notifications.set_digest(otto, "daily")
    assert notifications.send_digests("daily") == 0
    assert mail.outbox == []


def test_the_email_preference_is_checked(client, otto):
    client.force_login(otto)
    response = client.post(reverse("articles:digest_preference"), {"digest": "hourly"}, follow=True)
    assert "Choose no e-mail, each notification, or a daily digest." in response.content.decode()
    client.post(reverse("articles:digest_preference"), {"digest": "daily"})
    assert NotificationPreference.objects.get(user=otto).digest == "daily"


def test_the_scheduler_queues_the_daily_digest_when_one_is_due(researcher, otto):
    from articles.services.notifications import daily_digests_due

    notifications.set_digest(otto, "daily")
    assert not daily_digests_due()  # nothing to say yet
    desk.assign([ClaimFactory().pk], assignee=otto, by=researcher)
    assert daily_digests_due()
    notifications.send_digests("daily")
    assert not daily_digests_due()


def test_a_comment_over_several_lines_makes_a_one_line_subject(
    settings, researcher, otto, django_capture_on_commit_callbacks
):
    from articles.services import claims as claim_service

    settings.TASKS = IMMEDIATE
    notifications.set_digest(researcher, "immediate")
    claim = ClaimFactory()
    claim_service.update_claim(claim.pk, version=1, user=researcher, status="refuted")
    with django_capture_on_commit_callbacks(execute=True):
        desk.decide_review(claim.pk, user=otto, approve=False, comment="No.\nSee the NIS note.")
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    assert "otto sent back your verdict: “No. See the NIS note.”" in mail.outbox[0].subject
