"""Newsdesk in French, in Chromium: a browser that asks for French gets the reader, the claim
panel, the claims page, the import page, the report builder and a PDF report in French, with
French dates; the switch in the navigation bar brings English back, and keeps it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect


@pytest.fixture
def french_page(browser, live_server):
    """A page in a browser whose language is French (Accept-Language: fr-FR)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
def test_a_french_browser_gets_the_desk_in_french_and_can_switch_back(
    live_server, french_page, login, researcher, seed_article, artifacts_dir
):
    from articles.models import UserPreference

    page = french_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_contain_text("Se connecter à")
    login(page, researcher)

    # The reader: headings, the article's date in French, the JavaScript strings too.
    page.goto(f"{live_server.url}{seed_article.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".claims-index h2")).to_contain_text("Affirmations")
    expect(page.locator("#article-head")).to_contain_text("27 décembre 2025 à 14 h 01")
    expect(page.locator("#article-head")).to_contain_text("Publié")
    said = page.evaluate("gettext('No other unreviewed claim in this article.')")
    assert said == "Aucune autre affirmation non examinée dans cet article."

    # The claim panel.
    page.locator("#claim-list a").first.click()
    panel = page.locator("#claim-panel")
    expect(panel).to_contain_text("Qui fait l’affirmation")
    expect(panel.locator(".status-chip")).to_have_text("Non examinée")
    expect(panel).to_contain_text("Crédibilité")
    expect(panel).to_contain_text("Historique")
    page.screenshot(path=str(artifacts_dir / "french-reader-panel.png"), full_page=True)
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_contain_text("Raccourcis clavier")
    page.keyboard.press("Escape")

    # The claims page and the import page.
    page.goto(f"{live_server.url}/claims/")
    expect(page.locator("h1")).to_have_text("Affirmations")
    expect(page.locator("#claim-filters")).to_contain_text("Chercher des affirmations")
    expect(page.locator(".result-count")).to_contain_text("affirmations")
    page.screenshot(path=str(artifacts_dir / "french-claims.png"), full_page=True)
    page.goto(f"{live_server.url}/import/")
    expect(page.locator("h1")).to_have_text("Importer des articles")
    expect(page.locator("#paste-heading")).to_have_text("Coller un article")

    # The report builder, in the user's language by default, and a PDF report in French.
    page.goto(f"{live_server.url}/reports/?article={seed_article.pk}")
    expect(page.locator("h1")).to_have_text("Exporter un rapport")
    expect(page.locator("input[name=report_language][value=fr]")).to_be_checked()
    page.check("input[name=format][value=pdf]")
    page.click("#report-preview-button")
    expect(page.locator("#report-preview")).to_contain_text("Affirmations par statut")
    page.screenshot(path=str(artifacts_dir / "french-report-builder.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("#report-download-button")
    pdf = Path(download_info.value.path())
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Rapport d’affirmations" in text and "Affirmations par statut" in text
    assert "Non examinée" in text and "décembre 2025" in text
    assert "Claims by status" not in text

    # Back to English with the switch, from a claim opened by htmx: the same address (the
    # claim's, pushed after the page was served), English words, and it stays.
    page.goto(f"{live_server.url}{seed_article.get_absolute_url()}")
    page.locator("#claim-list a").first.click()
    expect(page.locator("#claim-panel")).to_contain_text("Qui fait l’affirmation")
    claim_url = page.url
    assert "/claims/" in claim_url
    page.click("#language-switch button[value=en]")
    page.wait_for_url(claim_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#claim-panel")).to_contain_text("Who makes the claim")
    expect(page.locator("#article-head")).to_contain_text("27 December 2025, 14:01")
    page.goto(f"{live_server.url}/claims/")
    expect(page.locator("h1")).to_have_text("Claims")
    page.screenshot(path=str(artifacts_dir / "english-after-switch-reader.png"), full_page=True)
    assert UserPreference.objects.get(user=researcher).language == "en"
    assert not [p for p in problems if "Content Security Policy" in p], problems
