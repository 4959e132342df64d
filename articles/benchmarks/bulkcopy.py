"""Fill PostgreSQL tables for the benchmarks with COPY (a million rows in seconds, where
row-by-row inserts take many minutes), then ANALYZE them as a real database's autovacuum
soon would.

Rows are Python tuples in the order of the column names given. Rows that others point
to (articles, claims) get ids drawn from the table's own id sequence, so a load never
collides with another writer; the other rows get theirs from the column default. The
database's triggers run as for any insert (they compute the search vectors).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from articles.textnorm import fold_for_search

TABLES_TO_ANALYZE = (
    "articles_article",
    "articles_claim",
    "articles_attribution",
    "articles_claim_tags",
    "articles_note",
    "articles_claimlink",
    "articles_claimkey",
)


def reserve_ids(table: str, count: int) -> list[int]:
    """`count` ids from `table`'s id sequence, as the database would give them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` into `table`; return how many were written."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def analyze(stdout=None) -> None:
    """Merge the GIN indexes' pending lists and refresh the planner's statistics."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for index in ("claim_search_vector", "article_search_vector"):
            cursor.execute("SELECT to_regclass(%s)", [index])
            if cursor.fetchone()[0]:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in TABLES_TO_ANALYZE:
            cursor.execute(f"ANALYZE {table}")
    if stdout is not None:
        stdout.write(f"  ANALYZE in {time.perf_counter() - started:.1f} s")


def article_row(
    pk: int, *, title: str, text: str, language: str, content_hash: str, published_at=None
) -> tuple:
    """A row for ARTICLE_COLUMNS: a pasted article with its cleaned text."""
    now = timezone.now()
    return (
        pk, text, "", "", "paste_text", text, title, "", "", "", "", "[]", published_at, language,
        "[]", "[]", "[]", content_hash, "", "", now, now, fold_for_search(f"{title}\n{text}"),
        "[]", 1,
    )


ARTICLE_COLUMNS = [
    "id", "raw_input", "raw_filename", "raw_content_type", "input_kind", "text", "title",
    "lead", "url", "canonical_url",
    "publisher_name", "authors", "published_at", "language", "captions", "paragraphs",
    "dropped_lines", "content_hash", "parser_version", "extractor_version", "imported_at",
    "modified", "search_text", "metadata_doubts", "version",
]


def claim_row(
    pk: int, article_id: int, start: int, end: int, quote: str, text: str, *,
    status_id: int, credibility: int | None, cue_text: str = "", cue_kind: str = "",
) -> tuple:
    """A row for CLAIM_COLUMNS: an automatic claim anchored at text[start:end]."""
    now = timezone.now()
    return (
        pk, article_id, start, end, quote, text[max(0, start - 32) : start], text[end : end + 32],
        cue_text, cue_kind, False, "asserts", status_id, credibility, "", "auto", "", False,
        False, now, now, 1, fold_for_search(quote), "",
    )


CLAIM_COLUMNS = [
    "id", "article_id", "start", "end", "quote", "prefix", "suffix", "cue_text", "cue_kind",
    "direct_quote", "stance", "status_id", "credibility", "reliability_override", "origin",
    "extractor_version", "is_rejected", "curated", "created", "modified", "version",
    "search_text", "reviewed_reliability",
]
ATTRIBUTION_COLUMNS = ["claim_id", "mention", "source_id", "position"]
TAG_COLUMNS = ["claim_id", "tag_id"]
NOTE_COLUMNS = ["claim_id", "body", "created", "modified", "resolved", "search_text"]
LINK_COLUMNS = ["from_claim_id", "to_claim_id", "kind", "created"]
CLAIMKEY_COLUMNS = ["claim_id", "article_id", "key", "day"]
SUGGESTION_COLUMNS = ["claim_a_id", "claim_b_id", "score", "evidence", "state", "created"]
