"""`manage.py benchmark pages [--size N] [--repeat R]`: server time of the workspace's pages.

Generates, with bulk_create and inside one transaction that is rolled back at the end
(the database is left as it was):

- a reader article with 300 claims, and
- N claims (default 100,000 on PostgreSQL, 10,000 on SQLite) spread over articles of
  50 claims in French and English, with sources, statuses, grades and tags,

then requests the pages through Django's test client as a researcher and prints the
median and slowest of R runs (default 7) and the SQL queries of each. Targets: the
reader with 300 claims under 150 ms in at most 15 queries; the claims page's first
page of a search under 200 ms on PostgreSQL with 100,000 claims.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import statistics
import time
import uuid

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
    ("q=Koursk", {"q": "Koursk"}),
    ("q=missiles", {"q": "missiles"}),
    ("q=killed Kursk", {"q": "killed Kursk"}),
    (
        "q=troops + status + reliability",
        {"q": "troops", "status": "unreviewed", "reliability": "B"},
    ),
    ("source=kcna", {"source": "bench-kcna"}),
    (
        "tag + language + date range",
        {"tag": "bench-troops", "language": "fr", "from": "2025-01-01"},
    ),
    ("q=drones, sort=credibility", {"q": "drones", "sort": "credibility"}),
]


class _Rollback(Exception):
    pass


def run(stdout, options: dict) -> None:
    vendor = connection.vendor
    size = options.get("size") or (100_000 if vendor == "postgresql" else 10_000)
    repeat = options.get("repeat") or 7
    stdout.write(f"Database: {vendor} ({connection.settings_dict.get('NAME')})")
    stdout.write(
        f"Generating {size:,} claims + a {READER_CLAIMS}-claim article (rolled back after)…"
    )
    try:
        with transaction.atomic():
            started = time.perf_counter()
            reader_article = _generate(size)
            stdout.write(f"  generated in {time.perf_counter() - started:.1f} s")
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Autovacuum would merge the GIN pending lists of freshly inserted rows;
                    # inside this transaction, merge them by hand.
                    cursor.execute("SELECT gin_clean_pending_list('claim_quote_fts'::regclass)")
                    cursor.execute("SELECT gin_clean_pending_list('article_text_fts'::regclass)")
                    cursor.execute("ANALYZE articles_claim")
                    cursor.execute("ANALYZE articles_article")
                    cursor.execute("ANALYZE articles_attribution")
            client = _client()
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
            _measure(
                stdout, client, "article list", "/", {}, repeat, target_ms=None, max_queries=None
            )
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
            raise _Rollback
    except _Rollback:
        stdout.write("Rolled back: the database is as it was.")


def _client() -> Client:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    ensure_groups()
    user = get_user_model().objects.create(username=f"bench-{random.randrange(10**9)}")  # noqa: S311
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    client = Client()
    client.force_login(user)
    return client


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
    median = statistics.median(timings)
    verdict = ""
    if target_ms is not None:
        verdict = " ok" if median < target_ms else f" SLOW (target {target_ms} ms)"
    if max_queries is not None and queries > max_queries:
        verdict += f" TOO MANY QUERIES (max {max_queries})"
    count = ""
    if url == "/claims/":
        from articles.claim_filter import ClaimFilter

        count = f", {ClaimFilter.from_params(params).filtered().count():,} results"
    stdout.write(
        f"  {label}: median {median:.1f} ms, slowest {max(timings):.1f} ms, "
        f"{queries} queries{count}{verdict}"
    )


def _generate(size: int) -> Article:
    rng = random.Random(42)  # noqa: S311 (reproducible data, not secrets)
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
