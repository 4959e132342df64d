"""`manage.py benchmark export [--size N]`: stream CSV and JSON exports of N claims.

Creates benchmark articles and claims with bulk_create if fewer than N exist
(articles titled "Benchmark article …", 10 claims each, with attributions,
tags, notes and links), then streams a CSV and a JSON export of every claim to
a null sink and prints rows per second, peak Python memory (tracemalloc, in a
separate pass so it does not slow the timed one), the process's peak RSS, and
the database. Target: at least 20,000 CSV rows/s on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import random
import resource
import time
import tracemalloc

from django.db import connection, transaction

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

CLAIMS_PER_ARTICLE = 10
MARK = "bench-export-"
SENTENCE = (
    "Selon l'agence {src}, le tir numéro {n} a eu lieu, \"sans préavis\", a déclaré un "
    "responsable, ce que Séoul conteste. "
)


def benchmark_claims():
    return Claim.objects.filter(article__content_hash__startswith=MARK)


@transaction.atomic
def create_claims(wanted: int, stdout) -> None:
    """Add benchmark articles until there are `wanted` benchmark claims."""
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
    stdout.write(f"exporting {rows} claims (all visible claims)")
    for fmt in ("csv", "json"):
        size, seconds = stream(fmt)
        stdout.write(
            f"{fmt}: {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s, "
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
