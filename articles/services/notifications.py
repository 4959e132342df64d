"""The inbox: notifications of assignments, mentions, replies, review decisions and alerts,
and the e-mail digests the task worker sends of them (immediately or once a day)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.models import Notification, NotificationPreference
from articles.services.preferences import language_for

Digest = NotificationPreference.Digest
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def notify(
    recipients: Iterable,
    kind: str,
    *,
    actor=None,
    claim=None,
    saved_search=None,
    detail: str = "",
    count: int = 1,
) -> list[Notification]:
    """One notification per recipient (never to the one who acted); e-mailed after commit
    to those who asked for each notification by e-mail."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        pk = getattr(user, "pk", user)
        if pk is None or pk in seen or (actor is not None and pk == actor.pk):
            continue
        seen.add(pk)
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                actor=actor,
                claim=claim,
                saved_search=saved_search,
                detail=" ".join((detail or "").split())[:300],
                count=count,
            )
        )
    created = Notification.objects.bulk_create(rows)
    if created:
        ids = sorted(seen)
        transaction.on_commit(lambda: _enqueue_immediate(ids))
    return created


def _enqueue_immediate(user_ids: list[int]) -> None:
    wanting = list(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, digest=Digest.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    if wanting:
        from articles.tasks import send_digests_task

        send_digests_task.enqueue(Digest.IMMEDIATE, wanting)


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: these ids, or all of them."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def set_digest(user, digest: str) -> NotificationPreference:
    """How the user wants their notifications by e-mail (none, immediate, daily)."""
    if digest not in Digest.values:
        raise ValueError(_("Choose no e-mail, each notification, or a daily digest."))
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"digest": digest}
    )
    return preference


def send_digests(mode: str, user_ids: Iterable[int] | None = None) -> int:
    """E-mail each user (who chose `mode`) their notifications not yet e-mailed; a daily
    digest goes at most once a day. Returns how many e-mails were sent."""
    now = timezone.now()
    preferences = NotificationPreference.objects.filter(digest=mode).select_related("user")
    if user_ids is not None:
        preferences = preferences.filter(user_id__in=list(user_ids))
    if mode == Digest.DAILY:
        preferences = _daily_due().select_related("user")
    sent = 0
    for preference in preferences:
        user = preference.user
        if not user.email or not user.is_active:
            continue
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(recipient=user, emailed_at__isnull=True)
                .select_related("actor", "claim", "saved_search")
                .order_by("created", "id")[:200]
            )
            if not pending:
                continue
            context = {"user": user, "notifications": pending, "mode": mode}
            # Written in the recipient's saved language (the desk's default when none).
            with translation.override(language_for(user)):
                body = render_to_string("desk/digest_email.txt", context)
                # A header is one line: a comment's line breaks must not reach it (the
                # no-break spaces French puts before a colon stay).
                subject = render_to_string("desk/digest_subject.txt", context)
                subject = _ASCII_SPACE.sub(" ", subject).strip()
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
            sent += 1
    return sent


def _daily_due():
    """Preferences whose daily digest is due (none sent in the last 23 hours)."""
    now = timezone.now()
    return NotificationPreference.objects.filter(digest=Digest.DAILY).exclude(
        last_digest_at__gt=now - timedelta(hours=23)
    )


def daily_digests_due() -> bool:
    """True when some researcher's daily digest is due and has something to say."""
    unsent = Notification.objects.filter(recipient=OuterRef("user_id"), emailed_at__isnull=True)
    return (
        _daily_due()
        .filter(Exists(unsent), user__is_active=True)
        .exclude(user__email="")
        .exists()
    )
