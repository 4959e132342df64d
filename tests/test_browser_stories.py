"""In Chromium: the same claim imported in French then English is suggested, confirmed, a story."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, ClaimLink, MatchSuggestion
from tests.test_browser_workspace import watch
from tests.test_stories import EN, FR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _import(page, text: str) -> Article:
    page.get_by_role("link", name="Import").first.click()
    page.fill("textarea[name=text]", text)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_be_visible()
    return Article.objects.order_by("-pk").first()


def test_a_french_and_an_english_report_become_one_story(
    page, live_server, login, researcher, registry, artifacts_dir
):
    problems = watch(page)
    login(page, researcher)
    french = _import(page, FR)
    english = _import(page, EN)
    assert english.pk != french.pk
    claim = english.claims.get()
    page.goto(live_server.url + claim.get_absolute_url())
    suggestion = page.locator("#suggestions .suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("Environ 100 soldats nord-coréens")
    expect(suggestion.locator(".evidence")).to_contain_text("Same figures 100")
    expect(suggestion.locator(".evidence")).to_contain_text("Koursk")
    expect(suggestion.locator(".evidence")).to_contain_text("1 day apart")
    page.screenshot(path=artifacts_dir / "stories-suggestion.png", full_page=True, caret="initial")
    # The keyboard: focus the suggestion, `a` confirms it.
    suggestion.focus()
    page.keyboard.press("a")
    expect(page.locator("#claim-panel")).to_contain_text("Confirmed: both claims are now one story.")
    expect(page.locator("#story-summary")).to_contain_text(
        "repeated in 2 articles, 1 independent origin"
    )
    assert MatchSuggestion.objects.get().state == MatchSuggestion.State.CONFIRMED
    assert ClaimLink.objects.filter(kind="repeats").count() == 1
    page.locator("#story-summary a").click()
    expect(page.locator("#first-appearance")).to_contain_text("19 Dec 2024")
    expect(page.locator("#first-appearance")).to_contain_text(french.outlet_name or french.title)
    expect(page.locator("#story-counts")).to_have_text(
        "repeated in 2 articles, 1 independent origin"
    )
    expect(page.locator("#appearances tbody tr")).to_have_count(2)
    expect(page.locator("figure.timeline svg rect.bar")).to_have_count(2)
    page.screenshot(path=artifacts_dir / "stories-story.png", full_page=True, caret="initial")
    assert not problems, problems
