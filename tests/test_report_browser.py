"""The report builder in Chromium: from the article page to a preview (htmx) and a download."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_export_world import build_world


@pytest.mark.browser
def test_export_from_article_preview_and_download(live_server, page, login, researcher,
                                                  artifacts_dir):
    world = build_world(researcher)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login(page, researcher)
    page.goto(f"{live_server.url}{world.fr.get_absolute_url()}")
    page.click("a.export-link")
    page.wait_for_url("**/reports/?article=*")
    assert "2 claims" in page.inner_text(".page-head")

    page.check("input[name=format][value=html]")
    page.uncheck("input[name=include][value=notes]")
    page.click("#report-preview-button")
    page.wait_for_selector("#report-preview .report-title-page")
    preview = page.inner_text("#report-preview")
    assert "Article “Pyongyang menace, « encore »”" in preview
    assert "Kim Jong-un via KCNA" in preview
    assert "Vu dans" not in preview  # notes left out
    assert page.url.endswith(f"/reports/?article={world.fr.pk}")  # htmx swapped in place
    page.screenshot(path=str(artifacts_dir / "report-builder-preview.png"), full_page=True)

    page.check("input[name=format][value=csv]")
    with page.expect_download() as download_info:
        page.click("#report-download-button")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Kim Jong-un via KCNA" in data
    assert not [p for p in problems if "Content Security Policy" in p], problems
