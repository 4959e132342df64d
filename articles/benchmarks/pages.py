"""`manage.py benchmark pages [--size N] [--repeat R]`: server time of the workspace's pages.

The data: a reader article with 300 claims, and N claims (default 100,000 on PostgreSQL,
10,000 on SQLite) spread over articles of 50 claims in French and English, with sources,
statuses, grades and tags, dated from 2024 on.

- On PostgreSQL the data is written with COPY (1,000,000 claims in minutes) and KEPT, marked
  `bench-pages-` in the articles' content hash: a second run with the same or a smaller
  `--size` reuses it, a larger one adds only what is missing. It then runs ANALYZE, as
  autovacuum would soon after such a load, and shares the database with whatever else is
  in it (`benchmark export` adds 10-claim undated articles: run it first to mix the two).
  Use a database of its own (`DATABASE_URL=.../newsdesk_bench`).
- On SQLite it is written with bulk_create inside a transaction rolled back at the end.

Then it requests the pages through Django's test client as a researcher and prints, for
each, the median (p50) and 95th percentile (p95) of R runs (default 15) and the SQL
queries of one request. Targets: the reader with 300 claims at most 150 ms in at most
15 queries; every claims-page query at most 200 ms p95 and the article list at most
100 ms, on PostgreSQL with 1,000,000 claims; my queue (500 assignments) and the inbox
(1,000 notifications) at most 150 ms in at most 15 queries at 100,000 claims.

Last, saved-search alerts: one corpus article's claims matched against 1,000 subscribed
saved searches (distinct filters: words, sources, tags, statuses, languages, grades and
their combinations), target at most 200 ms; the searches are rolled back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import statistics
import time
import uuid

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.benchmarks import bulkcopy
from articles.models import Article, Attribution, Claim, ClaimStatus, Source, Tag
from articles.roles import RESEARCHERS, ensure_groups

CLAIMS_PER_ARTICLE = 50
READER_CLAIMS = 300

FR = [
    "Pyongyang a envoyé {n} soldats combattre aux côtés de Moscou, selon {src}.",
    "Au moins {n} militaires nord-coréens ont été tués dans la région de Koursk, a reconnu {src}.",
    "Le régime a tiré {n} missiles balistiques vers la mer de l'Est, a déclaré {src}.",
    "La défense antiaérienne a intercepté {n} drones au-dessus de Kyiv, d'après {src}.",
    "{src} a démenti toute livraison d'obus d'artillerie à la Russie en {n} jours.",
    "Les exportations de pétrole ont baissé de {n} %, estime {src}.",
]
EN = [
    "Pyongyang sent {n} troops to fight alongside Moscow, {src} said.",
    "At least {n} North Korean soldiers were killed in the Kursk region, {src} acknowledged.",
    "The regime fired {n} ballistic missiles into the East Sea, according to {src}.",
    "Air defences shot down {n} drones over Kyiv overnight, {src} reported.",
    "{src} denied any delivery of artillery shells to Russia within {n} days.",
    "Oil exports fell by {n} percent, {src} estimated.",
]
SEARCHES = [
    ("no search, newest first", {}),
    ("q=soldats (French plural)", {"q": "soldats"}),
    ("q=soldat (stem)", {"q": "soldat"}),
    ("q=defense (accent-insensitive)", {"q": "defense"}),
    ("q=Koursk (+ Kursk)", {"q": "Koursk"}),
    ("q=missiles", {"q": "missiles"}),
    ("q=killed Kursk", {"q": "killed Kursk"}),
    ("q=nord-coreens (hyphen, accent)", {"q": "nord-coreens"}),
    ("q=Corée du Nord (+ North Korea)", {"q": "Corée du Nord"}),
    ("q=soldats, sort=relevance", {"q": "soldats", "sort": "relevance"}),
    ("q=Kim Yo-jong (no match)", {"q": "Kim Yo-jong"}),
    ("q=drones, sort=credibility", {"q": "drones", "sort": "credibility"}),
    (
        "q=troops + status + reliability",
        {"q": "troops", "status": "unreviewed", "reliability": "B"},
    ),
    ("source=kcna", {"source": "bench-kcna"}),
    ("source=kcna + q=missiles", {"source": "bench-kcna", "q": "missiles"}),
    ("kind=intelligence", {"kind": "intelligence"}),
    ("country=KR", {"country": "KR"}),
    ("tag=bench-troops", {"tag": "bench-troops"}),
    ("status=corroborated", {"status": "corroborated"}),
    ("reliability=B", {"reliability": "B"}),
    ("credibility=2", {"credibility": "2"}),
    ("language=fr", {"language": "fr"}),
    ("from=2025-01-01", {"from": "2025-01-01"}),
    ("from/to one month", {"from": "2024-06-01", "to": "2024-06-30"}),
    (
        "tag + language + date range",
        {"tag": "bench-troops", "language": "fr", "from": "2025-01-01"},
    ),
    ("sort=oldest", {"sort": "oldest"}),
    ("sort=credibility", {"sort": "credibility"}),
    ("sort=status", {"sort": "status"}),
    ("sort=article", {"sort": "article"}),
    ("no search, page 20", {"page": "20"}),
]
ARTICLE_LISTS = [
    ("article list", {}),
    ("article list, q=Koursk", {"q": "Koursk"}),
    ("article list, language=fr", {"language": "fr"}),
]
MARK = "bench-pages-"


class _Rollback(Exception):
    pass


def run(stdout, options: dict) -> None:
    vendor = connection.vendor
    size = options.get("size") or (100_000 if vendor == "postgresql" else 10_000)
    repeat = options.get("repeat") or 15
    stdout.write(f"Database: {vendor} ({connection.settings_dict.get('NAME')})")
    if vendor == "postgresql":
        reader_article = _kept_data(stdout, size)
        _measure_all(stdout, reader_article, repeat)
        return
    stdout.write(
        f"Generating {size:,} claims + a {READER_CLAIMS}-claim article (rolled back after)…"
    )
    try:
        with transaction.atomic():
            started = time.perf_counter()
            reader_article = _generate(size)
            stdout.write(f"  generated in {time.perf_counter() - started:.1f} s")
            _measure_all(stdout, reader_article, repeat)
            raise _Rollback
    except _Rollback:
        stdout.write("Rolled back: the database is as it was.")


def _measure_all(stdout, reader_article, repeat) -> None:
    client = _client()
    user = client.bench_user
    _measure(
        stdout,
        client,
        "reader, 300 claims",
        reader_article.get_absolute_url(),
        {},
        repeat,
        target_ms=150,
        max_queries=15,
    )
    claim = reader_article.claims.order_by("start").first()
    _measure(
        stdout,
        client,
        "reader with a claim open",
        claim.get_absolute_url(),
        {},
        repeat,
        target_ms=None,
        max_queries=None,
    )
    for label, params in ARTICLE_LISTS:
        _measure(stdout, client, label, "/", params, repeat, target_ms=100, max_queries=None)
    _desk_rows(user, reader_article)
    for label, url in (("my queue, 500 assignments", "/queue/"), ("inbox", "/inbox/")):
        _measure(stdout, client, label, url, {}, repeat, target_ms=150, max_queries=15)
    _measure_alerts(stdout, user, reader_article, repeat)
    stdout.write(f"Claims page over {Claim.objects.count():,} claims:")
    for label, params in SEARCHES:
        _measure(
            stdout,
            client,
            f"claims: {label}",
            "/claims/",
            params,
            repeat,
            target_ms=200,
            max_queries=None,
        )


def _kept_data(stdout, size: int) -> Article:
    """PostgreSQL: make sure `size` benchmark claims and the reader article exist (COPY)."""
    statuses, sources, tags = _registry()
    corpus = Claim.objects.filter(article__content_hash__startswith=MARK + "corpus-")
    have = corpus.count()
    if have < size:
        stdout.write(f"Adding {size - have:,} claims with COPY (kept for the next runs)…")
        started = time.perf_counter()
        _copy_corpus(have, size, statuses, sources, tags, stdout)
        stdout.write(f"  generated in {time.perf_counter() - started:.1f} s")
    else:
        stdout.write(f"Reusing {have:,} benchmark claims already in the database.")
    reader = Article.objects.filter(content_hash=MARK + "reader").first()
    if reader is None:
        with transaction.atomic():
            reader = _article(
                random.Random(7), "reader", READER_CLAIMS, sources, statuses, "fr", 0  # noqa: S311
            )
            Article.objects.filter(pk=reader.pk).update(content_hash=MARK + "reader")
    bulkcopy.analyze(stdout)
    return reader


def _registry():
    statuses = list(ClaimStatus.objects.all()) or [ClaimStatus.default()]
    sources = [
        Source.objects.get_or_create(
            slug=f"bench-{slug}",
            defaults={
                "name": f"Bench {name}",
                "kind": kind,
                "country": country,
                "reliability": grade,
            },
        )[0]
        for slug, name, kind, country, grade in [
            ("kcna", "KCNA", "state_media", "KP", "E"),
            ("nis", "NIS", "intelligence", "KR", "B"),
            ("yonhap", "Yonhap", "news_agency", "KR", "B"),
            ("kremlin", "Kremlin", "government", "RU", "D"),
            ("hur", "HUR", "intelligence", "UA", "C"),
            ("afp", "AFP", "news_agency", "FR", "A"),
        ]
    ]
    tags = [
        Tag.objects.get_or_create(slug=f"bench-{t}", defaults={"name": f"bench {t}"})[0]
        for t in ("troops", "missiles", "drones", "casualties", "sanctions")
    ]
    return statuses, sources, tags


def _copy_corpus(have: int, size: int, statuses, sources, tags, stdout) -> None:
    """Articles of 50 claims numbered on from `have // 50`, written with COPY in batches
    of 2,000 articles, each batch committed (an interrupted run resumes)."""
    first = have // CLAIMS_PER_ARTICLE
    last = -(-size // CLAIMS_PER_ARTICLE)
    batch = 2000
    for batch_start in range(first, last, batch):
        with transaction.atomic():
            _copy_batch(range(batch_start, min(batch_start + batch, last)), statuses, sources, tags)
        done = min(batch_start + batch, last) * CLAIMS_PER_ARTICLE
        stdout.write(f"  {done:,} claims")


def _copy_batch(indexes: range, statuses, sources, tags) -> None:
    rng = random.Random(indexes.start)  # noqa: S311 (reproducible data, not secrets)
    article_ids = iter(bulkcopy.reserve_ids("articles_article", len(indexes)))
    claim_ids = iter(
        bulkcopy.reserve_ids("articles_claim", len(indexes) * CLAIMS_PER_ARTICLE)
    )
    articles, claims, attributions, tagged = [], [], [], []
    for index in indexes:
        article_id = next(article_ids)
        language = "fr" if index % 2 else "en"
        templates = FR if language == "fr" else EN
        text, spans = "", []
        for i in range(CLAIMS_PER_ARTICLE):
            source = sources[rng.randrange(len(sources))]
            sentence = templates[rng.randrange(len(templates))].format(
                n=rng.randrange(2, 5000), src=source.name.removeprefix("Bench ")
            )
            spans.append((len(text), len(text) + len(sentence), source))
            text += sentence + ("\n\n" if i % 5 == 4 else " ")
        text = text.rstrip()
        published = timezone.make_aware(dt.datetime(2024, 1, 1) + dt.timedelta(hours=7 * index))
        articles.append(
            bulkcopy.article_row(
                article_id,
                title=f"Benchmark corpus-{index}",
                text=text,
                language=language,
                content_hash=f"{MARK}corpus-{index}",
                published_at=published,
            )
        )
        for start, end, source in spans:
            claim_id = next(claim_ids)
            claims.append(
                bulkcopy.claim_row(
                    claim_id,
                    article_id,
                    start,
                    end,
                    text[start:end],
                    text,
                    status_id=statuses[rng.randrange(len(statuses))].pk,
                    credibility=rng.choice([None, 1, 2, 3, 4, 5, 6]),
                )
            )
            attributions.append((claim_id, source.name, source.pk, 0))
            if rng.random() < 0.3:
                tagged.append((claim_id, tags[rng.randrange(len(tags))].pk))
    bulkcopy.copy_rows("articles_article", bulkcopy.ARTICLE_COLUMNS, articles)
    bulkcopy.copy_rows("articles_claim", bulkcopy.CLAIM_COLUMNS, claims)
    bulkcopy.copy_rows("articles_attribution", bulkcopy.ATTRIBUTION_COLUMNS, attributions)
    bulkcopy.copy_rows("articles_claim_tags", bulkcopy.TAG_COLUMNS, tagged)


def _client() -> Client:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    ensure_groups()
    user = get_user_model().objects.create(username=f"bench-{random.randrange(10**9)}")  # noqa: S311
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    client = Client()
    client.force_login(user)
    client.bench_user = user
    return client


def _desk_rows(user, reader) -> None:
    """500 open assignments and 1,000 notifications (a fifth unread) for the bench user."""
    from articles.models import Assignment, Notification

    claim_ids = list(
        Claim.objects.exclude(article=reader)
        .order_by("-id")
        .values_list("pk", flat=True)[:1000]
    )
    Assignment.objects.bulk_create(
        Assignment(claim_id=pk, assignee=user, assigned_by=user) for pk in claim_ids[:500]
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Notification.Kind.ASSIGNED,
            actor=user,
            claim_id=pk,
            read_at=None if i % 5 == 0 else now,
        )
        for i, pk in enumerate(claim_ids)
    )


def _saved_search_params(rng: random.Random, n: int, sources, tags, statuses) -> dict:
    words = ["soldats", "missiles", "Koursk", "drones", "troops", "Moscow", "obus", "pétrole",
             "Kyiv", "killed", "artillery", "Corée du Nord", "intercepté", "exports"]  # fmt: skip
    params: dict = {}
    choice = n % 6
    if choice in (0, 3, 5):
        params["q"] = f"{rng.choice(words)} {rng.randrange(2, 5000)}" if n % 4 else rng.choice(
            words
        )
    if choice in (1, 3):
        params["source"] = rng.choice(sources).slug
    if choice in (2, 5):
        params["tag"] = rng.choice(tags).slug
    if choice == 4:
        params["status"] = rng.choice(statuses).slug
        params["language"] = rng.choice(["fr", "en"])
    if n % 7 == 0:
        params["reliability"] = rng.choice("ABCDE")
    return params or {"q": rng.choice(words)}


def _measure_alerts(stdout, user, reader, repeat) -> None:
    """Match one article's new claims against 1,000 saved searches (rolled back)."""
    from articles.models import SavedSearch, Subscription
    from articles.services.saved_searches import matching_searches

    statuses, sources, tags = _registry()
    article = (
        Article.objects.exclude(pk=reader.pk).filter(claims__isnull=False).order_by("-id").first()
    )
    if article is None:
        return
    ids = list(article.claims.values_list("pk", flat=True))
    rng = random.Random(11)  # noqa: S311 (reproducible data, not secrets)
    try:
        with transaction.atomic():
            searches = SavedSearch.objects.bulk_create(
                SavedSearch(
                    owner=user,
                    name=f"bench {n}",
                    params=_saved_search_params(rng, n, sources, tags, statuses),
                )
                for n in range(1000)
            )
            Subscription.objects.bulk_create(
                Subscription(saved_search=s, user=user) for s in searches
            )
            distinct = len({tuple(sorted(s.params.items())) for s in searches})
            timings, matched, queries = [], 0, 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    matched = len(matching_searches(ids))
                    timings.append((time.perf_counter() - started) * 1000)
                queries = len(captured.captured_queries)
            p95 = percentile(timings, 95)
            verdict = " ok" if p95 <= 200 else " SLOW (target p95 200 ms)"
            stdout.write(
                f"  alerts: {len(ids)} new claims against 1,000 saved searches "
                f"({distinct} distinct filters): p50 {statistics.median(timings):.1f} ms, "
                f"p95 {p95:.1f} ms, {queries} queries, {matched} searches matched{verdict}"
            )
            raise _Rollback
    except _Rollback:
        pass


def _measure(stdout, client, label, url, params, repeat, *, target_ms, max_queries) -> None:
    response = client.get(url, params)  # warm-up (templates, caches)
    if response.status_code != 200:
        stdout.write(f"  {label}: HTTP {response.status_code}")
        return
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    p50 = statistics.median(timings)
    p95 = percentile(timings, 95)
    verdict = ""
    if target_ms is not None:
        verdict = " ok" if p95 <= target_ms else f" SLOW (target p95 {target_ms} ms)"
    if max_queries is not None and queries > max_queries:
        verdict += f" TOO MANY QUERIES (max {max_queries})"
    count = ""
    if url == "/claims/":
        from articles.claim_filter import ClaimFilter

        count = f", {ClaimFilter.from_params(params).filtered().count():,} results"
    stdout.write(
        f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries{count}{verdict}"
    )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value at least `pct` % of the values reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _generate(size: int) -> Article:
    rng = random.Random(42)  # noqa: S311 (reproducible data, not secrets)
    statuses, sources, tags = _registry()
    reader = _article(rng, "reader", READER_CLAIMS, sources, statuses, "fr", 0)
    per_article = CLAIMS_PER_ARTICLE
    batches = max(1, size // per_article)
    for index in range(batches):
        language = "fr" if index % 2 else "en"
        _article(rng, f"corpus-{index}", per_article, sources, statuses, language, index, tags=tags)
    return reader


def _article(rng, key, n, sources, statuses, language, index, tags=()) -> Article:
    templates = FR if language == "fr" else EN
    sentences, spans, chosen = [], [], []
    position = 0
    for i in range(n):
        source = sources[rng.randrange(len(sources))]
        sentence = templates[rng.randrange(len(templates))].format(
            n=rng.randrange(2, 5000), src=source.name.removeprefix("Bench ")
        )
        spans.append((position, position + len(sentence)))
        chosen.append(source)
        sentences.append(sentence)
        position += len(sentence) + (2 if i % 5 == 4 else 1)
    text = ""
    for i, sentence in enumerate(sentences):
        text += sentence + ("\n\n" if i % 5 == 4 else " ")
    text = text.rstrip()
    published = timezone.make_aware(dt.datetime(2024, 1, 1) + dt.timedelta(hours=7 * index))
    article = Article.objects.create(
        raw_input=text,
        input_kind=Article.InputKind.PASTE_TEXT,
        text=text,
        title=f"Benchmark {key}",
        language=language,
        published_at=published,
        content_hash=hashlib.sha256(f"bench-pages-{key}-{uuid.uuid4()}".encode()).hexdigest(),
    )
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            start=start,
            end=end,
            quote=text[start:end],
            prefix=text[max(0, start - 32) : start],
            suffix=text[end : end + 32],
            status=statuses[rng.randrange(len(statuses))],
            credibility=rng.choice([None, 1, 2, 3, 4, 5, 6]),
            stance="asserts",
        )
        for start, end in spans
    )
    Attribution.objects.bulk_create(
        Attribution(claim=claim, mention=source.name, source=source)
        for claim, source in zip(claims, chosen, strict=True)
    )
    if tags:
        through = Claim.tags.through
        through.objects.bulk_create(
            through(claim_id=claim.pk, tag_id=tags[rng.randrange(len(tags))].pk)
            for claim in claims
            if rng.random() < 0.3
        )
    return article
