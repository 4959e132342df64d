"""Watched feeds: admins add RSS/Atom feeds; a scheduled poll imports their new items.

Each poll is a conditional GET through the desk's safe fetch (`articles.fetch`): the
ETag and Last-Modified of the last answer are sent back, so an unchanged feed costs a
304 and nothing else. New entries (by id, else link) are imported like a URL import;
when the link cannot be fetched the entry's own text is imported instead, as
`import_articles` does. Entries already seen, and links already on the desk, are
skipped. Every poll leaves its status on the feed: when, how many new items, the
error if any.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, WatchedFeed
from articles.services.imports import (
    ImportRefused,
    find_by_url,
    import_article,
    import_url,
)

MAX_SEEN = 1000  # entry keys remembered per feed (feeds list their last 10-100 items)
MAX_ENTRIES = 200  # entries read per poll
DEFAULT_INTERVAL = timedelta(minutes=30)


class FeedRefused(ValueError):
    """A feed address that cannot be watched; the message says why."""


@dataclass
class PollResult:
    """What one poll did."""

    feed: WatchedFeed
    status: str
    imported: list[Article] = field(default_factory=list)
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""


def add_feed(url: str, *, user=None) -> WatchedFeed:
    """Start watching a feed (its first poll comes with the next scheduled run)."""
    from articles import fetch

    url = (url or "").strip()
    try:
        target = fetch.parse_target(url)
    except fetch.FetchRefused as refused:
        raise FeedRefused(str(refused)) from None
    if WatchedFeed.objects.filter(url=target.url).exists():
        raise FeedRefused(_("The feed %(url)s is already watched.") % {"url": target.url})
    return WatchedFeed.objects.create(url=target.url, added_by=user)


def entry_content(entry) -> str:
    """A feed entry as a small HTML page: its title, date, link and content (or summary)."""
    body = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            body = content["value"]
            break
    body = body or entry.get("summary") or ""
    if not body.strip():
        return ""
    title = escape(entry.get("title") or "")
    link = escape(entry.get("link") or "")
    published = ""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        published = datetime(*parsed[:6], tzinfo=UTC).isoformat()
    head = f"<title>{title}</title>"
    if link:
        head += f'<link rel="canonical" href="{link}">'
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    return f"<html><head>{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"


def _entry_key(entry) -> str:
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")[:2000]


def poll_feed(feed: WatchedFeed, *, user=None) -> PollResult:
    """Poll one feed now: conditional GET, import its new entries, record the status."""
    import feedparser

    from articles import fetch

    result = PollResult(feed, WatchedFeed.Status.OK)
    try:
        page = fetch.fetch_url(
            feed.url,
            timeout=getattr(settings, "NEWSDESK_FETCH_TIMEOUT", fetch.DEFAULT_TIMEOUT),
            max_bytes=settings.NEWSDESK_MAX_INPUT_BYTES,
            allow_loopback=settings.NEWSDESK_FETCH_ALLOW_LOOPBACK,
            accept=fetch.PAGE_TYPES | fetch.FEED_TYPES,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
    except fetch.FetchRefused as refused:
        result.status, result.error = WatchedFeed.Status.ERROR, str(refused)
        return _record(feed, result)
    if page.not_modified:
        result.status = WatchedFeed.Status.NOT_MODIFIED
        return _record(feed, result)
    parsed = feedparser.parse(page.data)
    if not parsed.entries:
        why = "no entries could be read: the address does not serve an RSS or Atom feed"
        if parsed.get("bozo"):
            why += f" ({parsed.get('bozo_exception')})"
        result.status, result.error = WatchedFeed.Status.ERROR, why
        return _record(feed, result)
    feed.title = feed.title or " ".join((parsed.feed.get("title") or "").split())[:300]
    feed.etag, feed.last_modified = page.etag, page.last_modified
    seen = list(feed.seen or [])
    known = set(seen)
    for entry in reversed(parsed.entries[:MAX_ENTRIES]):  # oldest first: imports in order
        key = _entry_key(entry)
        if not key or key in known:
            continue
        link = (entry.get("link") or "").strip()
        if link and find_by_url(link) is not None:
            result.duplicates += 1
        else:
            _import_entry(entry, link, result, user)
        seen.append(key)
        known.add(key)
    feed.seen = seen[-MAX_SEEN:]
    return _record(feed, result)


def _import_entry(entry, link: str, result: PollResult, user) -> None:
    reason = ""
    if link.startswith(("http://", "https://")):
        try:
            outcome = import_url(link, user=user)
        except ImportRefused as refused:
            reason = str(refused)
        else:
            if outcome.created:
                result.imported.append(outcome.article)
            else:
                result.duplicates += 1
            return
    content = entry_content(entry)
    if not content:
        result.failed.append(f"{link or entry.get('title') or 'an entry'}: "
                             f"{reason or 'no link and no text'}")  # fmt: skip
        return
    try:
        outcome = import_article(
            content, input_kind=Article.InputKind.URL if link else Article.InputKind.FILE,
            user=user, url=link, content_type="application/rss+xml", parse_as="html",
        )  # fmt: skip
    except ImportRefused as refused:
        result.failed.append(f"{link or 'an entry'}: {refused}")
        return
    if outcome.created:
        result.imported.append(outcome.article)
    else:
        result.duplicates += 1


def _record(feed: WatchedFeed, result: PollResult) -> PollResult:
    feed.last_polled_at = timezone.now()
    feed.last_status = result.status
    feed.last_new_items = len(result.imported)
    feed.last_duplicates = result.duplicates
    errors = [result.error, *result.failed[:5]]
    feed.last_error = "\n".join(e for e in errors if e)[:5000]
    feed.imported_total += len(result.imported)
    with transaction.atomic():
        feed.save()
    return result


def due_feeds(now: datetime | None = None, interval: timedelta = DEFAULT_INTERVAL):
    """Active feeds never polled, or polled longer than `interval` ago."""
    from django.db.models import Q

    now = now or timezone.now()
    return WatchedFeed.objects.filter(active=True).filter(
        Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - interval)
    )


def poll_due_feeds(interval: timedelta = DEFAULT_INTERVAL) -> list[PollResult]:
    """Poll every feed that is due (the scheduler's task).

    A feed whose poll fails in an unforeseen way is marked in error (its page says so)
    and polled again at its next turn; it never stops the other feeds.
    """
    results = []
    for feed in due_feeds(interval=interval):
        try:
            results.append(poll_feed(feed))
        except Exception as error:
            logging.getLogger(__name__).exception("Polling feed %s failed", feed.pk)
            message = f"The poll failed: {error}"[:1000]
            WatchedFeed.objects.filter(pk=feed.pk).update(
                last_polled_at=timezone.now(),
                last_status=WatchedFeed.Status.ERROR,
                last_error=message,
            )
            results.append(PollResult(feed, WatchedFeed.Status.ERROR, error=message))
    return results
