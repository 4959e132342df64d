"""Nothing from an article, a note, a tag or a source name is rendered as HTML (server side)."""

import pytest
from django.urls import reverse

from articles.models import Attribution, Tag
from tests.factories import ArticleFactory, ClaimFactory, NoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"


@pytest.fixture
def hostile(researcher):
    article = ArticleFactory(
        title=PAYLOAD,
        text=f"Intro. {PAYLOAD} said the agency. End.",
        publisher_name=PAYLOAD,
        url="https://example.org/?q=%3Cscript%3E",
        captions=[{"text": PAYLOAD, "credit": PAYLOAD}],
        dropped_lines=[{"text": PAYLOAD, "reason": PAYLOAD}],
    )
    claim = ClaimFactory(article=article, start=7, end=7 + len(PAYLOAD) + 16, cue_text=PAYLOAD)
    source = SourceFactory(name=f"Agency {PAYLOAD}", description=PAYLOAD)
    Attribution.objects.create(claim=claim, mention=PAYLOAD, source=source)
    Attribution.objects.create(claim=claim, mention=PAYLOAD, source=None)
    claim.tags.add(Tag.objects.create(name=PAYLOAD[:90]))
    NoteFactory(claim=claim, author=researcher, body=PAYLOAD + " [x](javascript:alert(4))")
    return claim


def pages(claim):
    source = claim.attributions.exclude(source=None).get().source
    return [
        reverse("articles:article_list"),
        claim.article.get_absolute_url(),
        claim.get_absolute_url(),
        reverse("articles:claim_list"),
        reverse("articles:claim_list") + "?q=script",
        source.get_absolute_url(),
        reverse("articles:source_list"),
        reverse("articles:tag_list"),
    ]


def test_hostile_content_is_escaped_everywhere(researcher_client, hostile):
    for url in pages(hostile):
        for headers in ({}, {"HX-Request": "true", "HX-Target": "claim-panel"}):
            body = researcher_client.get(url, headers=headers).content.decode()
            assert "<script>alert" not in body, url
            assert "<img src=x" not in body, url
            assert "<svg onload" not in body, url
            assert "javascript:alert" not in body.split("<textarea")[0], url


def test_pages_have_no_inline_scripts_or_styles_without_nonce(researcher_client, hostile):
    import re

    for url in pages(hostile):
        body = researcher_client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", body):
            assert "nonce=" in tag or "src=" in tag, (url, tag)
        assert not re.search(r"<[a-z]+[^>]*\sstyle=", body), url


def test_raw_input_is_served_as_plain_text(researcher_client, hostile):
    response = researcher_client.get(reverse("articles:article_raw", args=[hostile.article_id]))
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_writes_need_the_csrf_header_that_body_carries(researcher):
    from django.test import Client

    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    page = client.get(claim.get_absolute_url()).content.decode()
    import re

    token = re.search(r'hx-headers=\'\{"x-csrftoken": "([^"]+)"\}\'', page).group(1)
    url = reverse("articles:claim_update", args=[claim.article_id, claim.pk])
    data = {"version": 1, "status": "refuted"}
    assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 403
    ok = client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "url", ["javascript:alert(5)", " JavaScript:alert(5)", "java\tscript:alert(5)", "data:text/html,x"]
)
def test_an_article_url_that_is_not_http_is_never_a_link(researcher_client, url):
    from articles.exports import ExportContext, Selection, render_bytes

    claim = ClaimFactory(article=ArticleFactory(url=url, text="KCNA said it launched."))
    article = claim.article
    assert article.safe_url == ""
    pages = [
        researcher_client.get(article.get_absolute_url()).content.decode(),
        render_bytes("html", ExportContext(Selection.from_params({}))).decode(),
        render_bytes("md", ExportContext(Selection.from_params({}))).decode(),
    ]
    for body in pages:
        assert "alert(5)" not in body and "data:text/html" not in body
    article.url = "https://example.org/a?b=1"
    article.save()
    assert article.safe_url == "https://example.org/a?b=1"
    body = researcher_client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://example.org/a?b=1"' in body
    report = render_bytes("html", ExportContext(Selection.from_params({}))).decode()
    assert 'href="https://example.org/a?b=1"' in report
