"""URL fetching for imports: only public pages, every redirect checked, size and type capped.

Every request in these tests goes to a server on 127.0.0.1; other addresses are refused
before any connection is made (a fake resolver stands in for DNS).
"""

from __future__ import annotations

import socket
import time

import pytest

from articles.fetch import FetchRefused, address_refusal, fetch_url, parse_target
from tests.fixtures.imports.webserver import Reply, WebServer, start

PAGE = (
    b"<html><head><title>Missile launch</title></head><body><h1>Missile launch</h1>"
    b"<p>Pyongyang fired a ballistic missile on Monday, the Joint Chiefs of Staff said.</p>"
    b"</body></html>"
)


@pytest.fixture
def web():
    state = WebServer(routes={"/article": Reply(body=PAGE)})
    httpd = start(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def local(host_map: dict[str, str], calls: list | None = None):
    """A resolver that knows only `host_map`: no test asks the real DNS."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host in host_map:
            return [host_map[host]]
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
        except OSError:
            raise socket.gaierror(f"unknown host {host}") from None
        return [host]

    return resolve


def fetch(url: str, **kwargs):
    kwargs.setdefault("allow_loopback", True)
    kwargs.setdefault("resolver", local({}))
    kwargs.setdefault("timeout", 5)
    return fetch_url(url, **kwargs)


def test_fetches_a_page_from_the_local_server(web):
    page = fetch(web.url("/article"))
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.data == PAGE
    assert "Pyongyang fired a ballistic missile" in page.text
    assert page.final_url == web.url("/article")
    assert web.requests[0]["headers"]["Accept-Encoding"] == "identity"


def test_loopback_is_refused_when_not_allowed(web):
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(web.url("/article"), allow_loopback=False)
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(
            f"http://localhost:{web.port}/article",
            allow_loopback=False,
            resolver=local({"localhost": "127.0.0.1"}),
        )
    assert web.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the article's web address"),
        ("not a url", "not a valid web address"),
        ("www.example.com/article", "should start with https://"),
        ("ftp://example.com/article.html", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("http://", "has no host name"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://example.com:99999/", "not a valid web address"),
    ],
)
def test_invalid_addresses_are_refused_with_a_message(url, message):
    with pytest.raises(FetchRefused, match=message):
        fetch(url)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "127.8.8.8",
        "0.0.0.0",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "100.100.100.200",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:a00:1::",
    ],
)
def test_private_and_special_addresses_are_refused(address):
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(address) is None


def test_allowing_loopback_allows_nothing_else():
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("::ffff:127.0.0.1", allow_loopback=True) is None
    for address in ("10.0.0.1", "169.254.169.254", "fd00:ec2::254", "192.168.0.10"):
        assert address_refusal(address, allow_loopback=True) is not None


@pytest.mark.parametrize(
    ("host", "address", "why"),
    [
        ("intranet.example", "10.1.2.3", "private network"),
        ("metadata.example", "169.254.169.254", "cloud metadata"),
        ("imds6.example", "fd00:ec2::254", "cloud metadata"),
        ("mapped.example", "::ffff:192.168.0.1", "IPv4 inside IPv6"),
    ],
)
def test_a_host_resolving_to_a_private_address_is_refused_before_connecting(host, address, why):
    with pytest.raises(FetchRefused, match=why):
        fetch(f"http://{host}/", resolver=local({host: address}))


def test_a_literal_metadata_address_is_refused():
    with pytest.raises(FetchRefused, match="cloud metadata"):
        fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchRefused, match="cloud metadata"):
        fetch("http://[fd00:ec2::254]/latest/meta-data/")


def test_a_redirect_to_a_private_address_is_refused(web):
    web.routes["/to-metadata"] = Reply(
        302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    web.routes["/to-intranet"] = Reply(301, headers={"Location": "http://intranet.example/x"})
    with pytest.raises(FetchRefused, match="cloud metadata"):
        fetch(web.url("/to-metadata"))
    with pytest.raises(FetchRefused, match="private network"):
        fetch(web.url("/to-intranet"), resolver=local({"intranet.example": "10.0.0.7"}))


def test_a_public_name_resolving_to_loopback_is_refused_when_loopback_is_not_allowed():
    # A name that looks public but points at this machine, on an allowed port, so the refusal
    # is for the address (a redirect that leaves loopback-allowed tests for a private address
    # is covered above). Nothing is sent: the check happens before connecting.
    resolve = local({"public.example": "127.0.0.1"})
    with pytest.raises(FetchRefused, match=r"loopback address \(this server itself\)"):
        fetch_url("http://public.example/to-local", resolver=resolve, timeout=5)


def test_redirects_are_followed_and_each_hop_is_resolved_once(web):
    web.routes["/a"] = Reply(301, headers={"Location": "/b"})
    web.routes["/b"] = Reply(302, headers={"Location": f"http://news.example:{web.port}/c"})
    web.routes["/c"] = Reply(307, headers={"Location": "article"})
    calls: list[str] = []
    page = fetch(web.url("/a"), resolver=local({"news.example": "127.0.0.1"}, calls))
    assert page.final_url == f"http://news.example:{web.port}/article"
    assert len(page.redirects) == 3
    assert calls == ["127.0.0.1", "127.0.0.1", "news.example", "news.example"]
    # The connection went to the checked address, with the host name in the Host header.
    assert web.requests[-1]["headers"]["Host"] == f"news.example:{web.port}"


def test_dns_rebinding_cannot_swap_the_address_after_the_check(web):
    """A resolver that answers public then private: only the checked answer is used."""
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
    calls: list[str] = []

    def rebinding(host, port):
        calls.append(host)
        return [next(answers)]

    page = fetch(f"http://rebind.example:{web.port}/article", resolver=rebinding)
    assert page.status == 200
    assert calls == ["rebind.example"]


def test_more_than_five_redirects_are_refused(web):
    for i in range(7):
        web.routes[f"/r{i}"] = Reply(302, headers={"Location": f"/r{i + 1}"})
    web.routes["/r7"] = Reply(body=PAGE)
    with pytest.raises(FetchRefused, match="more than 5 times"):
        fetch(web.url("/r0"))
    assert fetch(web.url("/r2")).status == 200  # five redirects are fine


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("application/pdf", b"%PDF-1.7\n"),
        ("application/zip", b"PK\x03\x04"),
        ("application/octet-stream", b"\x00\x01\x02"),
    ],
)
def test_non_html_content_is_refused(web, content_type, body):
    web.routes["/file"] = Reply(body=body, content_type=content_type)
    with pytest.raises(FetchRefused, match="only HTML and plain-text"):
        fetch(web.url("/file"))


def test_binary_content_without_a_content_type_is_refused(web):
    web.routes["/file"] = Reply(body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type=None)
    with pytest.raises(FetchRefused, match="not a web page or text"):
        fetch(web.url("/file"))


def test_binary_content_labelled_html_is_refused(web):
    web.routes["/fake"] = Reply(body=b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    with pytest.raises(FetchRefused, match="binary"):
        fetch(web.url("/fake"))


def test_plain_text_is_accepted(web):
    web.routes["/text"] = Reply(body=b"Seoul said so.", content_type="text/plain")
    page = fetch(web.url("/text"))
    assert page.content_type == "text/plain"
    assert not page.is_html


def test_a_page_announcing_more_than_the_cap_is_refused(web):
    web.routes["/big"] = Reply(body=b"<p>" + b"a" * 5000 + b"</p>")
    with pytest.raises(FetchRefused, match="limit is"):
        fetch(web.url("/big"), max_bytes=1000)


def test_a_streamed_page_past_the_cap_stops_being_read(web):
    web.routes["/stream"] = Reply(body=b"<p>" + b"a" * 3_000_000 + b"</p>", chunked=True)
    started = time.monotonic()
    with pytest.raises(FetchRefused, match=r"limit is 0\.1 MB"):
        fetch(web.url("/stream"), max_bytes=100_000)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("status", [404, 500, 403])
def test_error_statuses_are_refused(web, status):
    web.routes["/err"] = Reply(status, b"nope")
    with pytest.raises(FetchRefused, match=f"answered {status}"):
        fetch(web.url("/err"))


def test_an_unreachable_host_is_refused():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchRefused, match="could not be reached"):
        fetch(f"http://127.0.0.1:{port}/")


def test_an_unknown_host_is_refused():
    with pytest.raises(FetchRefused, match="could not be found"):
        fetch("http://no-such-host.invalid/")


def test_a_slow_server_times_out(web):
    def slow(handler):
        time.sleep(2)
        return Reply(body=PAGE)

    web.routes["/slow"] = slow
    with pytest.raises(FetchRefused, match=r"did not answer within 0\.5 seconds"):
        fetch(web.url("/slow"), timeout=0.5)


FRENCH = "Le ministère a déclaré que l’œuvre était achevée. Café, élève, cœur, « été »."


def test_charset_from_the_header(web):
    web.routes["/cp1252"] = Reply(
        body=f"<p>{FRENCH}</p>".encode("cp1252"), content_type="text/html; charset=windows-1252"
    )
    assert FRENCH in fetch(web.url("/cp1252")).text


def test_charset_from_the_page_meta_when_the_header_has_none(web):
    body = f'<html><head><meta charset="windows-1252"></head><body><p>{FRENCH}</p>'
    web.routes["/meta"] = Reply(body=body.encode("cp1252"), content_type="text/html")
    page = fetch(web.url("/meta"))
    assert page.charset == ""
    assert FRENCH in page.text


def test_charset_guessed_when_nothing_declares_it(web):
    body = ("<p>" + FRENCH + "</p>\n") * 20
    web.routes["/latin"] = Reply(body=body.encode("cp1252"), content_type="text/html")
    text = fetch(web.url("/latin")).text
    assert "é" in text and "’" in text and "œ" in text


def test_latin1_header_reads_as_windows_1252(web):
    web.routes["/l1"] = Reply(
        body=f"<p>{FRENCH}</p>".encode("cp1252"), content_type="text/html; charset=ISO-8859-1"
    )
    assert FRENCH in fetch(web.url("/l1")).text


def test_parse_target_keeps_the_host_for_tls_and_the_header():
    target = parse_target("https://Example.COM/a/b?x=1#frag")
    assert target.host == "example.com"
    assert target.port == 443
    assert target.path == "/a/b?x=1"
    assert target.url == "https://example.com/a/b?x=1"


def test_addresses_with_non_ascii_characters_are_encoded(web):
    web.routes["/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/vijna"] = Reply(body=PAGE)
    page = fetch(web.url("/новини/vijna?q=війна&x=1"))
    assert page.status == 200
    assert web.requests[-1]["path"] == (
        "/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/vijna?q=%D0%B2%D1%96%D0%B9%D0%BD%D0%B0&x=1"
    )
    # Already-encoded addresses are left as they are.
    fetch(web.url("/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/vijna"))
    assert web.requests[-1]["path"] == "/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/vijna"


def test_an_internationalised_host_name_is_encoded():
    target = parse_target("https://пример.рф/статья")
    assert target.host == "xn--e1afmkfd.xn--p1ai"
    assert target.path == "/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    """A throw-away certificate authority and a certificate for news.example (openssl CLI)."""
    import subprocess

    d = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=d)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-subj", "/CN=Newsdesk test CA")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "site.key", "-out", "site.csr",
            "-subj", "/CN=news.example")  # fmt: skip
    (d / "san.ext").write_text("subjectAltName=DNS:news.example\n")
    openssl("x509", "-req", "-in", "site.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "site.pem", "-days", "2", "-extfile", "san.ext")  # fmt: skip
    return d


@pytest.fixture
def tls_web(tls_files):
    import ssl

    state = WebServer(routes={"/article": Reply(body=PAGE)})
    httpd = start(state)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files / "site.pem", tls_files / "site.key")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_https_connects_to_the_checked_address_and_verifies_the_host_name(
    tls_web, tls_files, monkeypatch
):
    import articles.fetch

    monkeypatch.setattr(articles.fetch, "_ca_file", lambda: str(tls_files / "ca.pem"))
    resolve = local({"news.example": "127.0.0.1", "other.example": "127.0.0.1"})
    page = fetch(f"https://news.example:{tls_web.port}/article", resolver=resolve)
    assert page.status == 200 and page.data == PAGE
    assert tls_web.requests[-1]["headers"]["Host"] == f"news.example:{tls_web.port}"
    # Same address, a name the certificate does not cover: refused.
    with pytest.raises(FetchRefused, match="secure connection"):
        fetch(f"https://other.example:{tls_web.port}/article", resolver=resolve)


def test_https_with_an_untrusted_certificate_is_refused(tls_web):
    resolve = local({"news.example": "127.0.0.1"})
    with pytest.raises(FetchRefused, match="secure connection"):
        fetch(f"https://news.example:{tls_web.port}/article", resolver=resolve)


@pytest.mark.parametrize("url", ["http://example.com:22/", "https://example.com:6379/x"])
def test_a_port_that_is_not_a_web_port_is_refused_before_resolving(url):
    calls: list[str] = []
    with pytest.raises(FetchRefused, match="is not a web port") as refused:
        fetch(url, allow_loopback=False, resolver=local({"example.com": "93.184.215.14"}, calls))
    assert "80, 443, 8080 and 8443" in str(refused.value)
    assert calls == []  # refused before any DNS lookup


def test_web_ports_pass_the_port_check():
    from articles.fetch import check_port

    for port in ("", ":80", ":443", ":8080", ":8443"):
        check_port(parse_target(f"http://example.com{port}/"), allow_loopback=False)


def test_any_port_only_for_loopback_when_loopback_is_allowed(web):
    assert fetch(web.url("/article"), allow_loopback=True).status == 200
    port = web.url("/").split(":")[2].split("/")[0]
    with pytest.raises(FetchRefused, match="is not a web port"):
        fetch(f"http://news.example:{port}/article", resolver=local({"news.example": "1.1.1.1"}))
    with pytest.raises(FetchRefused, match="it is a loopback address"):
        fetch(web.url("/article"), allow_loopback=False)
    assert len(web.requests) == 1


def test_a_redirect_to_a_port_that_is_not_a_web_port_is_refused(web):
    web.routes["/to-ssh"] = Reply(status=302, headers={"Location": "http://example.com:22/"})
    with pytest.raises(FetchRefused, match="is not a web port"):
        fetch(web.url("/to-ssh"), resolver=local({"example.com": "93.184.215.14"}))


def test_a_content_length_with_unicode_digits_is_not_a_crash(web):
    # isdigit() accepts "²", int() does not: the header is ignored, the page read as usual.
    web.routes["/odd"] = Reply(body=PAGE, headers={"Content-Length": "²"}, chunked=True)
    assert fetch(web.url("/odd")).status == 200
