"""In Chromium: every reader key saves what it says; selection popup, link picker, badges."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Attribution, Claim, ClaimLink, ClaimStatus
from articles.selectors import statuses_with_keys
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory
from tests.test_browser_workspace import TEXT, article_with_claims, select_text, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statuses(db):
    ClaimStatus.ensure_starter()


def wait_saved(page, version: int) -> None:
    """Wait until the panel shows the claim at `version` and htmx has bound its forms."""
    expect(page.locator("#claim-panel .panel")).to_have_attribute("data-version", str(version))
    page.wait_for_function("() => !document.querySelector('#claim-panel .htmx-request')")
    page.wait_for_timeout(50)  # htmx's settle step binds the new forms after the swap


def test_every_review_key_saves_its_value_and_never_focuses_a_select(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    ClaimStatus.objects.create(slug="contested", name="Contested", colour="#445566", order=25)
    _article, claims = article_with_claims()
    claim = claims[0]
    login(page, researcher)
    page.goto(live_server.url + claim.get_absolute_url())
    version = 1
    keyed = [s for s in statuses_with_keys() if s.key]
    assert {s.slug for s in keyed} == set(ClaimStatus.objects.values_list("slug", flat=True))
    # The original misfire: `s` then `u` changed the status through the select's type-ahead.
    for status in keyed:
        expect(page.locator("#status-keys")).to_contain_text(status.name)
        expect(page.locator("#status-keys kbd", has_text=status.key)).to_have_count(1)
        page.keyboard.press(status.key)
        version += 1
        wait_saved(page, version)
        expect(page.locator("#claim-panel .status-chip")).to_have_text(status.name)
        claim.refresh_from_db()
        assert claim.status.slug == status.slug, status.key
        assert page.evaluate("() => document.activeElement.tagName") != "SELECT"
    for letter in "ABCDEF":
        page.keyboard.press(f"Shift+{letter}")
        version += 1
        wait_saved(page, version)
        claim.refresh_from_db()
        assert claim.reliability_override == letter
    for digit in "123456":
        page.keyboard.press(digit)
        version += 1
        wait_saved(page, version)
        claim.refresh_from_db()
        assert claim.credibility == int(digit)
    expect(page.locator("#claim-panel .grade-big")).to_have_text("F6")
    # Keys in the panel read as they are typed (the help says lower-case t, n, o, l).
    shown = page.eval_on_selector_all(
        "#claim-panel .panel-section h3 kbd", "els => els.map(e => e.innerText)"
    )
    assert sorted(shown) == ["l", "n", "o", "t"]
    # Every key is in the help.
    page.keyboard.press("?")
    help_keys = page.eval_on_selector_all("#shortcuts dt kbd", "els => els.map(e => e.innerText)")
    for key in ["j", "k", "u", "A", "F", "1", "6", "o", "l", "t", "n", "Esc", "?"] + [
        s.key for s in keyed
    ]:
        assert key in help_keys, key
    page.keyboard.press("Escape")
    assert not problems, problems


def test_u_l_o_t_n_keys_go_where_they_say(page, live_server, login, researcher, statuses):
    problems = watch(page)
    article, claims = article_with_claims()
    corroborated = ClaimStatus.objects.get(slug="corroborated")
    Claim.objects.filter(pk__in=[claims[1].pk, claims[2].pk]).update(status=corroborated)
    rodong = SourceFactory(name="Rodong Sinmun")
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    panel = page.locator("#claim-panel .panel[data-claim]")
    page.keyboard.press("u")
    expect(panel).to_have_attribute("data-claim", str(claims[0].pk))
    page.keyboard.press("u")  # claims 1 and 2 are reviewed
    expect(panel).to_have_attribute("data-claim", str(claims[3].pk))
    page.keyboard.press("u")  # wraps round
    expect(panel).to_have_attribute("data-claim", str(claims[0].pk))
    wait_saved(page, 1)
    for key, field in [
        ("l", "field-link"),
        ("o", "field-source"),
        ("t", "field-tag"),
        ("n", "field-note"),
    ]:
        page.keyboard.press(key)
        expect(page.locator(f"#{field}")).to_be_focused()
        page.keyboard.press("Escape")  # leaves the field, keeps the claim open
        expect(panel).to_be_visible()
    # o, a name typed with the list's help, Enter: a source added.
    page.keyboard.press("o")
    page.keyboard.type("Rodong")
    page.keyboard.type(" Sinmun")
    page.keyboard.press("Enter")
    wait_saved(page, 2)
    expect(page.locator("#claim-panel .attributions > li")).to_have_count(2)
    expect(page.locator("#claim-panel .attributions a", has_text="Rodong Sinmun")).to_be_visible()
    assert Attribution.objects.filter(claim=claims[0], source=rodong).exists()
    assert not problems, problems


def test_a_status_key_with_no_unreviewed_claim_left_says_so(
    page, live_server, login, researcher, statuses
):
    article, claims = article_with_claims()
    Claim.objects.filter(article=article).update(status=ClaimStatus.objects.get(slug="disputed"))
    login(page, researcher)
    page.goto(live_server.url + claims[0].get_absolute_url())
    page.keyboard.press("u")
    expect(page.locator("#key-feedback")).to_have_text("No other unreviewed claim in this article.")


def word_box(page, needle: str, which: str) -> dict:
    """The viewport position of the first (or last) character of `needle` in the text."""
    return page.evaluate(
        """([needle, which]) => {
          const walker = document.createTreeWalker(document.querySelector('#article-text'),
                                                   NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const i = node.data.indexOf(needle);
            if (i === -1) continue;
            const at = which === 'first' ? i : i + needle.length - 1;
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 1);
            const r = range.getBoundingClientRect();
            return {x: which === 'first' ? r.left + 1 : r.right - 1, y: r.top + r.height / 2};
          }
        }""",
        [needle, which],
    )


def test_popup_opens_on_a_drag_of_words_not_a_double_click_and_offers_what_applies(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    article, _ = article_with_claims()
    Claim.objects.filter(article=article).delete()
    kcna = SourceFactory(name="Korean Central News Agency")
    SourceFactory(name="Korea Herald")
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    pop = page.locator("#selection-pop")
    # A double-click selects one word: reading, not a new claim.
    box = word_box(page, "regiment", "first")
    page.mouse.dblclick(box["x"] + 3, box["y"])
    assert page.evaluate("() => window.getSelection().toString().trim()") == "regiment"
    page.wait_for_timeout(200)
    expect(pop).to_be_hidden()
    # A drag over several words opens it.
    start, end = word_box(page, "KCNA called", "first"), word_box(page, "heroic.", "last")
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], end["y"], steps=8)
    page.mouse.up()
    expect(pop).to_be_visible()
    expect(pop.locator("#sel-quote")).to_have_text("KCNA called the mission heroic.")
    # No claim is open: nothing to move a span to.
    expect(pop.get_by_role("button", name="Set as this claim's span")).to_be_hidden()
    # The source field filters as you type (a list, not a 5-row multi-select).
    field = pop.locator("#new-claim-source")
    assert field.get_attribute("list") == "new-claim-sources"
    assert pop.locator("select[multiple]").count() == 0
    options = page.eval_on_selector_all("#new-claim-sources option", "els => els.map(e => e.value)")
    assert "Korean Central News Agency" in options and "Korea Herald" in options
    # A name that is not in the registry is refused with a message, nothing is created.
    field.fill("Korean Central Nws")
    pop.get_by_role("button", name="New claim").click()
    expect(pop.locator("#new-claim-error")).to_contain_text("No registry source is called")
    assert not Claim.objects.filter(article=article).exists()
    field.fill("korean central news agency")
    pop.get_by_role("button", name="New claim").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(article=article)
    assert claim.quote == "KCNA called the mission heroic."
    assert [a.source for a in claim.attributions.all()] == [kcna]
    # With the claim open, moving its span is offered.
    select_text(page, TEXT.index("KCNA called"), TEXT.index(" heroic"))
    expect(pop.get_by_role("button", name="Set as this claim's span")).to_be_visible()
    assert not problems, [p for p in problems if "400" not in p]


def test_link_picker_searches_sources_and_works_with_arrows_and_enter(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    _article, claims = article_with_claims()
    other = ArticleFactory(title="Yonhap, 13 December", text="No soldier died, the agency said.")
    rodong = SourceFactory(name="Rodong Sinmun")
    first = ClaimFactory(article=other, start=0, end=15)
    second = ClaimFactory(article=other, start=17, end=33)
    for target in (first, second):
        Attribution.objects.create(claim=target, mention="Rodong Sinmun", source=rodong)
    login(page, researcher)
    page.goto(live_server.url + claims[1].get_absolute_url())
    wait_saved(page, 1)
    page.keyboard.press("l")
    page.keyboard.type("Rodong")  # in no claim's text: found through the source
    results = page.locator("#picker-results input[type=radio]")
    expect(results).to_have_count(2)
    expect(page.locator("#picker-results")).to_contain_text("Rodong Sinmun")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen = page.locator("#picker-results li.active input")
    expect(chosen).to_be_checked()
    chosen_pk = int(chosen.get_attribute("value"))
    expect(page.locator("#field-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel .links")).to_contain_text(
        Claim.objects.get(pk=chosen_pk).quote
    )
    link = ClaimLink.objects.get()
    assert (link.from_claim_id, link.to_claim_id) == (claims[1].pk, chosen_pk)
    assert not problems, problems


def test_badges_in_the_text_follow_a_source_change_without_a_reload(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    _article, claims = article_with_claims()
    claim = claims[0]  # attributed to NIS
    yonhap_pk = Attribution.objects.get(claim=claims[2]).source_id
    login(page, researcher)
    page.goto(live_server.url + claim.get_absolute_url())
    badge = page.locator(f'#article-text .hl[data-claim="{claim.pk}"][data-badge]')
    expect(badge).to_have_attribute("data-badge", "NIS")
    page.evaluate("() => { window.notReloaded = true; }")
    wait_saved(page, 1)
    page.locator("#claim-panel .attributions select[name=source]").select_option(str(yonhap_pk))
    expect(page.locator("#claim-panel .attributions")).to_contain_text("Yonhap")
    expect(badge).to_have_attribute("data-badge", "Yonhap")
    expect(page.locator(f'#article-text .hl.current[data-claim="{claim.pk}"]')).not_to_have_count(0)
    wait_saved(page, 2)
    page.locator("#field-source").fill("KCNA")
    page.locator("#field-source").press("Enter")
    expect(badge).to_have_attribute("data-badge", "Yonhap, KCNA")
    assert page.evaluate("() => window.notReloaded") is True
    # A highlight in the redrawn text still opens its claim in the panel.
    page.locator(f'#article-text .hl[data-claim="{claims[1].pk}"]').first.click()
    expect(page.locator("#claim-panel .panel")).to_have_attribute("data-claim", str(claims[1].pk))
    assert page.evaluate("() => window.notReloaded") is True
    assert not problems, problems


def test_jargon_is_explained_and_the_removed_lines_link_opens_them(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    article, claims = article_with_claims()
    Article.objects.filter(pk=article.pk).update(
        dropped_lines=[{"reason": "caption", "text": "Image captured from a video"}]
    )
    claim = claims[3]
    Claim.objects.filter(pk=claim.pk).update(curated=True)
    Attribution.objects.create(
        claim=claim, mention="Yonhap", source=SourceFactory(name="Yonhap News"), position=1
    )
    login(page, researcher)
    page.goto(live_server.url + claim.get_absolute_url())
    relay = page.locator("#claim-panel abbr.term", has_text="relay 1")
    assert "passed the claim on" in relay.get_attribute("title")
    curated = page.locator("#claim-panel abbr.term", has_text="curated")
    assert "re-running the extraction" in curated.get_attribute("title")
    for term, says in [
        ("Credibility", "how likely the claim itself is true"),
        ("Reliability", "how far the source can be trusted"),
        ("Cue", "the words that attribute the claim"),
        ("stance", "how the source presents the claim"),
    ]:
        explained = page.locator("#claim-panel abbr.term", has_text=term).first
        assert says in explained.get_attribute("title"), term
    dropped = page.locator("details#dropped")
    assert dropped.evaluate("d => d.open") is False
    page.get_by_role("link", name=re.compile(r"what the cleaner removed \(1\)")).click()
    expect(dropped.locator("li")).to_be_visible()
    assert dropped.evaluate("d => d.open") is True
    # Straight from an address ending in #dropped, too.
    page.goto(live_server.url + article.get_absolute_url() + "#dropped")
    expect(page.locator("details#dropped li")).to_be_visible()
    assert not problems, problems
