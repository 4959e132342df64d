"""In Chromium at a phone's and a laptop's size: no sideways scroll, a folding menu, the claim
panel as a bottom sheet, uncut dropdowns; and axe-core's WCAG 2.1 AA rules on every page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import ClaimStatus, Source, Tag
from tests.test_browser_workspace import article_with_claims, open_claim_panel, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def desk(db):
    """An article with four graded, tagged claims; its sources; a tag."""
    ClaimStatus.ensure_starter()
    article, claims = article_with_claims()
    tag = Tag.objects.create(name="Kursk")
    for claim in claims:
        claim.tags.add(tag)
    claims[0].credibility = 2
    claims[0].save()
    return article, claims


def main_pages(live_server, desk) -> dict[str, str]:
    _article, claims = desk
    return {
        "articles": "/",
        "reader": claims[1].get_absolute_url(),
        "claims": "/claims/",
        "sources": "/sources/",
        "source": Source.objects.get(name="KCNA").get_absolute_url(),
        "import": "/import/",
        "reports": "/reports/",
        "tags": "/tags/",
    }


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390x844", "1280x720"])
def test_no_page_scrolls_sideways_and_each_is_screenshotted(
    page, live_server, login, researcher, desk, artifacts_dir, size
):
    problems = watch(page)
    login(page, researcher)
    page.set_viewport_size(size)
    for name, url in main_pages(live_server, desk).items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        page.screenshot(
            path=artifacts_dir / f"layout-{name}-{size['width']}x{size['height']}.png",
            full_page=True,
        )
        assert widths[0] <= widths[1], (name, widths)
    assert not problems, problems


def test_on_a_phone_the_menu_folds_behind_a_button(page, live_server, login, researcher, desk):
    problems = watch(page)
    login(page, researcher)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/claims/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    for name in ("Articles", "Claims", "Sources", "Tags", "Import"):
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_visible()
    box = log_out.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    nav.get_by_role("link", name="Tags", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Tags")
    # Wide screens show the menu itself, no button.
    page.set_viewport_size(LAPTOP)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert not problems, problems


def test_on_a_phone_a_tapped_claim_opens_as_a_bottom_sheet_and_claims_are_cards(
    page, live_server, login, researcher, desk, artifacts_dir
):
    problems = watch(page)
    article, claims = desk
    login(page, researcher)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("#claim-panel")).to_be_hidden()  # nothing open: no empty sheet
    highlight = page.locator(f'#article-text .hl[data-claim="{claims[2].pk}"]').first
    highlight.scroll_into_view_if_needed()
    open_claim_panel(page, highlight)
    sheet = page.locator("#claim-panel")
    expect(sheet.locator(".panel")).to_have_attribute("data-claim", str(claims[2].pk))
    page.wait_for_timeout(600)  # the smooth scroll to the claim
    box = sheet.bounding_box()
    assert box["y"] >= PHONE["height"] * 0.3  # over the lower part of the screen
    assert abs(box["y"] + box["height"] - PHONE["height"]) <= 1  # down to its bottom edge
    assert box["width"] == PHONE["width"]
    # The tapped sentence stays readable above the sheet.
    hl = highlight.bounding_box()
    assert hl["y"] >= 0 and hl["y"] + hl["height"] <= box["y"], (hl, box)
    page.screenshot(path=artifacts_dir / "reader-bottom-sheet-390x844.png", caret="initial")
    # Changing the status from the sheet, then closing it.
    sheet.locator("#field-status").select_option("disputed")
    expect(sheet.locator(".status-chip")).to_have_text("Disputed")
    sheet.get_by_role("link", name="Close").click()
    expect(sheet).to_be_hidden()

    page.goto(live_server.url + "/claims/")
    rows = page.locator(".claims-table tbody tr")
    expect(rows).to_have_count(4)
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first["width"] <= PHONE["width"] and second["y"] >= first["y"] + first["height"]
    expect(rows.nth(0).locator("td[data-label=Status]")).to_be_visible()
    assert not problems, problems


def test_at_1280_the_panels_dropdowns_show_their_whole_labels(
    page, live_server, login, researcher, desk
):
    _article, claims = desk
    login(page, researcher)
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + claims[0].get_absolute_url())
    cut = page.evaluate(
        """() => {
          const ctx = document.createElement('canvas').getContext('2d');
          const cut = [];
          for (const select of document.querySelectorAll('#review-form select, .cue-form select')) {
            const style = getComputedStyle(select);
            ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            // Room for the text: the box less its padding, border and the arrow (~20 px).
            const room = select.clientWidth - parseFloat(style.paddingLeft)
                         - parseFloat(style.paddingRight) - 20;
            for (const option of select.options) {
              const width = ctx.measureText(option.text).width;
              if (width > room) cut.push(`${select.name}: ${option.text} (${width} > ${room})`);
            }
          }
          return cut;
        }"""
    )
    assert cut == []


def test_axe_finds_no_wcag_21_aa_violation_on_the_main_pages(
    page, live_server, login, researcher, desk
):
    login(page, researcher)
    axe = Axe()
    reports = []
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        for name, url in main_pages(live_server, desk).items():
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            results = axe.run(page, options=WCAG_21_AA)
            if results.violations_count:
                reports.append(f"{name} at {size['width']}px:\n{results.generate_report()}")
    assert not reports, "\n".join(reports)
