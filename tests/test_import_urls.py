"""Importing a web page by its address: fetched on the server, public addresses only.

The pages come from a server on 127.0.0.1, allowed by NEWSDESK_FETCH_ALLOW_LOOPBACK
(on for these tests only, except where a test checks that loopback is refused).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from tests.fixtures.imports.webserver import Reply, WebServer, start

pytestmark = pytest.mark.django_db

URL_IMPORT = reverse("articles:import_url")

PAGE = """<!doctype html><html lang="fr"><head><meta charset="windows-1252">
<title>Missile nord-coréen | Le Quotidien</title>
<meta property="article:published_time" content="2025-12-27T14:01:00+01:00">
</head><body><nav>Accueil | Monde</nav><article><h1>La Corée du Nord a tiré un missile</h1>
<p>Pyongyang a tiré un missile balistique samedi, selon l’état-major sud-coréen.
L’œuvre du régime se poursuit, a déclaré Séoul.</p>
<p>Le tir intervient après des semaines de tension, d’après l’agence Yonhap.</p>
</article><footer>© Le Quotidien</footer></body></html>"""


@pytest.fixture
def web(settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    state = WebServer(
        routes={
            "/article": Reply(body=PAGE.encode("cp1252"), content_type="text/html"),
            "/moved": Reply(301, headers={"Location": "/article"}),
        }
    )
    httpd = start(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def post(client, url: str, follow: bool = True):
    return client.post(URL_IMPORT, {"page_url": url}, follow=follow)


def test_a_page_is_fetched_and_imported(researcher_client, researcher, web):
    response = post(researcher_client, web.url("/article"))
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.input_kind == Article.InputKind.URL
    assert article.url == web.url("/article")
    assert bytes(article.raw_bytes) == PAGE.encode("cp1252")
    assert article.raw_input == PAGE
    assert "selon l’état-major sud-coréen" in article.text
    assert "L’œuvre du régime" in article.text
    assert article.published_at is not None
    assert article.imported_by == researcher
    assert article.raw_content_type.startswith("text/html")


def test_the_same_address_twice_leads_to_the_existing_article(researcher_client, web):
    post(researcher_client, web.url("/article"))
    first = Article.objects.get()
    response = post(researcher_client, web.url("/article"))
    assert Article.objects.count() == 1
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert "already imported" in response.content.decode()
    assert len(web.requests) == 1  # known address: not fetched again


def test_a_redirect_to_a_known_page_is_a_duplicate(researcher_client, web):
    post(researcher_client, web.url("/article"))
    response = post(researcher_client, web.url("/moved"))
    assert Article.objects.count() == 1
    assert "already imported" in response.content.decode()


def test_loopback_is_refused_when_the_setting_is_off(researcher_client, web, settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = False
    response = post(researcher_client, web.url("/article"))
    assert response.status_code == 200
    assert "loopback address" in response.content.decode()
    assert web.requests == []
    assert not Article.objects.exists()


def test_the_setting_is_off_by_default():
    from django.conf import settings

    assert settings.NEWSDESK_FETCH_ALLOW_LOOPBACK is False


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://10.0.0.1/admin", "private network address"),
        ("http://[fd00:ec2::254]/", "cloud metadata address"),
        ("http://[::ffff:192.168.1.1]/", "IPv4 inside IPv6"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(researcher_client, web, target, message):
    web.routes["/evil"] = Reply(302, headers={"Location": target})
    response = post(researcher_client, web.url("/evil"))
    page = response.content.decode()
    assert message in page
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/a.html", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("not an address", "not a valid web address"),
        ("www.example.com", "should start with https://"),
        ("http://user:pw@example.com/", "user name or password"),
    ],
)
def test_invalid_addresses_are_refused_with_a_message(researcher_client, url, message):
    response = post(researcher_client, url)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_an_empty_address_is_refused(researcher_client):
    response = post(researcher_client, "  ")
    assert "This field is required" in response.content.decode()


def test_non_html_content_is_refused(researcher_client, web):
    web.routes["/photo"] = Reply(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = post(researcher_client, web.url("/photo"))
    assert "serves “image/png”" in response.content.decode()
    assert not Article.objects.exists()


def test_an_oversize_page_is_refused(researcher_client, web, settings):
    settings.NEWSDESK_MAX_INPUT_BYTES = 10_000
    web.routes["/big"] = Reply(body=b"<p>" + b"x" * 50_000 + b"</p>", chunked=True)
    response = post(researcher_client, web.url("/big"))
    assert "the limit is 0.0 MB" in response.content.decode()
    assert not Article.objects.exists()


def test_an_unreachable_host_is_refused(researcher_client, settings):
    import socket

    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    response = post(researcher_client, f"http://127.0.0.1:{port}/gone")
    assert "could not be reached" in response.content.decode()


def test_a_missing_page_is_refused(researcher_client, web):
    response = post(researcher_client, web.url("/nowhere"))
    assert "answered 404" in response.content.decode()


def test_a_page_without_article_text_is_refused(researcher_client, web):
    web.routes["/empty"] = Reply(body=b"<html><body><nav>Home</nav></body></html>")
    response = post(researcher_client, web.url("/empty"))
    assert "No article text was found" in response.content.decode()
    assert not Article.objects.exists()


def test_hostile_page_is_stored_raw_and_served_as_text(researcher_client, web):
    hostile = (
        "<html><head><title>Launch</title><script>alert(1)</script></head>"
        "<body onload=alert(2)><h1>Launch</h1><p>Pyongyang fired a missile on Monday, "
        "the Joint Chiefs of Staff said.<img src=x onerror=alert(3)></p></body></html>"
    )
    web.routes["/hostile"] = Reply(body=hostile.encode())
    response = post(researcher_client, web.url("/hostile"))
    article = Article.objects.get()
    assert article.raw_input == hostile
    page = response.content.decode()
    assert "<script>alert" not in page and "onerror=" not in page
    raw = researcher_client.get(reverse("articles:article_raw", args=[article.pk]))
    assert raw["Content-Type"].startswith("text/plain")
