"""Change tracking of URL imports: an edited page gives a second version and a diff, a
deleted page is flagged, claims with notes survive the change, the original is kept.

Pages come from a server on 127.0.0.1 (NEWSDESK_FETCH_ALLOW_LOOPBACK on for these tests).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleVersion, Claim
from articles.services.imports import import_url
from articles.services.tracking import check_article, check_due_articles, due_articles
from tests.factories import NoteFactory
from tests.fixtures.imports.webserver import Reply, WebServer, start

pytestmark = pytest.mark.django_db

FIRST = "Pyongyang fired a ballistic missile into the East Sea on Monday, the JCS said."
SECOND = "The launch followed weeks of tension on the peninsula, according to Yonhap."
THIRD = "Officials said the missile flew about 1,000 kilometres."
EDITED_THIRD = "Officials later said the missile flew about 600 kilometres, not 1,000."


def _page(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang=en><head><title>Missile launch</title></head><body>"
        f"<article><h1>North Korea fires missile</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture
def site(settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    state = WebServer(routes={
        "/news/launch": Reply(body=_page(FIRST, SECOND, THIRD)),
        "/": Reply(body=_page("Front page of the site, with many stories listed here today.")),
    })  # fmt: skip
    httpd = start(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def _import(site) -> Article:
    article = import_url(site.url("/news/launch")).article
    assert article.track_until is not None  # URL imports are tracked for the first days
    return article


def test_an_edited_page_gives_a_second_version_and_a_diff(site, researcher_client):
    article = _import(site)
    original_text, original_raw = article.text, bytes(article.raw_bytes)
    assert check_article(article).outcome == "same"
    assert not ArticleVersion.objects.exists()

    site.routes["/news/launch"] = Reply(body=_page(FIRST, SECOND, EDITED_THIRD))
    result = check_article(article)
    assert result.outcome == "edited"
    article.refresh_from_db()
    versions = list(article.versions.all())
    assert [v.kind for v in versions] == ["original", "edited"]
    assert versions[0].text == original_text  # the original is kept as it was
    assert bytes(article.raw_bytes) == original_raw  # the raw input is never overwritten
    assert EDITED_THIRD in article.text and THIRD not in article.text
    assert versions[1].sentences_changed == 1
    assert article.edited_at is not None

    reader = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "Edited at the source" in reader
    page = researcher_client.get(reverse("articles:article_versions", args=[article.pk]))
    html = page.content.decode()
    assert f"<del>{THIRD}</del>" in html
    assert "<ins>Officials later said the missile flew about 600 kilometres, not 1,000.</ins>" in html
    assert "1 sentence changed" in html


def test_claims_with_notes_survive_the_change(site):
    article = _import(site)
    start = article.text.index(SECOND)
    claim = Claim.objects.create(
        article=article, start=start, end=start + len(SECOND), quote=SECOND,
        prefix=article.text[max(0, start - 32) : start],
        suffix=article.text[start + len(SECOND) : start + len(SECOND) + 32],
        origin=Claim.Origin.MANUAL,
    )  # fmt: skip
    NoteFactory(claim=claim, body="Checked with the JCS.")
    # The edit inserts a paragraph before the claim: its offsets must move.
    site.routes["/news/launch"] = Reply(
        body=_page("Updated: a second launch was reported.", FIRST, SECOND, THIRD)
    )
    check_article(article)
    claim.refresh_from_db()
    article.refresh_from_db()
    assert claim.notes.count() == 1
    assert article.text[claim.start : claim.end] == SECOND
    assert claim.start > start


def test_a_deleted_page_is_flagged(site, researcher_client):
    article = _import(site)
    site.routes["/news/launch"] = Reply(410, b"gone", content_type="text/plain")
    result = check_article(article)
    article.refresh_from_db()
    assert result.outcome == "deleted" and article.deleted_at is not None
    assert article.versions.last().kind == ArticleVersion.Kind.DELETED
    assert article.versions.last().http_status == 410
    assert "Deleted at the source" in researcher_client.get(
        article.get_absolute_url()
    ).content.decode()
    assert article not in due_articles()  # a deleted article is not checked again


def test_a_redirect_to_the_home_page_is_a_deletion(site):
    article = _import(site)
    site.routes["/news/launch"] = Reply(302, headers={"Location": "/"})
    assert check_article(article).outcome == "deleted"


def test_an_unreachable_page_waits_for_the_next_check(site):
    article = _import(site)
    site.routes["/news/launch"] = Reply(503, b"busy", content_type="text/plain")
    assert check_article(article).outcome == "unreachable"
    article.refresh_from_db()
    assert article.deleted_at is None and not article.versions.exists()


def test_only_due_tracked_articles_are_checked(site):
    article = _import(site)
    assert [r.article.pk for r in check_due_articles()] == [article.pk]
    assert check_due_articles() == []  # checked a moment ago
    Article.objects.filter(pk=article.pk).update(
        last_checked_at=timezone.now() - timedelta(days=1),
        track_until=timezone.now() - timedelta(minutes=1),
    )
    assert check_due_articles() == []  # tracking period over


def test_a_lead_a_researcher_corrected_survives_an_edit_at_the_source(site):
    article = _import(site)
    Article.objects.filter(pk=article.pk).update(lead="The desk's own lead.")
    article.refresh_from_db()
    site.routes["/news/launch"] = Reply(body=_page(FIRST, SECOND, EDITED_THIRD))
    assert check_article(article).outcome == "edited"
    article.refresh_from_db()
    assert article.lead == "The desk's own lead."
    assert EDITED_THIRD in article.text


def test_an_article_that_fails_to_check_does_not_stop_the_round(site, monkeypatch):
    article = _import(site)
    Article.objects.filter(pk=article.pk).update(last_checked_at=None)

    def broken(*args, **kwargs):
        raise ValueError("the cleaner met something it could not read")

    site.routes["/news/launch"] = Reply(body=_page(FIRST, SECOND, EDITED_THIRD))
    monkeypatch.setattr("articles.services.tracking.parse_article", broken)
    results = check_due_articles()
    assert [(r.article.pk, r.outcome) for r in results] == [(article.pk, "error")]
    assert "could not read" in results[0].error
    article.refresh_from_db()
    assert article.last_checked_at is not None  # checked again at its next turn, not now
    assert check_due_articles() == []
