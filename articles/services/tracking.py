"""Change tracking of URL imports: state media edit and delete their pages (KCNA does).

For `NEWSDESK_TRACK_DAYS` days after a URL import, the scheduler re-fetches the page
every `NEWSDESK_TRACK_EVERY_HOURS` hours through the safe fetch. A page whose cleaned
text differs from the article's becomes a new `ArticleVersion` (the first edit also
stores the original as version 1; the raw input is never touched), the article shows
the new text, and the extraction service re-anchors the claims people worked on
(kept claims with notes, tags, links, curated or manual; those it cannot find again
are listed on the version). A 404/410, or a redirect to the site's home page, marks
the article deleted at the source. Other failures (timeouts) wait for the next check.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingest import parse_article
from articles.models import Article, ArticleVersion
from articles.services.imports import stored_paragraphs

logger = logging.getLogger(__name__)

GONE = (404, 410)
_SENTENCE = re.compile(r"(?<=[.!?…»\"”])\s+|\n+")


@dataclass
class CheckResult:
    """What one check found: "same", "edited", "deleted", "unreachable" or "error"."""

    article: Article
    outcome: str
    version: ArticleVersion | None = None
    error: str = ""


def track_days() -> int:
    return int(getattr(settings, "NEWSDESK_TRACK_DAYS", 7))


def start_tracking(article: Article) -> None:
    """Track a URL import for the first days (called when it is imported)."""
    if article.url and article.input_kind == Article.InputKind.URL and track_days() > 0:
        article.track_until = timezone.now() + timedelta(days=track_days())
        article.save(update_fields=["track_until"])


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and paragraphs), for the diff."""
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def sentence_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("same"|"removed"|"added", sentence) in reading order."""
    a, b = sentences(old), sentences(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [("same", s) for s in a[i1:i2]]
        else:
            out += [("removed", s) for s in a[i1:i2]]
            out += [("added", s) for s in b[j1:j2]]
    return out


def changed_count(old: str, new: str) -> int:
    """Sentences changed: the larger of removed and added (an edited sentence counts once)."""
    diff = sentence_diff(old, new)
    removed = sum(1 for kind, _ in diff if kind == "removed")
    added = sum(1 for kind, _ in diff if kind == "added")
    return max(removed, added)


def _sent_home(url: str, final_url: str, redirects: list[str]) -> bool:
    """A redirect from the article to the site's front page: the article was taken down."""
    if not redirects:
        return False
    before, after = urlsplit(url), urlsplit(final_url)
    return after.path in ("", "/") and before.path not in ("", "/")


def _next_number(article: Article) -> int:
    last = article.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _keep_original(article: Article) -> None:
    if not article.versions.exists():
        ArticleVersion.objects.create(
            article=article, number=1, kind=ArticleVersion.Kind.ORIGINAL,
            fetched_at=article.imported_at, final_url=article.url, title=article.title,
            text=article.text, raw_bytes=article.raw_bytes,
        )  # fmt: skip


def check_article(article: Article) -> CheckResult:
    """Re-fetch one tracked article and record what changed."""
    from articles import fetch
    from articles.services.extraction import extract_article

    now = timezone.now()
    try:
        page = fetch.fetch_url(
            article.url,
            timeout=getattr(settings, "NEWSDESK_FETCH_TIMEOUT", fetch.DEFAULT_TIMEOUT),
            max_bytes=settings.NEWSDESK_MAX_INPUT_BYTES,
            allow_loopback=settings.NEWSDESK_FETCH_ALLOW_LOOPBACK,
        )
    except fetch.FetchRefused as refused:
        if refused.status in GONE:
            return _deleted(article, now, refused.status, article.url)
        Article.objects.filter(pk=article.pk).update(last_checked_at=now)
        return CheckResult(article, "unreachable", error=str(refused))
    if _sent_home(article.url, page.final_url, page.redirects):
        return _deleted(article, now, page.status, page.final_url)
    parsed = parse_article(page.text, kind="html" if page.is_html else "text", url=article.url)
    if not parsed.text.strip() or parsed.content_hash == _hash(article.text):
        Article.objects.filter(pk=article.pk).update(last_checked_at=now)
        return CheckResult(article, "same")
    with transaction.atomic():
        _keep_original(article)
        version = ArticleVersion.objects.create(
            article=article, number=_next_number(article), kind=ArticleVersion.Kind.EDITED,
            fetched_at=now, http_status=page.status, final_url=page.final_url[:2000],
            title=parsed.title[:500], text=parsed.text, raw_bytes=page.data,
            sentences_changed=changed_count(article.text, parsed.text),
        )  # fmt: skip
        article.text = parsed.text
        article.paragraphs = stored_paragraphs(parsed)
        # The lead, like the title, is metadata a researcher may have corrected: the
        # source's new lead stays in the version, never over the researcher's.
        article.edited_at = now
        article.last_checked_at = now
        article.save(update_fields=["text", "paragraphs", "edited_at", "last_checked_at"])
        result = extract_article(article)
        if result.lost:
            version.lost_claims = list(result.lost)
            version.save(update_fields=["lost_claims"])
    return CheckResult(article, "edited", version)


def _hash(text: str) -> str:
    from articles.ingest import ParsedArticle

    return ParsedArticle(text=text).content_hash


def _deleted(article: Article, now, status: int | None, final_url: str) -> CheckResult:
    with transaction.atomic():
        _keep_original(article)
        version = ArticleVersion.objects.create(
            article=article, number=_next_number(article), kind=ArticleVersion.Kind.DELETED,
            fetched_at=now, http_status=status, final_url=final_url[:2000],
        )  # fmt: skip
        article.deleted_at = now
        article.last_checked_at = now
        article.save(update_fields=["deleted_at", "last_checked_at"])
    return CheckResult(article, "deleted", version)


def due_articles(now=None):
    """Tracked articles whose last check is older than the interval (deleted ones stop)."""
    now = now or timezone.now()
    every = timedelta(hours=float(getattr(settings, "NEWSDESK_TRACK_EVERY_HOURS", 6)))
    return Article.objects.filter(
        track_until__gt=now, deleted_at__isnull=True
    ).filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=now - every))


def check_due_articles() -> list[CheckResult]:
    """The scheduler's task: check every tracked article that is due.

    One article that fails in an unforeseen way (a parser error, a value the database
    refuses) is logged and checked again at its next turn; it never stops the others.
    """
    results = []
    for article in due_articles():
        try:
            results.append(check_article(article))
        except Exception as error:
            logger.exception("Change tracking of article %s failed", article.pk)
            Article.objects.filter(pk=article.pk).update(last_checked_at=timezone.now())
            results.append(CheckResult(article, "error", error=str(error)[:500]))
    return results
