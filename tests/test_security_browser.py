"""In Chromium: hostile article text, notes, tags and source names never run as script.

The article goes in through the real import service; the note and the tag are typed
through the claim panel. No dialog may open, no flag may be set by an injected script,
and the pages may log no console error (a CSP violation is one).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article, Attribution, Claim, ClaimStatus, Note
from articles.services.imports import import_article
from tests.factories import ClaimFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__pwned = 'script'; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img'; alert('img')\">",
    "<svg onload=\"window.__pwned='svg'; alert('svg')\"></svg>",
    "<a href=\"javascript:window.__pwned='js-link';alert('js')\">click me</a>",
    "[markdown link](javascript:window.__pwned='md';alert('md'))",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "\"><body onload=alert('attr')>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=\"window.__pwned='toggle';alert('toggle')\">",
]
HOSTILE = "\n".join(PAYLOADS)


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return problems


def test_hostile_content_never_runs(page, live_server, login, researcher, registry, artifacts_dir):
    ClaimStatus.ensure_starter()
    problems = watch(page)
    html = (
        "<html><head><title>Hostile <script>alert('title')</script></title></head><body>"
        "<article><h1>Essai <img src=x onerror=alert('h1')></h1>"
        "<p>Le dirigeant a déclaré que tout allait bien, selon KCNA. "
        + " ".join(PAYLOADS)
        + "</p><p>Second paragraph &lt;script&gt;alert('escaped')&lt;/script&gt; said Yonhap.</p>"
        "</article></body></html>"
    )
    article = import_article(html, input_kind=Article.InputKind.PASTE_HTML, user=researcher).article
    text_claim = ClaimFactory(article=article, start=0, end=min(len(article.text), 120))
    hostile_source = SourceFactory(name="Agency " + PAYLOADS[1])
    Attribution.objects.create(claim=text_claim, mention=PAYLOADS[2], source=hostile_source)
    Attribution.objects.create(claim=text_claim, mention=PAYLOADS[0], source=None)

    login(page, researcher)
    page.goto(live_server.url + text_claim.get_absolute_url())
    expect(page.locator("#claim-panel .panel")).to_be_visible()
    page.fill("#field-note", HOSTILE)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#claim-panel .note-body")).to_contain_text("markdown link")
    page.fill("#field-tag", PAYLOADS[1][:90])
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel .tags")).to_contain_text("onerror")
    assert Note.objects.get().body == HOSTILE

    # The note's HTML is sanitised: no active elements, no javascript: URL survived.
    note = page.locator("#claim-panel .note-body")
    assert note.locator("script, img, svg, iframe, style, details").count() == 0
    for href in note.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))"):
        assert not (href or "").lower().startswith("javascript"), href

    visits = [
        text_claim.get_absolute_url(),
        article.get_absolute_url(),
        "/",
        "/claims/",
        "/claims/?q=script",
        hostile_source.get_absolute_url(),
        "/sources/",
        "/tags/",
    ]
    for url in visits:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        for highlight in page.locator("#article-text .hl").all()[:3]:
            highlight.hover()
        assert page.evaluate("window.__pwned === undefined"), url
    page.goto(live_server.url + text_claim.get_absolute_url())
    page.locator("#claim-panel").screenshot(path=artifacts_dir / "hostile-panel.png")
    # The payloads are shown as the text they are.
    expect(page.locator("#claim-panel .attributions")).to_contain_text("<svg onload=")
    assert page.evaluate("window.__pwned === undefined")
    assert Claim.objects.filter(pk=text_claim.pk).exists()
    assert not problems, problems
