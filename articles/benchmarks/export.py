"""`manage.py benchmark export [--size N]`: stream CSV and JSON exports of N claims.

Creates benchmark articles and claims if fewer than N exist (articles titled "Benchmark
article …", undated, 10 claims each, with attributions, tags, notes and links): with COPY
on PostgreSQL (then ANALYZE), with bulk_create elsewhere. Then streams a CSV export of
every visible claim in the database to a null sink and prints rows per second beside
PostgreSQL's own `COPY (SELECT …) TO STDOUT CSV` of the same columns read by the same
process (the ratio is the target: at least 0.5), and how much the process's memory grew
while streaming (flat memory: it must not grow with the number of rows). Up to 200,000
claims it also streams JSON and measures peak Python memory with tracemalloc in separate
passes (they take longer than the timed ones). Target: at least 20,000 CSV rows/s.
"""

from __future__ import annotations

import hashlib
import random
import resource
import time
import tracemalloc

from django.db import connection, transaction
from django.utils import timezone

from articles.benchmarks import bulkcopy
from articles.exports import FORMATS, ExportContext, Selection
from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    Note,
    Source,
    Tag,
)
from articles.textnorm import fold_for_search

CLAIMS_PER_ARTICLE = 10
MARK = "bench-export-"
SENTENCE = (
    "Selon l'agence {src}, le tir numéro {n} a eu lieu, \"sans préavis\", a déclaré un "
    "responsable, ce que Séoul conteste. "
)


def benchmark_claims():
    return Claim.objects.filter(article__content_hash__startswith=MARK)


def create_claims(wanted: int, stdout) -> None:
    """Add benchmark articles until there are `wanted` benchmark claims."""
    if connection.vendor == "postgresql":
        copy_claims(wanted, stdout)
    else:
        insert_claims(wanted, stdout)


@transaction.atomic
def insert_claims(wanted: int, stdout) -> None:
    """Add benchmark articles with bulk_create until there are `wanted` benchmark claims."""
    have = benchmark_claims().count()
    if have >= wanted:
        return
    started = time.perf_counter()
    rng = random.Random(42)  # noqa: S311 (test data, not security)
    ClaimStatus.ensure_starter()
    statuses = list(ClaimStatus.objects.all())
    sources = [
        Source.objects.get_or_create(
            name=f"Benchmark source {i}",
            defaults={"reliability": "ABCDEF"[i % 6], "slug": f"benchmark-source-{i}"},
        )[0]
        for i in range(20)
    ]
    tags = [Tag.objects.get_or_create(name=f"benchmark-{i}")[0] for i in range(10)]
    first = Article.objects.filter(content_hash__startswith=MARK).count()
    articles_needed = -(-(wanted - have) // CLAIMS_PER_ARTICLE)
    batch = 500
    for offset in range(0, articles_needed, batch):
        articles = []
        for i in range(first + offset, first + min(offset + batch, articles_needed)):
            text = "".join(
                SENTENCE.format(src=sources[(i + k) % 20].name, n=k)
                for k in range(CLAIMS_PER_ARTICLE)
            )
            articles.append(
                Article(
                    title=f"Benchmark article {i}",
                    raw_input=text,
                    text=text,
                    input_kind=Article.InputKind.PASTE_TEXT,
                    language="fr",
                    content_hash=MARK + hashlib.sha256(str(i).encode()).hexdigest()[:40],
                )
            )
        Article.objects.bulk_create(articles)
        claims = []
        for article in articles:
            position = 0
            for _ in range(CLAIMS_PER_ARTICLE):
                end = article.text.index(". ", position) + 1
                claims.append(
                    Claim(
                        article=article,
                        start=position,
                        end=end,
                        quote=article.text[position:end],
                        status=rng.choice(statuses),
                        credibility=rng.choice([None, 1, 2, 3, 4, 5, 6]),
                        cue_text="a déclaré",
                        cue_kind=Claim.CueKind.VERB,
                    )
                )
                position = end + 1
        Claim.objects.bulk_create(claims)
        attributions, tagged, notes, links = [], [], [], []
        for n, claim in enumerate(claims):
            source = sources[n % 20]
            attributions.append(
                Attribution(claim=claim, mention=source.name, source=source, position=0)
            )
            if n % 3 == 0:
                relay = sources[(n + 7) % 20]
                attributions.append(
                    Attribution(claim=claim, mention=relay.name, source=relay, position=1)
                )
            if n % 10 == 0:
                tagged.append(Claim.tags.through(claim=claim, tag=tags[(n // 10) % 10]))
            if n % 20 == 0:
                notes.append(Note(claim=claim, body=f"Vérifié, **{n}**; voir la source."))
            if n % 50 == 1:
                links.append(
                    ClaimLink(from_claim=claim, to_claim=claims[n - 1], kind="corroborates")
                )
        Attribution.objects.bulk_create(attributions)
        Claim.tags.through.objects.bulk_create(tagged)
        Note.objects.bulk_create(notes)
        ClaimLink.objects.bulk_create(links)
    stdout.write(
        f"created {benchmark_claims().count() - have} benchmark claims "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _registry():
    ClaimStatus.ensure_starter()
    statuses = list(ClaimStatus.objects.all())
    sources = [
        Source.objects.get_or_create(
            name=f"Benchmark source {i}",
            defaults={"reliability": "ABCDEF"[i % 6], "slug": f"benchmark-source-{i}"},
        )[0]
        for i in range(20)
    ]
    tags = [Tag.objects.get_or_create(name=f"benchmark-{i}")[0] for i in range(10)]
    return statuses, sources, tags


def copy_claims(wanted: int, stdout) -> None:
    """PostgreSQL: the same data as `insert_claims`, written with COPY in committed batches
    of 10,000 articles (an interrupted run resumes), then ANALYZE."""
    have = benchmark_claims().count()
    if have >= wanted:
        stdout.write(f"reusing {have:,} benchmark claims")
        return
    started = time.perf_counter()
    statuses, sources, tags = _registry()
    first = Article.objects.filter(content_hash__startswith=MARK).count()
    last = first + -(-(wanted - have) // CLAIMS_PER_ARTICLE)
    for batch_start in range(first, last, 10_000):
        batch = range(batch_start, min(batch_start + 10_000, last))
        with transaction.atomic():
            _copy_batch(batch, statuses, sources, tags)
        stdout.write(f"  {(batch.stop - first) * CLAIMS_PER_ARTICLE:,} claims")
    bulkcopy.analyze(stdout)
    stdout.write(
        f"created {benchmark_claims().count() - have:,} benchmark claims with COPY "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _copy_batch(indexes: range, statuses, sources, tags) -> None:
    rng = random.Random(indexes.start)  # noqa: S311 (test data, not security)
    article_ids = iter(bulkcopy.reserve_ids("articles_article", len(indexes)))
    claim_ids = iter(
        bulkcopy.reserve_ids("articles_claim", len(indexes) * CLAIMS_PER_ARTICLE)
    )
    now = timezone.now()
    articles, claims, attributions, tagged, notes, links = [], [], [], [], [], []
    for i in indexes:
        article_id = next(article_ids)
        text = "".join(
            SENTENCE.format(src=sources[(i + k) % 20].name, n=k) for k in range(CLAIMS_PER_ARTICLE)
        )
        articles.append(
            bulkcopy.article_row(
                article_id,
                title=f"Benchmark article {i}",
                text=text,
                language="fr",
                content_hash=MARK + hashlib.sha256(str(i).encode()).hexdigest()[:40],
            )
        )
        position = previous = 0
        for k in range(CLAIMS_PER_ARTICLE):
            end = text.index(". ", position) + 1
            n = i * CLAIMS_PER_ARTICLE + k
            claim_id = next(claim_ids)
            claims.append(
                bulkcopy.claim_row(
                    claim_id, article_id, position, end, text[position:end], text,
                    status_id=rng.choice(statuses).pk,
                    credibility=rng.choice([None, 1, 2, 3, 4, 5, 6]),
                    cue_text="a déclaré", cue_kind=Claim.CueKind.VERB,
                )
            )
            source = sources[n % 20]
            attributions.append((claim_id, source.name, source.pk, 0))
            if n % 3 == 0:
                relay = sources[(n + 7) % 20]
                attributions.append((claim_id, relay.name, relay.pk, 1))
            if n % 10 == 0:
                tagged.append((claim_id, tags[(n // 10) % 10].pk))
            if n % 20 == 0:
                body = f"Vérifié, **{n}**; voir la source."
                notes.append((claim_id, body, now, now, False, fold_for_search(body)))
            if n % 50 == 1:  # k == 1: the claim before is this article's first
                links.append((claim_id, previous, "corroborates", now))
            previous = claim_id
            position = end + 1
    bulkcopy.copy_rows("articles_article", bulkcopy.ARTICLE_COLUMNS, articles)
    bulkcopy.copy_rows("articles_claim", bulkcopy.CLAIM_COLUMNS, claims)
    bulkcopy.copy_rows("articles_attribution", bulkcopy.ATTRIBUTION_COLUMNS, attributions)
    bulkcopy.copy_rows("articles_claim_tags", bulkcopy.TAG_COLUMNS, tagged)
    bulkcopy.copy_rows("articles_note", bulkcopy.NOTE_COLUMNS, notes)
    bulkcopy.copy_rows("articles_claimlink", bulkcopy.LINK_COLUMNS, links)


# PostgreSQL's own CSV of the export's columns, in the export's order and reading order.
COPY_SQL = """
COPY (
  SELECT c.article_id, c.id, '/articles/' || c.article_id || '/claims/' || c.id || '/',
    a.title, a.url, COALESCE(p.name, a.publisher_name), a.published_at, a.language,
    c.quote, c.start, c."end", CASE WHEN c.direct_quote THEN 'yes' ELSE 'no' END,
    c.cue_text, c.stance,
    CASE WHEN c.content_start IS NOT NULL
      THEN substr(a.text, c.content_start + 1, c.content_end - c.content_start) ELSE '' END,
    (SELECT string_agg(COALESCE(s.name, t.mention), '; ' ORDER BY t.position, t.id)
       FROM articles_attribution t LEFT JOIN articles_source s ON s.id = t.source_id
      WHERE t.claim_id = c.id AND t.position = 0),
    (SELECT string_agg(COALESCE(s.name, t.mention), ' ← ' ORDER BY t.position, t.id)
       FROM articles_attribution t LEFT JOIN articles_source s ON s.id = t.source_id
      WHERE t.claim_id = c.id),
    (SELECT string_agg(s.name, '; ' ORDER BY t.position, t.id)
       FROM articles_attribution t JOIN articles_source s ON s.id = t.source_id
      WHERE t.claim_id = c.id),
    (SELECT string_agg(t.mention, '; ' ORDER BY t.position, t.id)
       FROM articles_attribution t WHERE t.claim_id = c.id),
    COALESCE(NULLIF(c.reliability_override, ''), (SELECT s.reliability
       FROM articles_attribution t JOIN articles_source s ON s.id = t.source_id
      WHERE t.claim_id = c.id ORDER BY t.position, t.id LIMIT 1)),
    c.credibility,
    COALESCE(NULLIF(c.reliability_override, ''), (SELECT s.reliability
       FROM articles_attribution t JOIN articles_source s ON s.id = t.source_id
      WHERE t.claim_id = c.id ORDER BY t.position, t.id LIMIT 1), '?')
      || COALESCE(c.credibility::text, '?'),
    st.name,
    (SELECT string_agg(g.name, '; ' ORDER BY g.name) FROM articles_claim_tags ct
       JOIN articles_tag g ON g.id = ct.tag_id WHERE ct.claim_id = c.id),
    (SELECT string_agg('unknown, ' || to_char(n.created, 'YYYY-MM-DD') || ': ' || n.body,
       E'\n\n' ORDER BY n.created, n.id) FROM articles_note n WHERE n.claim_id = c.id),
    (SELECT string_agg(l.kind || ' ' || l.to_claim_id, '; ' ORDER BY l.id)
       FROM articles_claimlink l WHERE l.from_claim_id = c.id)
  FROM articles_claim c
  JOIN articles_article a ON a.id = c.article_id
  LEFT JOIN articles_source p ON p.id = a.publisher_id
  JOIN articles_claimstatus st ON st.id = c.status_id
  WHERE NOT c.is_rejected
  ORDER BY c.article_id, c.start, c."end", c.id
) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


def copy_to_stdout() -> tuple[int, float]:
    """PostgreSQL's COPY of the same columns, read to nowhere; return (bytes, seconds)."""
    size = 0
    started = time.perf_counter()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(COPY_SQL) as copy:
        for block in copy:
            size += len(block)
    return size, time.perf_counter() - started


def _rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1_048_576


def stream(fmt: str) -> tuple[int, float]:
    """Stream one export to nowhere; return (bytes, seconds)."""
    ctx = ExportContext(Selection(), exported_by="benchmark")
    size = 0
    started = time.perf_counter()
    for part in FORMATS[fmt].render(ctx):
        size += len(part)
    return size, time.perf_counter() - started


def run(stdout, options) -> None:
    wanted = options.get("size") or 100_000
    vendor = connection.vendor
    name = connection.settings_dict.get("NAME")
    stdout.write(f"database: {vendor} ({name})")
    create_claims(wanted, stdout)
    rows = Claim.objects.visible().count()
    stdout.write(f"exporting {rows:,} claims (all visible claims)")
    before = _rss_mb()
    size, seconds = stream("csv")
    after = _rss_mb()
    stdout.write(
        f"csv: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s, "
        f"{size / 1_048_576:.1f} MB; memory {before:.0f} MB before, {after:.0f} MB after"
    )
    if vendor == "postgresql":
        copy_size, copy_seconds = copy_to_stdout()
        stdout.write(
            f"PostgreSQL COPY TO STDOUT CSV, same columns: {copy_seconds:.2f} s = "
            f"{rows / copy_seconds:,.0f} rows/s, {copy_size / 1_048_576:.1f} MB; "
            f"export speed / COPY speed = {copy_seconds / seconds:.2f} (target ≥ 0.5)"
        )
    if rows > 200_000:
        stdout.write("(JSON and tracemalloc passes skipped above 200,000 claims)")
    else:
        size, seconds = stream("json")
        stdout.write(
            f"json: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s, "
            f"{size / 1_048_576:.1f} MB"
        )
        for fmt in ("csv", "json"):
            tracemalloc.start()
            stream(fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            stdout.write(f"{fmt}: peak Python memory while streaming {peak / 1_048_576:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stdout.write(f"process peak RSS (including data generation): {rss:.0f} MB")
