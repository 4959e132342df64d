"""In Chromium: hostile article text, notes, tags and source names never run as script.

The article goes in through the real import service; the note and the tag are typed
through the claim panel. No dialog may open, no flag may be set by an injected script,
and the pages may log no console error (a CSP violation is one).

The regression corpus in `tests/fixtures/hostile/` goes everywhere a person can put
text (articles, titles, quotes, sources, mentions, tags, an admin's status, notes,
searches); every page and every export format is then opened, and besides the checks
above the policy must report no violation and the DOM must hold no live handler.
"""

from __future__ import annotations

import html
from pathlib import Path

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


CORPUS = Path(__file__).parent / "fixtures" / "hostile"


def corpus_lines(name: str) -> list[str]:
    """The payloads of one corpus file: every line but blank ones and `##` comments."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("##")]


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    # Playwright's init script runs outside the page's policy: it only listens.
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
        "e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"
    )
    return problems


# Every element with an on* attribute, and every address that would run script.
LIVE_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on') || name.startsWith('hx-on') || name.startsWith('data-hx-on')) {
        found.push(el.tagName + ' ' + name);
      }
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
          && (value.startsWith('javascript:') || value.startsWith('data:text/html')
              || name === 'srcdoc')) {
        found.push(el.tagName + ' ' + name + '=' + attr.value.slice(0, 60));
      }
    }
  }
  return found;
}"""


def assert_inert(page, where: str) -> None:
    """No flag set, no policy violation and no live handler or script address in the DOM."""
    assert page.evaluate("window.__pwned === undefined"), where
    assert page.evaluate("window.__csp || []") == [], where
    assert page.evaluate(LIVE_DOM) == [], where


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


@pytest.fixture
def hostile_desk(researcher, registry):
    """Every corpus payload in every place a person can put text."""
    from articles.models import Tag
    from tests.factories import NoteFactory

    ClaimStatus.ensure_starter()
    xss, markdown, csv = (corpus_lines(f"{n}.txt") for n in ("xss", "markdown", "csv"))
    payloads = xss + markdown + csv
    page_html = (CORPUS / "page.html").read_text(encoding="utf-8")
    from_page = import_article(page_html, input_kind=Article.InputKind.PASTE_HTML, user=researcher)
    prose = "\n\n".join(
        f"Selon l'agence KCNA, le texte {payload} a été publié jeudi, a déclaré le ministère."
        for payload in payloads
    )
    pasted = import_article(
        "Un titre " + xss[0] + "\n\n" + prose, input_kind=Article.InputKind.PASTE_TEXT,
        user=researcher,
    ).article
    assert xss[0] in pasted.text  # the paste is text: the payloads are in the article
    status = ClaimStatus.objects.create(slug="hostile", name=xss[1][:100], order=9)
    claims = list(pasted.claims.all()[:3]) or [ClaimFactory(article=pasted, start=0, end=40)]
    for claim in claims:
        claim.status = status
        claim.save()
    claim = claims[0]
    for i, payload in enumerate(payloads):
        source = SourceFactory(name=f"{payload[:180]} #{i}")
        Attribution.objects.create(claim=claim, source=source, mention=payload[:500], position=i)
        claim.tags.add(Tag.objects.create(name=f"{payload[:90]} {i}"))
    for body in ("\n".join(xss), "\n\n".join(markdown), "\n".join(csv)):
        NoteFactory(claim=claim, author=researcher, body=body)
    return {"articles": [from_page.article, pasted], "claim": claim, "payloads": payloads}


def test_the_hostile_corpus_is_inert_in_every_page_and_export(
    page, live_server, login, researcher, hostile_desk
):
    from urllib.parse import urlencode

    from markdown_it import MarkdownIt

    from articles.exports import FORMATS

    problems = watch(page)
    login(page, researcher)
    claim = hostile_desk["claim"]
    source = claim.attributions.exclude(source=None).first().source
    searches = [urlencode({"q": p}) for p in hostile_desk["payloads"][:5]]
    visits = ["/", "/claims/", "/sources/", "/tags/", "/import/", source.get_absolute_url()]
    visits += [f"/?{q}" for q in searches] + [f"/claims/?{q}" for q in searches]
    visits += [f"/claims/?{urlencode({'tag': claim.tags.first().slug})}", "/claims/?status=hostile"]
    for article in hostile_desk["articles"]:
        visits += [
            article.get_absolute_url(),
            f"/articles/{article.pk}/raw/",
            f"/articles/{article.pk}/removed/",
            f"/reports/?article={article.pk}",
        ]
    visits.append(claim.get_absolute_url())
    visits += [f"/reports/preview/?format={fmt}&article={claim.article_id}" for fmt in FORMATS]
    for url in visits:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        for highlight in page.locator("#article-text .hl").all()[:3]:
            highlight.hover()
        assert_inert(page, url)
        # Chromium asks for /favicon.ico beside a text/plain page and logs the 404 itself; a
        # page's own failed requests are in `problems` with their address (`response`).
        problems[:] = [p for p in problems if "Failed to load resource" not in p]
        assert not problems, (url, problems)

    # The exports themselves, opened the way people open them: the HTML report in a browser
    # tab, the Markdown in a viewer that renders it (raw HTML and every link scheme allowed,
    # no policy to fall back on).
    viewer = MarkdownIt("commonmark", {"html": True})
    viewer.validateLink = lambda url: True
    for fmt in FORMATS:
        if fmt == "pdf":
            continue  # laid out from the HTML report, opened above
        response = page.request.get(
            f"{live_server.url}/reports/download/?format={fmt}&article={claim.article_id}"
        )
        assert response.ok, fmt
        body = response.body().decode("utf-8-sig")
        if fmt == "html":
            shown = body
        elif fmt == "md":
            shown = viewer.render(body)
        else:
            shown = f"<pre>{html.escape(body)}</pre>"
        page.set_content(shown)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined"), fmt
        assert page.evaluate(LIVE_DOM) == [], fmt
    # Outside the app (no policy, no static files) only a dialog or a script error counts.
    assert not [p for p in problems if not p.startswith("console:")], problems
