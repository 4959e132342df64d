"""In Chromium: log in, paste the seed article, see it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_researcher_pastes_the_seed_article_and_sees_it(
    page, live_server, login, researcher, registry, seed_text, artifacts_dir
):
    login(page, researcher)
    page.get_by_role("link", name="Import").first.click()
    page.fill("textarea[name=text]", seed_text)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_contain_text('Kim Jong-un loue "le sang"')
    expect(page.locator("body")).to_contain_text("Dans son message, publié vendredi")
    article = Article.objects.get()
    assert page.url.endswith(article.get_absolute_url())
    # Browsers submit a textarea's line breaks as CRLF (HTML spec); the server keeps
    # exactly what it received, so only the line breaks differ from the file.
    assert article.raw_input == seed_text.replace("\n", "\r\n")
    page.screenshot(path=artifacts_dir / "import-seed.png", full_page=True)
