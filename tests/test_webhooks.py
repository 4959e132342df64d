"""Webhooks: filtered by a saved claims filter, delivered by the task queue, signed with
HMAC-SHA256, logged with response codes, retried, never sent to private addresses."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Claim, Webhook, WebhookDelivery
from articles.services import claims as claim_service
from articles.services import webhooks
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


class Receiver:
    """A local HTTP endpoint that records what it receives and answers `code`."""

    def __init__(self, code: int = 200):
        self.code = code
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.TASKS = IMMEDIATE
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True  # the receiver runs on this machine
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def world(researcher):
    return build_world(researcher)


def test_a_status_change_matching_the_filter_is_delivered_signed(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    hook = webhooks.register_webhook(
        desk_admin, url=receiver.url, events=["claim.status_changed"],
        filter_params={"source": "nis"},
    )
    claim = world.formula_claim  # cited by the NIS
    other = world.chain_claim  # not
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.update_claim(claim.pk, version=claim.version, user=researcher,
                                   status="refuted")
        claim_service.update_claim(other.pk, version=other.version, user=researcher,
                                   status="refuted")
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(hook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newsdesk-Signature"] == expected
    payload = json.loads(body)
    assert payload["event"] == "claim.status_changed"
    assert payload["claim"]["id"] == claim.pk and payload["claim"]["status"] == "refuted"
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "delivered" and delivery.response_code == 200


def test_new_claims_are_delivered_and_an_unchanged_status_is_not(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    webhooks.register_webhook(desk_admin, url=receiver.url,
                              events=["claim.created", "claim.status_changed"])
    claim = world.formula_claim
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.update_claim(claim.pk, version=claim.version, user=researcher,
                                   status="disputed")  # already disputed
        created = claim_service.create_claim(world.en, user=researcher, start=0, end=6,
                                             exact="Moscow")
    events = [json.loads(body)["event"] for _, body in receiver.received]
    assert events == ["claim.created"]
    assert json.loads(receiver.received[0][1])["claim"]["id"] == created.pk


def test_a_failed_delivery_is_logged_and_retried_until_it_gives_up(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    receiver.code = 503
    webhooks.register_webhook(desk_admin, url=receiver.url, events=["claim.status_changed"])
    claim = world.formula_claim
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.update_claim(claim.pk, version=claim.version, user=researcher,
                                   status="refuted")
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1
    assert delivery.response_code == 503 and delivery.log[0]["code"] == 503
    for _ in range(webhooks.MAX_ATTEMPTS - 1):
        webhooks.retry_pending()
    delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempts == webhooks.MAX_ATTEMPTS
    receiver.code = 200
    assert webhooks.retry_pending() == 0  # a failed delivery is not sent again


def test_backoff_waits_longer_each_time():
    waits = webhooks.BACKOFF
    assert all(later > earlier for earlier, later in itertools.pairwise(waits))


@pytest.mark.parametrize(
    "address", ["http://10.1.2.3/hook", "http://192.168.1.5/hook", "http://169.254.169.254/",
                "http://127.0.0.1/hook", "http://[::1]/hook"],
)
def test_never_sent_to_private_or_loopback_addresses(
    settings, world, desk_admin, researcher, address, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = False
    webhooks.register_webhook(desk_admin, url=address, events=["claim.status_changed"])
    claim = world.formula_claim
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.update_claim(claim.pk, version=claim.version, user=researcher,
                                   status="refuted")
    delivery = WebhookDelivery.objects.get()
    assert delivery.response_code is None and delivery.state == "pending"
    assert "was not fetched" in delivery.log[0]["error"]


@pytest.mark.parametrize(
    "url,events,params,message",
    [
        ("ftp://example.org/", ["claim.created"], {}, "Only http and https"),
        ("https://example.org:22/", ["claim.created"], {}, "not a web port"),
        ("https://example.org/", [], {}, "Choose events"),
        ("https://example.org/", ["story.deleted"], {}, "Choose events"),
        ("https://example.org/", ["claim.created"], {"source": "nobody"}, "no source"),
    ],
)
def test_a_bad_registration_says_why(desk_admin, url, events, params, message):
    with pytest.raises(webhooks.WebhookError, match=message):
        webhooks.register_webhook(desk_admin, url=url, events=events, filter_params=params)
    assert not Webhook.objects.exists()


def test_only_admins_register_webhooks(researcher, researcher_client):
    with pytest.raises(PermissionDenied):
        webhooks.register_webhook(researcher, url="https://example.org/",
                                  events=["claim.created"])
    assert researcher_client.get(reverse("articles:webhook_list")).status_code == 403


def test_the_webhooks_page_registers_and_lists(admin_client_desk, world):
    response = admin_client_desk.post(
        reverse("articles:webhook_list"),
        {"url": "https://cti.example.org/hook", "events": ["claim.created"],
         "filter": "?source=kcna&status=disputed"},
        follow=True,
    )
    hook = Webhook.objects.get()
    assert hook.filter_params == {"source": "kcna", "status": "disputed"}
    assert hook.secret in response.content.decode()  # shown to the admin who registered it
    refused = admin_client_desk.post(reverse("articles:webhook_list"),
                                     {"url": "https://x.example/", "events": ["claim.created"],
                                      "filter": "tag=nothing"})
    assert refused.status_code == 400 and "There is no tag" in refused.content.decode()
    assert Claim.objects.exists()


# -- story.confirmed -------------------------------------------------------------------------


def test_confirming_a_suggestion_sends_story_confirmed_to_the_webhooks_whose_filter_matches(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    from articles.models import MatchSuggestion
    from articles.services import stories

    threat = webhooks.register_webhook(desk_admin, url=receiver.url, events=["story.confirmed"],
                                       filter_params={"tag": "menace"})  # the chain claim's
    webhooks.register_webhook(desk_admin, url=receiver.url, events=["story.confirmed"],
                              filter_params={"status": "refuted"})  # neither claim's
    webhooks.register_webhook(desk_admin, url=receiver.url, events=["claim.status_changed"])
    a, b = sorted([world.formula_claim, world.chain_claim], key=lambda c: c.pk)
    suggestion = MatchSuggestion.objects.create(claim_a=a, claim_b=b, score=0.9)
    with django_capture_on_commit_callbacks(execute=True):
        story = stories.confirm(suggestion, researcher)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(threat.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newsdesk-Signature"] == expected
    assert headers["X-Newsdesk-Event"] == "story.confirmed"
    payload = json.loads(body)
    assert payload["event"] == "story.confirmed"
    assert payload["story"]["id"] == story.pk
    assert sorted(payload["story"]["claim_ids"]) == sorted(
        [world.formula_claim.pk, world.chain_claim.pk])
    # Kim Jong-un (via KCNA) and the NIS: two independent origins.
    assert payload["story"]["independent_origins"] == 2
    assert payload["story"]["first_appearance"]["claim_id"] in payload["story"]["claim_ids"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.webhook == threat and delivery.state == "delivered"
    assert delivery.event == "story.confirmed" and delivery.log[0]["code"] == 200


def test_a_repeats_link_made_by_hand_sends_story_confirmed_and_a_failure_is_retried(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    receiver.code = 500
    webhooks.register_webhook(desk_admin, url=receiver.url, events=["story.confirmed"],
                              filter_params={"source": "nis"})
    claim, target = world.formula_claim, world.chain_claim
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.add_link(claim.pk, version=claim.version, user=researcher,
                               to_claim_id=target.pk, kind="repeats")
    story_id = Claim.objects.get(pk=claim.pk).story_id
    assert story_id is not None
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "story.confirmed" and delivery.payload["story"]["id"] == story_id
    assert delivery.state == "pending" and delivery.response_code == 500
    receiver.code = 200
    assert webhooks.retry_pending() == 1
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.attempts == 2


def test_a_link_that_is_not_repeats_sends_no_story_event(
    receiver, world, desk_admin, researcher, django_capture_on_commit_callbacks
):
    webhooks.register_webhook(desk_admin, url=receiver.url, events=["story.confirmed"])
    claim, target = world.formula_claim, world.chain_claim
    with django_capture_on_commit_callbacks(execute=True):
        claim_service.add_link(claim.pk, version=claim.version, user=researcher,
                               to_claim_id=target.pk, kind="cites")
    assert not WebhookDelivery.objects.exists() and not receiver.received


def test_story_confirmed_is_an_event_an_admin_can_choose(desk_admin):
    assert ("story.confirmed", "Story confirmed") in [
        (value, str(label)) for value, label in Webhook.Event.choices
    ]
