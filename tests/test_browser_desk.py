"""In Chromium, two researchers at work: one asks for review and assigns, the other sees the
queue grow after a reload and sends the verdict back; the first hears of it; a mention in a
reply notifies; a saved search raises an alert when the worker imports a matching article."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, ClaimReview, Notification, SavedSearch
from tests.factories import ResearcherFactory
from tests.test_browser_workspace import article_with_claims, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statuses(db):
    from articles.models import ClaimStatus

    ClaimStatus.ensure_starter()


def settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('#claim-panel .htmx-request')")
    page.wait_for_timeout(50)  # htmx binds the swapped panel's forms as it settles


def test_assign_review_send_back_notify_and_mention(
    browser, live_server, login, researcher, statuses, artifacts_dir
):
    otto = ResearcherFactory(username="otto")
    _article, claims = article_with_claims()
    claim = claims[0]
    rita_page = browser.new_context().new_page()
    otto_page = browser.new_context().new_page()
    problems = watch(rita_page) + watch(otto_page)
    login(rita_page, researcher)
    login(otto_page, otto)
    otto_page.goto(live_server.url + "/queue/")
    expect(otto_page.locator("#queue-count")).to_have_count(0)

    # Rita sets a final verdict: it waits for review. She gives the review to Otto.
    rita_page.goto(live_server.url + claim.get_absolute_url())
    settle(rita_page)
    rita_page.select_option("#field-status", "corroborated")
    expect(rita_page.locator("#review-pending")).to_contain_text("awaiting review")
    settle(rita_page)
    rita_page.fill("#assign-form input[name=assignee]", "otto")
    # Focusing the field filled its list of researchers, and left the panel where it was.
    expect(rita_page.locator('#desk-researchers option[value="otto"]')).to_have_count(1)
    rita_page.locator("#assign-form button", has_text="Assign").click()
    expect(rita_page.locator("#claim-panel .flash.ok")).to_have_text("Assigned to otto.")

    # Otto's queue count changes after a reload; he opens the claim and sends it back.
    otto_page.reload()
    expect(otto_page.locator("#queue-count")).to_have_text("1")
    otto_page.locator("#queue-table a", has_text=claim.quote[:20]).click()
    expect(otto_page.locator("#review-decision")).to_be_visible()
    settle(otto_page)
    otto_page.fill("#review-decision textarea[name=comment]", "One source only: find a second.")
    otto_page.locator("#review-decision button", has_text="Send back").click()
    expect(otto_page.locator("#claim-panel .flash.ok")).to_have_text("Sent back.")
    expect(otto_page.locator("#claim-panel .status-chip")).to_have_text("Unreviewed")
    assert ClaimReview.objects.get().state == "sent_back"

    # Rita sees the notification.
    rita_page.reload()
    expect(rita_page.locator("#unread-count")).to_have_text("1")
    rita_page.locator("#nav-inbox").click()
    expect(rita_page.locator("#inbox-list")).to_contain_text(
        "otto sent back your verdict: “One source only: find a second.”"
    )
    rita_page.screenshot(path=artifacts_dir / "desk-inbox.png")
    rita_page.locator("#mark-all-read").click()
    expect(rita_page.locator("#unread-count")).to_have_count(0)

    # Rita writes a note; Otto replies mentioning her, picking her name from the list.
    rita_page.goto(live_server.url + claim.get_absolute_url())
    settle(rita_page)
    rita_page.keyboard.press("n")
    rita_page.keyboard.type("Which second source would do?")
    rita_page.keyboard.press("Control+Enter")
    expect(rita_page.locator("#claim-panel .note-body")).to_contain_text("Which second source")
    otto_page.goto(live_server.url + claim.get_absolute_url())
    settle(otto_page)
    otto_page.locator(".reply-form summary").first.click()
    reply = otto_page.locator(".reply-form textarea").first
    reply.click()
    reply.type("The NIS briefing, @ri")
    otto_page.locator(".mention-list [data-username=rita] button").click()
    expect(reply).to_have_value("The NIS briefing, @rita ")
    reply.type("can you ask?")
    otto_page.locator(".reply-form button", has_text="Reply").first.click()
    expect(otto_page.locator("#claim-panel .flash.ok")).to_have_text("Reply added.")
    expect(otto_page.locator("#claim-panel .reply .note-body")).to_contain_text(
        "@rita can you ask?"
    )
    rita_page.reload()
    expect(rita_page.locator("#unread-count")).to_have_text("1")
    rita_page.goto(live_server.url + "/inbox/")
    expect(rita_page.locator("#inbox-list")).to_contain_text("otto mentioned you in a note")
    assert Notification.objects.filter(recipient=researcher, kind="mention").count() == 1

    # The m key assigns the open claim to oneself.
    rita_page.goto(live_server.url + claims[1].get_absolute_url())
    settle(rita_page)
    rita_page.keyboard.press("m")
    expect(rita_page.locator("#claim-panel .flash.ok")).to_have_text("Assigned to you.")
    rita_page.reload()
    expect(rita_page.locator("#queue-count")).to_have_text("1")
    assert not problems, problems


def test_a_saved_search_raises_an_alert_when_the_worker_imports_a_match(
    page, live_server, login, researcher, registry, seed_text, statuses
):
    problems = watch(page)
    login(page, researcher)
    page.goto(live_server.url + "/claims/?language=fr")
    page.fill("#save-search input[name=name]", "French claims")
    page.locator("#save-search button").click()
    expect(page.locator(".messages")).to_contain_text("Search “French claims” saved.")
    assert SavedSearch.objects.get().params == {"language": "fr"}

    page.goto(live_server.url + "/import/")
    page.set_input_files(
        "#upload-form input[type=file]",
        [
            {"name": "seed.txt", "mimeType": "text/plain", "buffer": seed_text.encode()},
            {
                "name": "other.txt",
                "mimeType": "text/plain",
                "buffer": b"Seoul said on Monday that the launch failed, according to Yonhap.",
            },
        ],
    )
    page.locator("#upload-form button").click()
    page.wait_for_url("**/import/jobs/**")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Article.objects.count() == 2
    page.goto(live_server.url + "/claims/")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#nav-inbox").click()
    claims = Article.objects.get(language="fr").claims.count()
    expect(page.locator("#inbox-list")).to_contain_text(
        f"{claims} new claims match your saved search “French claims”"
    )
    assert not problems, problems
