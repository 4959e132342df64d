"""Fetch one web page for import, safely: plain Python, no Django.

A researcher types a URL; the server fetches it. That makes the server a
client on the researcher's behalf, so every hop is checked before it is made:

- only http and https, a host name, no user name or password in the URL;
- the host is resolved once, every address it resolves to must be public
  (not private, loopback, link-local, multicast, reserved, shared or a cloud
  metadata address, IPv4-mapped IPv6 included), and the connection goes to
  the address that was checked — a DNS answer cannot change in between;
- redirects are followed here, at most five, each one checked the same way;
- the body is read in chunks and reading stops as soon as it passes the cap;
- only HTML and plain text are accepted (and RSS/Atom when asked for).

Any refusal raises `FetchRefused` with a message for the researcher.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from articles.ingest.decode import decode_bytes, looks_binary

DEFAULT_TIMEOUT = 10.0  # seconds, for each connect and read, and for the whole page
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Newsdesk/1.0 (editorial research desk; article import)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)
PAGE_TYPES = HTML_TYPES | TEXT_TYPES

# Cloud metadata endpoints, named here even where a broader rule already covers them,
# so the refusal says what they are.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
        ipaddress.ip_address("fd00:ec2::254"),  # AWS IMDS over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("192.0.0.192"),  # Oracle Cloud
    }
)
# Prefixes that embed an IPv4 address in IPv6: NAT64 and 6to4 can reach an inner address.
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int], list[str]]
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


class FetchRefused(Exception):
    """The URL cannot be imported; the message says why, in words a researcher can act on.

    `status` is the HTTP status when the server answered with an error (404, 410...).
    """

    def __init__(self, message: str = "", status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class FetchedPage:
    """A page that passed every check: its bytes, its text and where it finally came from."""

    url: str  # the URL that was asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case, e.g. "text/html"
    charset: str  # as the server declared it, or ""
    data: bytes
    text: str
    redirects: list[str]
    etag: str = ""  # validators for the next conditional GET
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """304: the server says nothing changed since the validators sent (no body)."""
        return self.status == 304

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def address_refusal(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why the server must not connect to `address`, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "it is not an IP address"
    if ip.version == 6:
        inner = (
            ip.ipv4_mapped
            or ip.sixtofour
            or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        )
        if inner is not None:
            why = address_refusal(str(inner), allow_loopback=allow_loopback)
            return f"{why} (IPv4 inside IPv6)" if why else None
        if ip.teredo:
            return "it is a Teredo tunnel address"
    if ip in METADATA_ADDRESSES:
        return "it is a cloud metadata address"
    if ip.is_loopback:
        return None if allow_loopback else "it is a loopback address (this server itself)"
    if ip.is_unspecified:
        return "it is the unspecified address"
    if ip.is_link_local:
        return "it is a link-local address"
    if ip.is_multicast:
        return "it is a multicast address"
    if ip.is_private:
        return "it is a private network address"
    if ip.is_reserved:
        return "it is a reserved address"
    if not ip.is_global:
        return "it is not a public internet address"
    return None


@dataclass
class _Target:
    scheme: str
    host: str  # as used for TLS and the Host header (IDNA-encoded)
    port: int
    path: str  # path and query
    url: str  # normalised URL, without the fragment


def parse_target(url: str) -> _Target:
    """Check the shape of a URL: http(s), a host, no credentials, a valid port."""
    url = (url or "").strip()
    if not url:
        raise FetchRefused("Enter the article's web address (https://…).")
    if any(ch in url for ch in "\r\n\t\x00") or " " in url:
        raise FetchRefused(f"“{_short(url)}” is not a valid web address (it contains spaces).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(f"“{_short(url)}” is not a valid web address.") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchRefused(
            f"“{_short(url)}” is not a full web address; it should start with https://."
        )
    if scheme not in ("http", "https"):
        raise FetchRefused(
            f"Only http and https addresses can be imported, not “{scheme}:”. "
            "Save the article as a file and upload it instead."
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("Web addresses with a user name or password in them are not fetched.")
    host = parts.hostname or ""
    if not host:
        raise FetchRefused(f"“{_short(url)}” has no host name.")
    try:
        host_ascii = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchRefused(f"“{host}” is not a valid host name.") from None
    port = port or (443 if scheme == "https" else 80)
    # Address bars show Cyrillic, Hangul and accents as such; the request needs them encoded.
    # Existing %-escapes are kept.
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "?")
    netloc = f"[{host_ascii}]" if ":" in host_ascii else host_ascii
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    clean = urlunsplit((scheme, netloc, path, query, ""))
    if query:
        path = f"{path}?{query}"
    return _Target(scheme, host_ascii, port, path, clean)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The web's ports. Anything else (22, 25, 6379...) is some other service, not a page.
ALLOWED_PORTS = frozenset({80, 443, 8080, 8443})


def _port_refusal(target: _Target) -> str:
    return (
        f"“{target.host}” was not fetched: port {target.port} is not a web port. Newsdesk only "
        "fetches pages on ports 80, 443, 8080 and 8443 (other ports only from a loopback "
        "address, when local fetching is on for testing); save the page and upload it instead."
    )


def _is_loopback(address: str) -> bool:
    return address_refusal(address, allow_loopback=True) is None and (
        address_refusal(address, allow_loopback=False) is not None
    )


def check_port(target: _Target, *, allow_loopback: bool) -> None:
    """Refuse a port that is not a web port, before resolving the host.

    With loopback allowed (tests, local development) any port may still reach a
    loopback address; fetch_url checks the resolved address then.
    """
    if target.port in ALLOWED_PORTS or allow_loopback:
        return
    # An address written as such needs no lookup: say first what is wrong with it.
    try:
        ipaddress.ip_address(target.host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        why = address_refusal(target.host, allow_loopback=False)
        if why:
            raise FetchRefused(_address_refusal_message(target.host, why))
    raise FetchRefused(_port_refusal(target))


def check_host(target: _Target, *, resolver: Resolver, allow_loopback: bool) -> str:
    """Resolve the host once; refuse unless every address is allowed; return the one to use."""
    try:
        addresses = resolver(target.host, target.port)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchRefused(
            f"The host “{target.host}” could not be found. Check the address for typos."
        ) from None
    if not addresses:
        raise FetchRefused(f"The host “{target.host}” could not be found.")
    for address in addresses:
        why = address_refusal(address, allow_loopback=allow_loopback)
        if why:
            raise FetchRefused(_address_refusal_message(target.host, why))
    return addresses[0]


def _address_refusal_message(host: str, why: str) -> str:
    return (
        f"“{host}” was not fetched: {why}. Newsdesk only fetches public "
        "web pages; save the page and upload it as a file instead."
    )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with TLS and certificate checks for the host name."""

    def __init__(self, address: str, port: int, *, server_hostname: str, timeout: float):
        context = ssl.create_default_context(cafile=_ca_file())
        super().__init__(address, port, timeout=timeout, context=context)
        self._server_hostname = server_hostname

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_hostname)


def _ca_file() -> str | None:
    try:
        import certifi
    except ImportError:  # the system's store then
        return None
    return certifi.where()


def _open(
    target: _Target, address: str, timeout: float, extra: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    if target.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
            address, target.port, server_hostname=target.host, timeout=timeout
        )
    else:
        conn = http.client.HTTPConnection(address, target.port, timeout=timeout)
    default_port = 443 if target.scheme == "https" else 80
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != default_port:
        host_header = f"{host_header}:{target.port}"
    conn.request(
        "GET",
        target.path,
        headers={
            "Host": host_header,
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            # No compression: the size cap then counts what is really read (no gzip bombs).
            "Accept-Encoding": "identity",
            "Connection": "close",
            **(extra or {}),
        },
    )
    return conn.getresponse()


def _media_type(header: str | None) -> tuple[str, str]:
    if not header:
        return "", ""
    msg = Message()
    msg["content-type"] = header
    return msg.get_content_type().lower(), (msg.get_param("charset") or "").strip()


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_loopback: bool = False,
    accept: Iterable[str] = PAGE_TYPES,
    resolver: Resolver | None = None,
    etag: str = "",
    last_modified: str = "",
) -> FetchedPage:
    """Fetch a page for import, checking every hop; raise FetchRefused with the reason.

    With `etag` or `last_modified` (from an earlier fetch) the GET is conditional: a
    304 answer comes back as a FetchedPage with `not_modified` and no data.
    """
    conditional = {
        key: value
        for key, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified))
        if value and value.isprintable() and "\n" not in value
    }
    resolver = resolver or system_resolver
    accept = frozenset(accept)
    deadline = time.monotonic() + timeout
    first = parse_target(url)
    target = first
    redirects: list[str] = []
    while True:
        check_port(target, allow_loopback=allow_loopback)
        address = check_host(target, resolver=resolver, allow_loopback=allow_loopback)
        if target.port not in ALLOWED_PORTS and not _is_loopback(address):
            raise FetchRefused(_port_refusal(target))
        try:
            response = _open(target, address, timeout, conditional)
        except ssl.SSLError as error:
            raise FetchRefused(
                f"The secure connection to “{target.host}” failed ({error.reason or error})."
            ) from None
        except TimeoutError:
            raise FetchRefused(
                f"“{target.host}” did not answer within {timeout:g} seconds; try again later."
            ) from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchRefused(
                f"“{target.host}” could not be reached ({_reason(error)}). "
                "Check the address, or save the page and upload it as a file."
            ) from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused(f"“{target.host}” redirected without saying where to.")
                if len(redirects) >= MAX_REDIRECTS:
                    raise FetchRefused(
                        f"The page redirected more than {MAX_REDIRECTS} times; "
                        "open it in a browser and import the address it ends at."
                    )
                next_url = urljoin(target.url, location.strip())
                redirects.append(next_url)
                target = parse_target(next_url)
                continue
            if response.status == 304 and conditional:
                return FetchedPage(
                    url=first.url, final_url=target.url, status=304, content_type="",
                    charset="", data=b"", text="", redirects=redirects,
                    etag=etag, last_modified=last_modified,
                )  # fmt: skip
            if response.status != 200:
                raise FetchRefused(
                    f"The server answered {response.status} {response.reason or ''}".rstrip()
                    + f" for {_short(target.url)}; the page could not be imported.",
                    status=response.status,
                )
            media_type, charset = _media_type(response.getheader("Content-Type"))
            if media_type and media_type not in accept:
                raise FetchRefused(
                    f"This address serves “{media_type}”, not a web page or text; "
                    "only HTML and plain-text articles can be imported."
                )
            declared = response.getheader("Content-Length")
            declared = (declared or "").strip()
            if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise FetchRefused(_too_big(int(declared), max_bytes))
            data = _read_capped(response, max_bytes, deadline, target.host, timeout)
            validators = (
                (response.getheader("ETag") or "")[:500],
                (response.getheader("Last-Modified") or "")[:100],
            )
        finally:
            response.close()
        if not media_type and looks_binary(data):
            raise FetchRefused(
                "This address serves a file that is not a web page or text "
                "(an image, a PDF or an archive?); it cannot be imported."
            )
        if media_type in HTML_TYPES | TEXT_TYPES and looks_binary(data):
            raise FetchRefused(
                "This page says it is text but its content is binary; it cannot be imported."
            )
        text = decode_bytes(data, declared_charset=charset or None)
        return FetchedPage(
            url=first.url,
            final_url=target.url,
            status=response.status,
            content_type=media_type or "text/html",
            charset=charset,
            data=data,
            text=text,
            redirects=redirects,
            etag=validators[0],
            last_modified=validators[1],
        )


def _read_capped(response, max_bytes: int, deadline: float, host: str, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(f"“{host}” took longer than {timeout:g} seconds to send the page.")
        try:
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        except TimeoutError:
            raise FetchRefused(f"“{host}” stopped sending the page; try again later.") from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchRefused(
                f"Reading the page from “{host}” failed ({_reason(error)})."
            ) from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(_too_big(None, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(size: int | None, limit: int) -> str:
    what = f"{size / 1_048_576:.1f} MB" if size else "larger than the limit"
    return (
        f"The page is {what}; the limit is {limit / 1_048_576:.1f} MB. "
        "Save only the article and upload it as a file."
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    text = str(error) or type(error).__name__
    return text[:120]


def post_checked(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_loopback: bool = False,
    resolver: Resolver | None = None,
) -> int:
    """POST `body` to a public address with the same checks as a fetch (scheme, web port,
    every resolved address public, pinned connection); no redirect is followed. Returns the
    response's status code; raises FetchRefused when the address is refused or unreachable."""
    resolver = resolver or system_resolver
    target = parse_target(url)
    check_port(target, allow_loopback=allow_loopback)
    address = check_host(target, resolver=resolver, allow_loopback=allow_loopback)
    if target.port not in ALLOWED_PORTS and not _is_loopback(address):
        raise FetchRefused(_port_refusal(target))
    if target.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
            address, target.port, server_hostname=target.host, timeout=timeout
        )
    else:
        conn = http.client.HTTPConnection(address, target.port, timeout=timeout)
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != (443 if target.scheme == "https" else 80):
        host_header = f"{host_header}:{target.port}"
    try:
        conn.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Content-Type": "application/json",
                "Connection": "close",
                **headers,
            },
        )
        response = conn.getresponse()
        response.read(65536)  # a receiver's answer is not kept; only its status is logged
        return response.status
    except (OSError, http.client.HTTPException, ssl.SSLError) as error:
        raise FetchRefused(f"“{target.host}” could not be reached ({_reason(error)}).") from None
    finally:
        conn.close()
