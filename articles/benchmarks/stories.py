"""`manage.py benchmark stories [--size N] [--repeat R] [--rebuild]`: story matching at scale.

The data: N stored claims (default 1,000,000 on PostgreSQL, 20,000 on SQLite) in articles
of 40 claims, French and English, one article an hour from 2023 on (about 24 a day, the
pace of a busy desk), each claim a sentence built from varied pieces (who, what, how
many, where, when) with a resolved source, and its match keys (`ClaimKey`).

- On PostgreSQL the data is written with COPY and KEPT, marked `bench-stories-` in the
  articles' content hash; a later run reuses it and adds only what is missing. Use a
  database of its own (`DATABASE_URL=.../newsdesk_bench`).
- On SQLite it is written with bulk_create inside a transaction rolled back at the end.

It then imports a new 40-claim article R times (default 10; each rolled back) dated in the
middle of the corpus and times `stories.match_article` on it: indexing its claims, reading
the candidates through the key index, weighing them, storing the suggestions. It prints
p50 and p95, the SQL queries, and the candidates and suggestions of one run. Target: at
most 300 ms on PostgreSQL with 1,000,000 claims.

`--rebuild` then times a full `stories rebuild` of the whole database (every claim
re-indexed and matched, in batches) and prints the peak memory; run it on a database of
about 100,000 claims (`--size 100000`).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.benchmarks import bulkcopy
from articles.extraction import matching
from articles.models import Article, Attribution, Claim, ClaimKey, ClaimStatus, Source, StoryJob
from articles.services import stories

CLAIMS_PER_ARTICLE = 40
MARK = "bench-stories-"
START = dt.datetime(2023, 1, 1, 6)

# Pieces of sentences, so that wording varies as it does across outlets.
WHO = {
    "fr": ["Pyongyang", "La Corée du Nord", "Le régime nord-coréen", "L'armée russe", "Moscou",
           "Kiev", "L'armée ukrainienne", "Séoul"],
    "en": ["Pyongyang", "North Korea", "The North Korean regime", "The Russian army", "Moscow",
           "Kyiv", "The Ukrainian army", "Seoul"],
}  # fmt: skip
WHAT = {
    "fr": ["a envoyé {n} soldats", "a perdu environ {n} militaires", "a tiré {n} missiles",
           "a abattu {n} drones", "a livré {n} obus", "a déployé {n} ouvriers",
           "a capturé {n} prisonniers", "compte {n} blessés"],
    "en": ["sent {n} soldiers", "lost about {n} troops", "fired {n} missiles",
           "shot down {n} drones", "delivered {n} shells", "deployed {n} workers",
           "captured {n} prisoners", "counts {n} wounded"],
}  # fmt: skip
WHERE = {
    "fr": ["dans la région de Koursk", "près de Kharkiv", "en mer de l'Est", "vers la Crimée",
           "autour de Zaporijia", "dans le Donbass", "à la frontière", ""],
    "en": ["in the Kursk region", "near Kharkiv", "into the East Sea", "towards Crimea",
           "around Zaporizhzhia", "in the Donbas", "at the border", ""],
}  # fmt: skip
CUE = {
    "fr": ["selon {src}", "a affirmé {src}", "d'après {src}", "a indiqué {src}"],
    "en": ["according to {src}", "{src} said", "{src} reported", "{src} told lawmakers"],
}  # fmt: skip
WHEN = {
    "fr": ["lundi", "mardi", "cette semaine", "depuis octobre", "en une nuit", ""],
    "en": ["on Monday", "on Tuesday", "this week", "since October", "overnight", ""],
}  # fmt: skip
SOURCES = [
    ("kcna", "KCNA", "state_media", "KP", "E"),
    ("nis", "NIS", "intelligence", "KR", "B"),
    ("yonhap", "Yonhap", "news_agency", "KR", "B"),
    ("kremlin", "Kremlin", "government", "RU", "D"),
    ("hur", "HUR", "intelligence", "UA", "C"),
    ("jcs", "JCS", "military", "KR", "B"),
    ("isw", "ISW", "ngo", "US", "B"),
    ("afp", "AFP", "news_agency", "FR", "A"),
]


class _Rollback(Exception):
    pass


def _sentence(rng: random.Random, language: str, source: str) -> str:
    n = rng.choice([rng.randrange(2, 100), rng.randrange(100, 20000), rng.randrange(2, 12) * 100])
    parts = [
        rng.choice(WHO[language]),
        rng.choice(WHAT[language]).format(
            n=f"{n:,}".replace(",", " " if language == "fr" else ",")
        ),
        rng.choice(WHERE[language]),
        rng.choice(WHEN[language]),
    ]
    cue = rng.choice(CUE[language]).format(src=source)
    return " ".join(p for p in parts if p) + ", " + cue + "."


def _article_text(rng: random.Random, language: str, sources) -> tuple[str, list]:
    text, spans = "", []
    for i in range(CLAIMS_PER_ARTICLE):
        source = sources[rng.randrange(len(sources))]
        sentence = _sentence(rng, language, source.name.removeprefix("Bench "))
        spans.append((len(text), len(text) + len(sentence), source))
        text += sentence + ("\n\n" if i % 5 == 4 else " ")
    return text.rstrip(), spans


def _published(index: int) -> dt.datetime:
    return timezone.make_aware(START + dt.timedelta(hours=index))


def _sources() -> list[Source]:
    return [
        Source.objects.get_or_create(
            slug=f"bench-{slug}",
            defaults={
                "name": f"Bench {name}",
                "kind": kind,
                "country": country,
                "reliability": grade,
            },
        )[0]
        for slug, name, kind, country, grade in SOURCES
    ]


def run(stdout, options: dict) -> None:
    vendor = connection.vendor
    size = options.get("size") or (1_000_000 if vendor == "postgresql" else 20_000)
    repeat = options.get("repeat") or 10
    stdout.write(f"Database: {vendor} ({connection.settings_dict.get('NAME')})")
    if vendor == "postgresql":
        _kept_data(stdout, size)
        _measure(stdout, size, repeat)
        if options.get("rebuild"):
            _rebuild(stdout)
        return
    stdout.write(f"Generating {size:,} claims with their match keys (rolled back after)…")
    try:
        with transaction.atomic():
            started = time.perf_counter()
            _generate(size)
            stdout.write(f"  generated in {time.perf_counter() - started:.1f} s")
            _measure(stdout, size, repeat)
            if options.get("rebuild"):
                _rebuild(stdout)
            raise _Rollback
    except _Rollback:
        stdout.write("Rolled back: the database is as it was.")


# -- data ---------------------------------------------------------------------------------


def _kept_data(stdout, size: int) -> None:
    sources = _sources()
    have = Claim.objects.filter(article__content_hash__startswith=MARK).count()
    if have >= size:
        stdout.write(f"Reusing {have:,} benchmark claims already in the database.")
        return
    stdout.write(f"Adding {size - have:,} claims and their keys with COPY (kept)…")
    started = time.perf_counter()
    status = ClaimStatus.default()
    first, last = have // CLAIMS_PER_ARTICLE, -(-size // CLAIMS_PER_ARTICLE)
    batch = 500
    for batch_start in range(first, last, batch):
        with transaction.atomic():
            _copy_batch(range(batch_start, min(batch_start + batch, last)), sources, status)
        done = min(batch_start + batch, last) * CLAIMS_PER_ARTICLE
        if (batch_start // batch) % 10 == 0 or done >= size:
            stdout.write(f"  {done:,} claims ({time.perf_counter() - started:.0f} s)")
    bulkcopy.analyze(stdout)
    # The key lookups are index-only scans; they need the visibility map that VACUUM
    # writes (autovacuum does it after a large insert, PostgreSQL 13 and later).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) articles_claimkey")


def _copy_batch(indexes: range, sources, status) -> None:
    rng = random.Random(indexes.start)  # noqa: S311 (reproducible data, not secrets)
    article_ids = iter(bulkcopy.reserve_ids("articles_article", len(indexes)))
    claim_ids = iter(bulkcopy.reserve_ids("articles_claim", len(indexes) * CLAIMS_PER_ARTICLE))
    articles, claims, attributions, keys = [], [], [], []
    for index in indexes:
        article_id = next(article_ids)
        language = "fr" if index % 2 else "en"
        text, spans = _article_text(rng, language, sources)
        published = _published(index)
        articles.append(
            bulkcopy.article_row(
                article_id,
                title=f"Benchmark stories {index}",
                text=text,
                language=language,
                content_hash=f"{MARK}{index}",
                published_at=published,
            )
        )
        for start, end, source in spans:
            claim_id = next(claim_ids)
            quote = text[start:end]
            claims.append(
                bulkcopy.claim_row(
                    claim_id,
                    article_id,
                    start,
                    end,
                    quote,
                    text,
                    status_id=status.pk,
                    credibility=None,
                )
            )
            attributions.append((claim_id, source.name, source.pk, 0))
            # The keys `stories.index_claims` would write (same facts as `facts_of`).
            facts = matching.read_claim(
                claim_id, quote, language=language, published=published.date(),
                article_id=article_id, origins=[f"s:{source.pk}"],
            )  # fmt: skip
            day = published.date().toordinal()
            keys += [(claim_id, article_id, k, day) for k in matching.blocking_keys(facts)]
    bulkcopy.copy_rows("articles_article", bulkcopy.ARTICLE_COLUMNS, articles)
    bulkcopy.copy_rows("articles_claim", bulkcopy.CLAIM_COLUMNS, claims)
    bulkcopy.copy_rows("articles_attribution", bulkcopy.ATTRIBUTION_COLUMNS, attributions)
    bulkcopy.copy_rows("articles_claimkey", bulkcopy.CLAIMKEY_COLUMNS, keys)


def _new_article(rng: random.Random, index: int, sources, key: str) -> Article:
    language = "fr" if index % 2 else "en"
    text, spans = _article_text(rng, language, sources)
    article = Article.objects.create(
        raw_input=text, input_kind=Article.InputKind.PASTE_TEXT, text=text,
        title=f"Benchmark stories {key}", language=language, content_hash=f"{MARK}{key}",
        published_at=_published(index),
    )  # fmt: skip
    claims = Claim.objects.bulk_create(
        Claim(article=article, start=s, end=e, quote=text[s:e], status=ClaimStatus.default())
        for s, e, _ in spans
    )
    Attribution.objects.bulk_create(
        Attribution(claim=c, mention=src.name, source=src, position=0)
        for c, (_s, _e, src) in zip(claims, spans, strict=True)
    )
    return article


def _generate(size: int) -> None:
    sources = _sources()
    rng = random.Random(1)  # noqa: S311
    for index in range(-(-size // CLAIMS_PER_ARTICLE)):
        _new_article(rng, index, sources, str(index))
    ids = list(
        Claim.objects.filter(article__content_hash__startswith=MARK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), 2000):
        stories.index_claims(ids[start : start + 2000])


# -- measures -----------------------------------------------------------------------------


def _measure(stdout, size: int, repeat: int) -> None:
    sources = _sources()
    middle = -(-size // CLAIMS_PER_ARTICLE) // 2
    stdout.write(
        f"Matching one new {CLAIMS_PER_ARTICLE}-claim article against "
        f"{ClaimKey.objects.values('claim_id').distinct().count() if size <= 100_000 else size:,} "
        f"stored claims, {repeat} runs (each rolled back):"
    )
    times, queries, found, candidates = [], 0, 0, 0
    for run_number in range(repeat):
        rng = random.Random(10_000 + run_number)  # noqa: S311
        try:
            with transaction.atomic():
                article = _new_article(rng, middle + run_number, sources, f"new-{run_number}")
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    found = stories.match_article(article)
                    times.append((time.perf_counter() - started) * 1000)
                queries = len(captured.captured_queries)
                facts = stories.facts_for_ids(article.claims.values_list("pk", flat=True)).values()
                candidates = sum(len(stories.candidate_ids(f, article.pk)) for f in facts)
                raise _Rollback
        except _Rollback:
            pass
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    verdict = "OK" if p95 <= 300 else "over the 300 ms target"
    stdout.write(
        f"  match_article: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
        f"({verdict}); {queries} queries; {candidates} candidates weighed, "
        f"{found} suggestions (last run)"
    )


def _rebuild(stdout) -> None:
    total = Claim.objects.count()
    stdout.write(f"Full rebuild of {total:,} claims (batches of 500)…")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    marks = []

    def progress(job: StoryJob) -> None:
        if job.processed % 20_000 < 500:
            marks.append(job.processed)
            stdout.write(
                f"  {job.processed:,}/{job.total:,} ({time.perf_counter() - started:.0f} s, "
                f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)"
            )

    job = stories.run_rebuild(StoryJob.objects.create(), progress=progress)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stdout.write(
        f"  rebuilt in {time.perf_counter() - started:.0f} s: {job.suggestions:,} suggestions, "
        f"{job.stories} stories; peak RSS {before // 1024} MB before, {after // 1024} MB after"
    )
