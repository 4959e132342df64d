"""Exports stream: a constant number of queries per chunk of claims, whatever the size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.exports import FORMATS, ExportContext, Selection
from articles.models import Article, Attribution, Claim, ClaimStatus, Note, Source, Tag


def make_claims(articles: int, per_article: int = 5) -> None:
    """Articles with claims, each with a source, a tag and a note (bulk, for speed)."""
    ClaimStatus.ensure_starter()
    status = ClaimStatus.default()
    tag, _ = Tag.objects.get_or_create(name="scale", slug="scale")
    source, _ = Source.objects.get_or_create(name="Scale source", slug="scale-source")
    start = Article.objects.count()
    text = "Pyongyang fired missiles, the Joint Chiefs of Staff said. " * per_article
    made = Article.objects.bulk_create(
        Article(title=f"Scale {i}", text=text, raw_input=text, content_hash=f"scale-{i}",
                input_kind="paste_text")
        for i in range(start, start + articles)
    )
    claims = Claim.objects.bulk_create(
        Claim(article=a, start=k * 58, end=k * 58 + 57, quote=text[k * 58 : k * 58 + 57],
              status=status)
        for a in made
        for k in range(per_article)
    )
    Attribution.objects.bulk_create(
        Attribution(claim=c, source=source, mention="the Joint Chiefs") for c in claims
    )
    Note.objects.bulk_create(Note(claim=c, body="checked") for c in claims)
    Claim.tags.through.objects.bulk_create(Claim.tags.through(claim=c, tag=tag) for c in claims)


def queries_for(fmt: str, chunk_size: int) -> tuple[int, int]:
    ctx = ExportContext(Selection(), chunk_size=chunk_size)
    with CaptureQueriesContext(connection) as captured:
        size = sum(len(part) for part in FORMATS[fmt].render(ctx))
    return len(captured), size


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "w3c"])
def test_queries_grow_with_chunks_not_with_claims(db, fmt):
    make_claims(4)
    few, _ = queries_for(fmt, chunk_size=100)  # 20 claims: one chunk
    make_claims(16)
    many, size = queries_for(fmt, chunk_size=100)  # 100 claims: still one chunk
    assert size > 0
    assert many == few, "a query per claim or per article has crept in"
    chunked, _ = queries_for(fmt, chunk_size=25)  # 4 chunks
    assert chunked - many <= 3 * 8, "each further chunk costs a handful of queries"


def test_download_is_a_streaming_response_that_starts_before_the_end(researcher_client, db):
    make_claims(3)
    response = researcher_client.get("/reports/download/", {"format": "csv"})
    assert response.streaming
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"\xef\xbb\xbfarticle_id,claim_id")
    assert b"Pyongyang fired" not in first  # the header went out before any claim was read
    assert b"Pyongyang fired" in b"".join(chunks)
