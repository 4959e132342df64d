"""In Chromium: read, tag, grade, annotate claims; new claims from a selection; j/k; conflicts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from articles.models import Article, Attribution, Claim, ClaimStatus, Note
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Pyongyang sent thousands of troops to fight beside Moscow, South Korean intelligence said. "
    "The regiment lost at least nine soldiers, Kim Jong-un acknowledged in a speech.\n\n"
    "Yonhap reported that the unit came home in December. KCNA called the mission heroic."
)


def watch(page) -> list[str]:
    """Console errors (CSP violations show up there), page errors and dialogs, as they happen."""
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    return problems


@pytest.fixture
def statuses(db):
    ClaimStatus.ensure_starter()


def article_with_claims():
    article = ArticleFactory(title="Troops and the Kursk regiment", text=TEXT, paragraphs=[])
    sentences = [m.span() for m in re.finditer(r"[^.\n]+\.", TEXT)]
    sources = [SourceFactory(name=n) for n in ("NIS", "Kim Jong-un", "Yonhap", "KCNA")]
    claims = []
    for (start, end), source in zip(sentences, sources, strict=True):
        start += len(TEXT[start:end]) - len(TEXT[start:end].lstrip())
        claim = ClaimFactory(article=article, start=start, end=end)
        Attribution.objects.create(claim=claim, mention=source.name, source=source)
        claims.append(claim)
    return article, claims


def test_import_read_tag_grade_note_and_reload(
    page, live_server, login, researcher, registry, seed_text, statuses, artifacts_dir
):
    problems = watch(page)
    login(page, researcher)
    page.get_by_role("link", name="Import").first.click()
    page.fill("textarea[name=text]", seed_text)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1.article-title")).to_contain_text("Kim Jong-un loue")
    article = Article.objects.get()
    # The extraction finds six claims in the seed; each is highlighted in the text.
    expect(page.locator("#article-text .hl[data-badge]")).to_have_count(6)
    assert Claim.objects.filter(article=article).count() == 6
    page.screenshot(path=artifacts_dir / "reader-seed.png", full_page=True)

    first = page.locator("#article-text .hl").first
    claim_id = int(first.get_attribute("data-claim"))
    open_claim_panel(page, first)
    expect(page.locator("#claim-panel .panel")).to_have_attribute("data-claim", str(claim_id))
    claim = Claim.objects.get(pk=claim_id)
    page.wait_for_url(f"**{claim.get_absolute_url()}")  # linkable, reloadable

    page.select_option("#field-status", "corroborated")
    expect(page.locator("#claim-panel .status-chip")).to_have_text("Corroborated")
    page.keyboard.press("2")  # credibility 2 from the keyboard
    expect(page.locator("#claim-panel .grade-big")).to_contain_text("2")
    page.keyboard.press("t")
    page.keyboard.type("Troupes nord-coréennes")
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel .tags")).to_contain_text("Troupes nord-coréennes")
    page.keyboard.press("Escape")  # leave the field
    page.keyboard.press("n")
    page.keyboard.type("Confirmed by the **NIS** briefing to lawmakers.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-panel .note-body strong")).to_have_text("NIS")
    expect(page.locator(f"#claim-item-{claim_id}")).to_have_class(re.compile("st-corroborated"))

    page.reload()
    panel = page.locator("#claim-panel")
    expect(panel.locator(".status-chip")).to_have_text("Corroborated")
    expect(panel.locator(".grade-big")).to_contain_text("2")
    expect(panel.locator(".tags")).to_contain_text("Troupes nord-coréennes")
    expect(panel.locator(".note-body")).to_contain_text("Confirmed by the NIS briefing")
    expect(panel.locator(".history-list")).to_contain_text("rita")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=artifacts_dir / "reader-claim-open.png")
    claim.refresh_from_db()
    assert claim.curated and claim.credibility == 2 and claim.status.slug == "corroborated"
    assert not problems, problems


def open_claim_panel(page, link) -> None:
    """Click a claim and wait until htmx has settled the panel it swapped in.

    htmx binds the panel's forms in its settle step, a moment after the new panel is
    visible; a change made before that (a script can be that quick, a person cannot) would
    not reach the form's trigger.
    """
    page.evaluate(
        """() => { window.panelSettled = new Promise(resolve => document.body.addEventListener(
             'htmx:afterSettle',
             event => { if (event.detail.target.id === 'claim-panel') resolve(); },
             {once: true})); }"""
    )
    link.click()
    # A click that lands before htmx has bound the link is a plain navigation to the claim's
    # URL (the same panel, server-rendered): then there is no promise, and the page's load
    # is what to wait for.
    page.evaluate("() => window.panelSettled")
    page.wait_for_load_state()


def select_text(page, start: int, end: int) -> None:
    """Select article.text[start:end] in the rendered text, as a person dragging would."""
    page.evaluate(
        """([start, end]) => {
          const segs = [...document.querySelectorAll('#article-text [data-start]')];
          // Offsets count code points (Python's); the DOM counts UTF-16 code units.
          function point(offset) {
            for (const seg of segs) {
              const s = +seg.dataset.start, chars = [...seg.textContent];
              if (offset >= s && offset <= s + chars.length) {
                return [seg.firstChild, chars.slice(0, offset - s).join('').length];
              }
            }
          }
          const range = document.createRange();
          range.setStart(...point(start));
          range.setEnd(...point(end));
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }""",
        [start, end],
    )
    box = page.locator("#article-text").bounding_box()
    page.locator("#article-text").dispatch_event("mouseup")
    assert box


def test_new_claim_from_a_selection_and_span_adjustment(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    article, _ = article_with_claims()
    Claim.objects.filter(article=article).delete()
    kcna = SourceFactory(name="KCNA")
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    start = TEXT.index("KCNA called")
    end = len(TEXT)
    select_text(page, start, end)
    pop = page.locator("#selection-pop")
    expect(pop).to_be_visible()
    expect(pop.locator("#sel-quote")).to_have_text("KCNA called the mission heroic.")
    pop.locator("#new-claim-source").fill(kcna.name)
    pop.get_by_role("button", name="New claim").click()
    claim = None
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(article=article)
    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == TEXT[start:end] and claim.prefix == TEXT[start - 32 : start]
    assert [a.source for a in claim.attributions.all()] == [kcna]
    expect(page.locator(f'#article-text .hl[data-claim="{claim.pk}"]')).to_have_text(
        TEXT[start:end]
    )

    # Adjust the span: select a shorter text and make it this claim's span.
    new_end = start + len("KCNA called the mission")
    select_text(page, start, new_end)
    page.get_by_role("button", name="Set as this claim's span").click()
    expect(page.locator(f'#article-text .hl[data-claim="{claim.pk}"]')).to_have_text(
        "KCNA called the mission"
    )
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (start, new_end, 2)
    assert not problems, problems


def test_walk_claims_with_j_and_k_and_see_the_shortcuts(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    article, claims = article_with_claims()
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    panel = page.locator("#claim-panel .panel[data-claim]")
    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-claim", str(claims[0].pk))
    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-claim", str(claims[1].pk))
    expect(page.locator(f'.hl.current[data-claim="{claims[1].pk}"]')).to_have_count(1)
    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-claim", str(claims[2].pk))
    page.keyboard.press("k")
    expect(panel).to_have_attribute("data-claim", str(claims[1].pk))
    assert page.url.endswith(claims[1].get_absolute_url())
    page.keyboard.press("5")
    expect(page.locator("#claim-panel .grade-big")).to_have_text("B5")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()
    page.keyboard.press("Escape")  # closes the claim
    expect(page.locator("#claim-panel .panel-empty")).to_be_visible()
    # Typing in a field never triggers shortcuts.
    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-claim", str(claims[0].pk))
    page.keyboard.press("n")
    page.keyboard.type("jjkk 123 s t ?")
    expect(page.locator("#field-note")).to_have_value("jjkk 123 s t ?")
    assert Claim.objects.get(pk=claims[0].pk).credibility is None
    assert not problems, problems


def test_two_editors_conflict_keeps_the_second_persons_text(
    browser, live_server, login, researcher, statuses, artifacts_dir
):
    from tests.factories import ResearcherFactory

    _article, claims = article_with_claims()
    claim = claims[0]
    otto = ResearcherFactory(username="otto")
    first = browser.new_context(viewport={"width": 1440, "height": 1000})
    second = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        a, b = first.new_page(), second.new_page()
        problems = watch(a) + watch(b)
        login(a, otto)
        login(b, researcher)
        for p in (a, b):
            p.goto(live_server.url + claim.get_absolute_url())
            expect(p.locator("#claim-panel .panel")).to_have_attribute("data-version", "1")
        # Otto sets the status first.
        a.select_option("#field-status", "disputed")
        expect(a.locator("#claim-panel .status-chip")).to_have_text("Disputed")
        # Rita, on the page she loaded before, writes a note and saves.
        typed = "Yonhap's December report names the unit; compare with KCNA of 12 December."
        b.fill("#field-note", typed)
        b.get_by_role("button", name="Add note").click()
        conflict = b.locator("#claim-panel .conflict")
        expect(conflict).to_contain_text("Someone else changed this claim")
        expect(conflict).to_contain_text("otto")
        expect(conflict).to_contain_text("Disputed")
        expect(b.locator("#field-note")).to_have_value(typed)  # nothing typed is lost
        assert not Note.objects.exists()
        conflict.scroll_into_view_if_needed()
        b.screenshot(path=artifacts_dir / "conflict.png")
        # She re-applies her edit on the fresh version.
        b.get_by_role("button", name="Add note").click()
        expect(b.locator("#claim-panel .note-body")).to_contain_text("Yonhap's December report")
        expect(b.locator("#claim-panel .status-chip")).to_have_text("Disputed")
        claim.refresh_from_db()
        assert claim.status.slug == "disputed" and claim.version == 3
        assert Note.objects.get().body == typed
        # Otto's stale page now refuses his next edit instead of overwriting hers.
        a.select_option("#field-status", "refuted")
        expect(a.locator("#claim-panel .conflict")).to_contain_text("rita")
        claim.refresh_from_db()
        assert claim.status.slug == "disputed"
        assert not problems, problems
    finally:
        first.close()
        second.close()


def test_a_typed_note_survives_a_reload(page, live_server, login, researcher, statuses):
    _article, claims = article_with_claims()
    login(page, researcher)
    page.goto(live_server.url + claims[1].get_absolute_url())
    page.fill("#field-note", "Half-written thought about the regiment")
    page.fill("#claim-panel input[name=cue_text]", "acknowledged in a speech")
    # Another form in the panel saves and the panel is redrawn: the typing stays.
    page.select_option("#field-status", "disputed")
    expect(page.locator("#claim-panel .status-chip")).to_have_text("Disputed")
    expect(page.locator("#field-note")).to_have_value("Half-written thought about the regiment")
    expect(page.locator("#claim-panel input[name=cue_text]")).to_have_value(
        "acknowledged in a speech"
    )
    page.reload()
    expect(page.locator("#field-note")).to_have_value("Half-written thought about the regiment")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#claim-panel .note-body")).to_contain_text("Half-written thought")
    page.reload()
    expect(page.locator("#field-note")).to_have_value("")


def test_claims_page_search_filter_and_bulk(
    page, live_server, login, researcher, statuses, artifacts_dir
):
    problems = watch(page)
    _article, _claims = article_with_claims()
    login(page, researcher)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(live_server.url + "/claims/")
    expect(page.locator(".claims-table tbody tr")).to_have_count(4)
    page.fill("input[name=q]", "regiment")
    expect(page.locator(".claims-table tbody tr")).to_have_count(1)
    assert "q=regiment" in page.url  # shareable
    page.fill("input[name=q]", "")
    expect(page.locator(".claims-table tbody tr")).to_have_count(4)
    page.check("#select-all")
    page.locator(".bulk-bar select[name=status]").select_option("unverifiable")
    page.fill(".bulk-bar input[name=tag]", "Kursk")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".messages")).to_contain_text("to 4 claims")
    assert Claim.objects.filter(status__slug="unverifiable", tags__name="Kursk").count() == 4
    page.screenshot(path=artifacts_dir / "claims-page.png", full_page=True)
    page.get_by_role("link", name="Sources").click()
    page.get_by_role("link", name="KCNA", exact=True).click()
    expect(page.locator(".timeline svg rect.bar")).to_have_count(1)
    expect(page.locator("aside")).to_contain_text("Kursk")
    page.screenshot(path=artifacts_dir / "source-page.png", full_page=True)
    page.get_by_role("link", name="Articles").click()
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page.screenshot(path=artifacts_dir / "article-list.png", full_page=True)
    assert not problems, problems


def test_link_a_claim_to_another_article_through_the_picker(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    _article, claims = article_with_claims()
    other = ArticleFactory(title="Yonhap, 13 December", text="KCNA denied that any soldier died.")
    target = ClaimFactory(article=other)
    login(page, researcher)
    page.goto(live_server.url + claims[1].get_absolute_url())
    page.locator("#claim-panel select[name=kind]").select_option("contradicts")
    page.fill("#claim-panel input[name=q]", "soldier died")
    option = page.locator(f'#picker-results input[value="{target.pk}"]')
    expect(option).to_be_visible()
    assert page.url.endswith(claims[1].get_absolute_url())  # the picker does not move the page
    option.check()
    page.get_by_role("button", name="Link", exact=True).click()
    links = page.locator("#claim-panel .links")
    expect(links).to_contain_text("contradicts")
    expect(links).to_contain_text("KCNA denied that any soldier died.")
    expect(page.locator("#claim-panel .history-list")).to_contain_text("added a link")
    links.get_by_role("link", name="KCNA denied").click()
    expect(page.locator("#claim-panel .links")).to_contain_text("contradicted by")
    assert not problems, problems


def test_a_save_that_cannot_reach_the_server_says_so_and_keeps_the_text(
    page, live_server, login, researcher, statuses
):
    _article, claims = article_with_claims()
    login(page, researcher)
    page.goto(live_server.url + claims[0].get_absolute_url())
    page.fill("#field-note", "Written on a train without network")
    page.context.set_offline(True)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#claim-panel .flash.transport")).to_contain_text("Not saved")
    expect(page.locator("#field-note")).to_have_value("Written on a train without network")
    page.context.set_offline(False)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#claim-panel .note-body")).to_contain_text("Written on a train")
    assert Note.objects.get().body == "Written on a train without network"


def test_triple_click_and_a_selection_across_paragraphs_give_exact_offsets(
    page, live_server, login, researcher, statuses
):
    problems = watch(page)
    article, _ = article_with_claims()
    Claim.objects.filter(article=article).delete()
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("#article-text .para").nth(1).click(click_count=3)
    expect(page.locator("#selection-pop")).to_be_visible()
    page.get_by_role("button", name="New claim").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    second = TEXT.split("\n\n")[1]
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.quote) == (TEXT.index(second), len(TEXT), second)

    start, end = TEXT.index("Kim Jong-un acknowledged"), TEXT.index(" came home")
    select_text(page, start, end)
    expect(page.locator("#sel-quote")).to_contain_text("Kim Jong-un acknowledged")
    page.get_by_role("button", name="New claim").click()
    expect(page.locator(f'#article-text .hl[data-start="{start}"]')).to_have_count(1)
    crossing = Claim.objects.get(start=start)
    assert crossing.end == end and crossing.quote == TEXT[start:end]
    assert not problems, problems


ASTRAL = (
    "Launch day 🚀 at Sohae, with 𝕏 posts everywhere. "
    "KCNA called the launch a complete success, the agency said."
)


def test_selection_offsets_after_emoji_and_astral_characters(
    page, live_server, login, researcher, statuses
):
    """🚀 and 𝕏 are two UTF-16 code units each but one character for the server."""
    problems = watch(page)
    article = ArticleFactory(title="Sohae", text=ASTRAL, paragraphs=[])
    login(page, researcher)
    page.goto(live_server.url + article.get_absolute_url())
    start = ASTRAL.index("KCNA called")
    end = ASTRAL.index(", the agency")
    select_text(page, start, end)
    expect(page.locator("#sel-quote")).to_have_text("KCNA called the launch a complete success")
    with page.expect_request("**/claims/new/") as sent:
        page.get_by_role("button", name="New claim").click()
    posted = parse_qs(sent.value.post_data)
    # The browser's own offsets are right (not rescued by the server re-anchoring the quote).
    assert (posted["start"], posted["end"]) == ([str(start)], [str(end)])
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(article=article)
    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == "KCNA called the launch a complete success"

    # The span adjustment lands on the selected words too, here between 🚀 and 𝕏.
    new_start, new_end = ASTRAL.index("at Sohae"), ASTRAL.index(", with")
    select_text(page, new_start, new_end)
    page.get_by_role("button", name="Set as this claim's span").click()
    expect(page.locator(f'#article-text .hl[data-claim="{claim.pk}"]')).to_have_text("at Sohae")
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.quote) == (new_start, new_end, "at Sohae")
    assert not problems, problems
