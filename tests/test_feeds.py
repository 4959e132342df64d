"""Watched feeds: admins add them in the browser; a poll imports new items once,
with a conditional GET, through the safe fetch; each feed shows its status.

The feed and its articles come from a server on 127.0.0.1, allowed by
NEWSDESK_FETCH_ALLOW_LOOPBACK for these tests.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, WatchedFeed
from articles.services.feeds import add_feed, poll_feed
from tests.fixtures.imports.webserver import Reply, WebServer, start

pytestmark = pytest.mark.django_db

ETAG = '"v1"'


def _page(title: str, sentence: str) -> bytes:
    return (
        f"<!doctype html><html lang=en><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{sentence} the Joint Chiefs of Staff said on Monday.</p>"
        "<p>The launch followed weeks of tension on the peninsula, according to Yonhap, "
        "and officials said more details would follow.</p></article></body></html>"
    ).encode()


def _rss(base: str, items: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>Item {name}</title><link>{base}/a/{name}</link><guid>{base}/a/{name}"
        f"</guid></item>"
        for name in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>'
        f"<link>{base}</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def wire(settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    state = WebServer()
    state.items = ["one", "two"]

    def feed(handler):
        if handler.headers.get("If-None-Match") == ETAG and state.items == ["one", "two"]:
            return Reply(304, content_type=None)
        tag = ETAG if state.items == ["one", "two"] else '"v2"'
        return Reply(body=_rss(state.base, state.items), content_type="application/rss+xml",
                     headers={"ETag": tag})  # fmt: skip

    state.routes = {
        "/feed.xml": feed,
        "/a/one": Reply(body=_page("Missile one", "Pyongyang fired a missile into the sea,")),
        "/a/two": Reply(body=_page("Missile two", "A second launch came at dawn,")),
        "/a/three": Reply(body=_page("Missile three", "A third launch was detected,")),
    }
    httpd = start(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_polled_twice_imports_its_new_items_once(wire):
    feed = add_feed(wire.url("/feed.xml"))
    first = poll_feed(feed)
    assert len(first.imported) == 2 and Article.objects.count() == 2
    feed.refresh_from_db()
    assert feed.title == "Test wire" and feed.etag == ETAG
    assert feed.last_status == WatchedFeed.Status.OK and feed.last_new_items == 2

    second = poll_feed(feed)  # unchanged: a conditional GET answered 304
    assert second.status == WatchedFeed.Status.NOT_MODIFIED
    assert Article.objects.count() == 2
    assert wire.requests[-1]["headers"].get("If-None-Match") == ETAG

    wire.items = ["three", "one", "two"]  # a new item on top
    third = poll_feed(feed)
    assert [a.url for a in third.imported] == [wire.url("/a/three")]
    assert Article.objects.count() == 3
    feed.refresh_from_db()
    assert feed.imported_total == 3 and feed.last_new_items == 1
    fetched = [r["path"] for r in wire.requests if r["path"].startswith("/a/")]
    assert sorted(fetched) == ["/a/one", "/a/three", "/a/two"]  # each article fetched once


def test_an_item_already_on_the_desk_is_skipped(wire, researcher_client):
    researcher_client.post(reverse("articles:import_url"), {"page_url": wire.url("/a/one")})
    feed = add_feed(wire.url("/feed.xml"))
    result = poll_feed(feed)
    assert result.duplicates == 1 and len(result.imported) == 1
    assert Article.objects.count() == 2


def test_a_failing_feed_shows_its_error(wire):
    feed = add_feed(wire.url("/missing.xml"))
    result = poll_feed(feed)
    feed.refresh_from_db()
    assert feed.last_status == WatchedFeed.Status.ERROR
    assert "404" in feed.last_error and result.error


def test_a_page_that_is_not_a_feed_is_an_error(wire):
    feed = add_feed(wire.url("/a/one"))
    poll_feed(feed)
    feed.refresh_from_db()
    assert feed.last_status == WatchedFeed.Status.ERROR and "RSS or Atom" in feed.last_error


def test_admins_add_a_feed_in_the_browser_and_see_its_status(wire, admin_client):
    response = admin_client.post(
        reverse("articles:feed_list"), {"url": wire.url("/feed.xml")}, follow=True
    )
    assert WatchedFeed.objects.filter(url=wire.url("/feed.xml")).exists()
    assert "Watching" in response.content.decode()
    feed = WatchedFeed.objects.get()
    response = admin_client.post(reverse("articles:feed_poll", args=[feed.pk]), follow=True)
    page = response.content.decode()
    assert "2 new" in page and "Test wire" in page
    again = admin_client.post(reverse("articles:feed_list"), {"url": wire.url("/feed.xml")})
    assert "already watched" in again.content.decode()


def test_researchers_cannot_manage_feeds(researcher_client):
    assert researcher_client.get(reverse("articles:feed_list")).status_code == 403


def test_run_schedule_once_polls_the_due_feeds(wire):
    add_feed(wire.url("/feed.xml"))
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert Article.objects.count() == 2
    assert "2 new" in out.getvalue()
    call_command("run_schedule", "--once", stdout=out)  # polled a moment ago: not due
    assert Article.objects.count() == 2


def test_a_feed_that_fails_to_poll_is_marked_and_the_round_goes_on(monkeypatch):
    from articles.models import WatchedFeed
    from articles.services.feeds import poll_due_feeds

    broken = WatchedFeed.objects.create(url="https://feeds.example.org/broken.xml")
    fine = WatchedFeed.objects.create(url="https://feeds.example.org/fine.xml")
    polled = []

    def poll(feed):
        if feed.pk == broken.pk:
            raise ValueError("unexpected entry")
        polled.append(feed.pk)
        from articles.services.feeds import PollResult

        return PollResult(feed, WatchedFeed.Status.OK)

    monkeypatch.setattr("articles.services.feeds.poll_feed", poll)
    results = poll_due_feeds()
    assert polled == [fine.pk]
    assert {r.feed.pk: r.status for r in results} == {broken.pk: "error", fine.pk: "ok"}
    broken.refresh_from_db()
    assert broken.last_status == "error" and "unexpected entry" in broken.last_error
    assert broken.last_polled_at is not None
