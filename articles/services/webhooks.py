"""Webhooks: admins register an address for claim events that match a saved claims filter;
each matching claim becomes a delivery, POSTed by the task queue, signed, retried with
backoff and logged with its response codes.

`story.confirmed` (a suggestion confirmed, or a `repeats` link that joins a story) sends one
delivery per story, to the webhooks whose filter matches at least one of the story's claims.

Deliveries go through `articles.fetch.post_checked`, the same guard as URL imports: only
http(s) on web ports, and never to a private, loopback or link-local address (checked on
every attempt, after resolving the host, so a name re-pointed to 127.0.0.1 is refused).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import fetch
from articles.claim_filter import ClaimFilter, ClaimFilterError
from articles.models import Claim, Story, Webhook, WebhookDelivery
from articles.roles import is_desk_admin

SIGNATURE_HEADER = "X-Newsdesk-Signature"
# Waits before the 2nd, 3rd... attempt; after the last, the delivery is marked failed.
BACKOFF = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
           dt.timedelta(hours=2), dt.timedelta(hours=6)]
MAX_ATTEMPTS = len(BACKOFF) + 1


class WebhookError(ValueError):
    """A webhook that cannot be registered; the message says why."""


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=` and the HMAC-SHA256 of the body, in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def register_webhook(user, *, url: str, events, filter_params: dict | None = None) -> Webhook:
    """A new webhook (desk admins only); the address, events and filter are checked first."""
    if not is_desk_admin(user):
        raise PermissionDenied(_("Only desk admins register webhooks."))
    try:
        target = fetch.parse_target(url)
        fetch.check_port(target, allow_loopback=settings.NEWSDESK_FETCH_ALLOW_LOOPBACK)
    except fetch.FetchRefused as refused:
        raise WebhookError(str(refused)) from None
    events = list(dict.fromkeys(events or []))
    unknown = [event for event in events if event not in Webhook.Event.values]
    if not events or unknown:
        raise WebhookError(
            _("Choose events among: %(events)s.") % {"events": ", ".join(Webhook.Event.values)}
        )
    params = {k: str(v) for k, v in (filter_params or {}).items() if str(v).strip()}
    try:
        ClaimFilter.from_params(params)
    except ClaimFilterError as refused:
        raise WebhookError(
            _("The claims filter is refused: %(reason)s") % {"reason": refused}
        ) from None
    return Webhook.objects.create(
        url=target.url,
        events=events,
        filter_params=params,
        secret=secrets.token_urlsafe(32),
        created_by=user,
    )


def claim_event(event: str, claim_ids) -> None:
    """Tell the webhooks about `event` on these claims, once the transaction commits."""
    ids = sorted(set(claim_ids))
    if ids:
        transaction.on_commit(lambda: _dispatch(event, ids))


def _dispatch(event: str, claim_ids: list[int]) -> list[WebhookDelivery]:
    deliveries = []
    for webhook in Webhook.objects.filter(is_active=True):
        if event not in webhook.events:
            continue
        try:
            claims = ClaimFilter.from_params(webhook.filter_params).filtered()
        except ClaimFilterError:
            continue  # a tag or source it names was deleted; the admin page says so
        matching = claims.filter(pk__in=claim_ids).select_related("article", "status")
        for claim in matching:
            deliveries.append(
                WebhookDelivery.objects.create(
                    webhook=webhook, event=event, payload=_payload(event, claim)
                )
            )
    from articles.tasks import deliver_webhook

    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


def story_event(story_id: int) -> None:
    """Tell the `story.confirmed` webhooks that claims joined this story, once committed."""
    transaction.on_commit(lambda: _dispatch_story(story_id))


def _dispatch_story(story_id: int) -> list[WebhookDelivery]:
    from articles.selectors import story_view

    event = Webhook.Event.STORY_CONFIRMED
    story = Story.objects.filter(pk=story_id).first()
    if story is None:  # merged into an older story in the same transaction
        return []
    deliveries, payload = [], None
    for webhook in Webhook.objects.filter(is_active=True):
        if event not in webhook.events:
            continue
        try:
            claims = ClaimFilter.from_params(webhook.filter_params).filtered()
        except ClaimFilterError:
            continue
        if not claims.filter(story_id=story.pk).exists():
            continue
        if payload is None:
            payload = _story_payload(event, story_view(story))
        deliveries.append(
            WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
        )
    from articles.tasks import deliver_webhook

    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


def _story_payload(event: str, view) -> dict:
    story, first = view.story, view.first
    return {
        "event": event,
        "sent_for": timezone.now().isoformat(),
        "story": {
            "id": story.pk,
            "canonical": story.canonical,
            "articles": view.article_count,
            "independent_origins": view.origin_count,
            "first_appearance": (
                {
                    "claim_id": first.claim.pk,
                    "article_id": first.claim.article_id,
                    "outlet": first.outlet,
                    "published": first.when.isoformat(),
                }
                if first
                else None
            ),
            "claim_ids": [appearance.claim.pk for appearance in view.appearances],
            "link": story.get_absolute_url(),
        },
    }


def _payload(event: str, claim: Claim) -> dict:
    return {
        "event": event,
        "sent_for": timezone.now().isoformat(),
        "claim": {
            "id": claim.pk,
            "version": claim.version,
            "article_id": claim.article_id,
            "article_title": claim.article.title,
            "quote": claim.quote,
            "status": claim.status.slug,
            "credibility": claim.credibility,
            "link": claim.get_absolute_url(),
            "api": f"/api/v1/claims/{claim.pk}",
        },
    }


def deliver(delivery_id: int) -> WebhookDelivery:
    """One attempt: POST the signed payload; log the code; schedule a retry or give up."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.state != WebhookDelivery.State.PENDING:
        return delivery
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    headers = {
        SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
        "X-Newsdesk-Event": delivery.event,
        "X-Newsdesk-Delivery": str(delivery.pk),
    }
    code, error = None, ""
    try:
        code = fetch.post_checked(
            delivery.webhook.url,
            body,
            headers,
            timeout=10.0,
            allow_loopback=settings.NEWSDESK_FETCH_ALLOW_LOOPBACK,
        )
    except fetch.FetchRefused as refused:
        error = str(refused)
    delivery.attempts += 1
    delivery.response_code = code
    delivery.log = [
        *delivery.log,
        {"at": timezone.now().isoformat(), "code": code, "error": error},
    ]
    if code is not None and 200 <= code < 300:
        delivery.state = WebhookDelivery.State.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = WebhookDelivery.State.FAILED
    delivery.save()
    if delivery.state == WebhookDelivery.State.PENDING:
        _retry(delivery)
    return delivery


def _retry(delivery: WebhookDelivery) -> None:
    """Enqueue the next attempt after the backoff (a backend that cannot defer runs none:
    `retry_pending` picks those up)."""
    from django_tasks import default_task_backend

    from articles.tasks import deliver_webhook

    if default_task_backend.supports_defer:
        wait = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
        deliver_webhook.using(run_after=timezone.now() + wait).enqueue(delivery.pk)


def retry_pending() -> int:
    """Attempt every pending delivery once more now (for a backend without deferred tasks)."""
    pending = list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).values_list(
            "pk", flat=True
        )
    )
    for pk in pending:
        deliver(pk)
    return len(pending)
