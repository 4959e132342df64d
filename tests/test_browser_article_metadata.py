"""In Chromium: the reader's one-line metadata check, and editing the details in the header."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory
from tests.test_browser_workspace import watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fix_a_wrong_headline_from_the_reader(page, live_server, login, researcher, artifacts_dir):
    article = ArticleFactory(
        title="The sub-deck became the title", publisher=None, publisher_name="",
        published_at=None, metadata_doubts=["title", "date", "outlet"],
    )
    problems = watch(page)
    login(page, researcher)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    head = page.locator("#article-head")
    expect(head.locator(".kicker")).to_contain_text("outlet not known")
    expect(head.locator("#meta-check")).to_contain_text("Title, outlet, date right?")
    head.get_by_role("link", name="Edit").click()
    form = page.locator("#metadata-form")
    expect(form).to_be_visible()
    assert page.url.endswith(article.get_absolute_url())  # edited in place, htmx
    form.get_by_label("Title").fill("Kim Jong-un praises the blood shed beside the Russians")
    form.get_by_label("Outlet").fill("franceinfo")
    form.get_by_label("Published").fill("2025-12-27T14:01")
    form.get_by_label("Language").select_option("fr")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#article-head h1")).to_have_text(
        "Kim Jong-un praises the blood shed beside the Russians"
    )
    expect(page.locator("#article-head")).to_contain_text("27 December 2025, 14:01")
    expect(page.locator("#meta-check")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "reader-metadata-edited.png"), full_page=False)
    saved = Article.objects.get(pk=article.pk)
    assert (saved.publisher_name, saved.language, saved.version) == ("franceinfo", "fr", 2)
    assert saved.metadata_doubts == []
    assert problems == []
