"""Fuzzing the request layer: every GET page answers any query string without a server error.

Each page of the desk (an admin's session, so every page is reachable) gets
query strings Hypothesis builds from the parameters the pages read, any
Unicode values (NUL and other controls, lone surrogates percent-encoded,
huge numbers, dates that are not dates) and raw percent-encoded bytes. The
answer must be 2xx, 3xx or 4xx. Runs on SQLite and on PostgreSQL
(`DATABASE_URL`); bounded in CI with a fixed seed, longer with
`NEWSDESK_FUZZ_EXAMPLES` (see tests/fuzz.py).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.models import ClaimStatus
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ImportJobFactory,
    NoteFactory,
    SourceFactory,
    TagFactory,
)
from tests.fuzz import ODD_CHARACTERS, fuzz

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q", "query", "source", "kind", "country", "tag", "status", "language", "lang", "grade",
    "reliability", "credibility", "from", "to", "date_from", "date_to", "origin", "rejected",
    "with_rejected", "sort", "page", "outlet", "unreviewed", "format", "include", "article",
    "exclude", "next", "claims", "v_1", "hx", "notes", "reviewed", "ids", "",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ODD_CHARACTERS),
    st.sampled_from([
        "1", "0", "-1", "99999999999999999999999", "²", "1e9", "B2", "Z9", "2025-12-27",
        "2025-02-30", "9999-99-99", "fr", "md", "pdf", "csv", "json", "w3c", "claimreview",
        "html", "on", "true", "newest", "credibility", "'; DROP TABLE x; --", "%", "_", "\\",
        "<script>alert(1)</script>", "a" * 3000, "../../etc/passwd", "javascript:alert(1)",
    ]),
    st.integers(-(2**70), 2**70).map(str),
)  # fmt: skip
QUERY = st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=6)
RAW_QUERY = st.binary(max_size=60).map(lambda b: quote(b, safe="=&"))


@pytest.fixture
def world(db, desk_admin):
    ClaimStatus.ensure_starter()
    source = SourceFactory(name="KCNA", slug="kcna")
    article = ArticleFactory(title="Missile", text="Selon KCNA, Pyongyang a tiré un missile.")
    claim = ClaimFactory(article=article, start=0, end=len(article.text))
    AttributionFactory(claim=claim, source=source)
    claim.tags.add(tag := TagFactory(name="missiles"))
    note = NoteFactory(claim=claim, author=desk_admin)
    job = ImportJobFactory(created_by=desk_admin)
    client = Client(raise_request_exception=False)
    client.force_login(desk_admin)
    return {
        "client": client,
        "paths": desk_paths(article, claim, source, tag, note, job),
    }


def desk_paths(article, claim, source, tag, note, job) -> list[str]:
    """Every named page of the desk, its path arguments filled with real rows."""
    values = {
        "pk": claim.pk, "article_pk": article.pk, "tag_pk": tag.pk, "note_pk": note.pk,
        "attribution_pk": claim.attributions.first().pk, "link_pk": 1, "suggestion_pk": 1,
        "slug": source.slug,
        "action": "subscribe", "token": "no-such-token",
    }  # fmt: skip
    paths = []
    for pattern in get_resolver("articles.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        name = pattern.name
        if name in ("article_detail", "article_raw", "article_removed", "claim_create"):
            kwargs["pk"] = article.pk
        if name == "import_job":
            kwargs["pk"] = job.pk
        if name in ("tag_edit", "tag_delete"):
            kwargs["pk"] = tag.pk
        paths.append(reverse(f"articles:{name}", kwargs=kwargs))
    return paths


def assert_no_server_error(client, path: str, query: str) -> None:
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"{path}?{query}", headers=headers)
        assert response.status_code < 500, (path, query, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # a streamed export fails while streaming


def test_every_desk_page_is_fuzzed(world):
    assert len(world["paths"]) >= 30  # a new page is fuzzed without being listed here


@fuzz(10)
@given(params=QUERY)
def test_any_parameters_get_an_answer_not_a_server_error(world, params):
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='', errors='surrogatepass')}"
                     for k, v in params)  # fmt: skip
    for path in world["paths"]:
        assert_no_server_error(world["client"], path, query)


@fuzz(6)
@given(query=RAW_QUERY)
def test_any_bytes_in_the_query_string_get_an_answer(world, query):
    for path in world["paths"]:
        assert_no_server_error(world["client"], path, query)
