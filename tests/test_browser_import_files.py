"""In Chromium: paste clipboard HTML, upload one file, upload several and watch the job finish."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article, ImportJob
from articles.services.imports import run_bulk_import
from tests.fixtures.imports.webserver import Reply, WebServer, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def article(n: int) -> str:
    return (
        f"Launch number {n}\n\n"
        f"Pyongyang fired {n} missiles on Monday, the Joint Chiefs of Staff said. "
        f"The regime has carried out {n * 3} tests this year, according to Yonhap.\n"
    )


def watch_csp(page) -> list[str]:
    """Collect Content-Security-Policy violations reported in the console."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    return problems


def test_pasting_clipboard_html_keeps_the_html(page, live_server, login, researcher):
    problems = watch_csp(page)
    login(page, researcher)
    page.goto(f"{live_server.url}/import/")
    html = (
        "<h1>North Korea fires missile</h1><p>Pyongyang fired a ballistic missile on Monday, "
        "the Joint Chiefs of Staff said.</p><p>The launch followed weeks of tension, "
        "according to Yonhap.</p>"
    )
    text = (
        "North Korea fires missile\nPyongyang fired a ballistic missile on Monday, the "
        "Joint Chiefs of Staff said.\nThe launch followed weeks of tension, according to Yonhap."
    )
    page.locator("textarea[name=text]").focus()
    page.evaluate(
        """([html, text]) => {
            const box = document.querySelector('textarea[name=text]');
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', text);
            box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                           cancelable: true}));
            box.value = text;  // a synthetic paste does not insert; the browser would
        }""",
        [html, text],
    )
    assert page.locator("input[name=html]").input_value() == html
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("h1")).to_contain_text("North Korea fires missile")
    stored = Article.objects.get()
    assert stored.input_kind == Article.InputKind.PASTE_HTML
    assert stored.raw_input == html
    assert problems == []


def test_uploading_one_file_opens_the_article(
    page, live_server, login, researcher, tmp_path, artifacts_dir
):
    problems = watch_csp(page)
    path = tmp_path / "depeche.txt"
    path.write_bytes(
        "Séoul dénonce un tir\n\nPyongyang a tiré un missile, selon l’état-major. "
        "L’œuvre du régime continue, a déclaré Séoul.\n".encode("cp1252")
    )
    login(page, researcher)
    page.goto(f"{live_server.url}/import/")
    page.screenshot(path=artifacts_dir / "import-page.png", full_page=True)
    page.set_input_files("input[name=files]", str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("h1")).to_contain_text("Séoul dénonce un tir")
    expect(page.locator("body")).to_contain_text("L’œuvre du régime continue")
    assert Article.objects.get().raw_filename == "depeche.txt"
    assert problems == []


def test_a_binary_file_gets_a_message(page, live_server, login, researcher, tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    login(page, researcher)
    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=files]", str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-form .error")).to_contain_text("is not a text file")
    assert not Article.objects.exists()


def test_many_files_show_live_progress_then_the_summary(
    page, live_server, login, researcher, tmp_path, artifacts_dir
):
    problems = watch_csp(page)
    paths = []
    for n in range(1, 4):
        path = tmp_path / f"launch-{n}.txt"
        path.write_text(article(n))
        paths.append(str(path))
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 32)
    paths.append(str(junk))
    login(page, researcher)
    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=files]", paths)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#job-progress")).to_contain_text("waiting for a worker")
    job = ImportJob.objects.get()
    assert page.url.endswith(f"/import/jobs/{job.pk}/")
    run_bulk_import(job.pk)  # the worker's part; the page finds out by polling
    expect(page.locator("#job-progress")).to_contain_text("Done", timeout=10_000)
    expect(page.locator(".count-imported")).to_have_text("3")
    expect(page.locator(".count-skipped")).to_have_text("1")
    expect(page.locator(".job-list.imported a")).to_have_count(3)
    assert page.locator("#job-progress").get_attribute("hx-trigger") is None  # polling stopped
    page.screenshot(path=artifacts_dir / "import-bulk-done.png", full_page=True)
    page.locator(".job-list.imported a").first.click()
    expect(page.locator("h1")).to_contain_text("Launch number")
    assert problems == []


def test_fetching_a_page_by_its_address(page, live_server, login, researcher, settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    state = WebServer(
        routes={
            "/story": Reply(
                body=(
                    b"<html><head><title>Kursk</title></head><body><h1>Fighting in Kursk</h1>"
                    b"<p>Ukraine's general staff said on Sunday that North Korean troops "
                    b"had suffered heavy losses, according to Reuters.</p></body></html>"
                )
            )
        }
    )
    httpd = start(state)
    try:
        login(page, researcher)
        page.goto(f"{live_server.url}/import/")
        page.fill("input[name=page_url]", state.url("/story"))
        page.get_by_role("button", name="Fetch").click()
        expect(page.locator("h1")).to_contain_text("Fighting in Kursk")
        assert Article.objects.get().url == state.url("/story")
        settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = False
        page.goto(f"{live_server.url}/import/")
        page.fill("input[name=page_url]", state.url("/story?edition=2"))  # not yet imported
        page.get_by_role("button", name="Fetch").click()
        expect(page.locator("#url-form .error")).to_contain_text("loopback address")
    finally:
        httpd.shutdown()
        httpd.server_close()
