"""`manage.py benchmark api [--size N] [--repeat R]`: the API over N claims.

Reuses `benchmark export`'s generated claims (created if fewer than N exist), then,
through the WSGI stack with a read token (Django's test client, no network):

- the first page of `/api/v1/claims?q=...` for a few searches, R times each:
  median and p95 in milliseconds (target on PostgreSQL with 1,000,000 claims:
  p95 ≤ 200 ms);
- `/api/v1/exports/csv` streamed to nowhere: claims per second (target ≥ 10,000/s)
  and peak Python memory while streaming (tracemalloc, a separate pass).
"""

from __future__ import annotations

import math
import statistics
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from articles.benchmarks.export import create_claims
from articles.models import ApiToken, Claim
from articles.roles import RESEARCHERS

SEARCHES = ["agence", "tir numéro", "préavis", "Séoul conteste"]


def _token() -> str:
    from django.contrib.auth.models import Group

    from articles.services.tokens import create_token

    user, _ = get_user_model().objects.get_or_create(username="benchmark-api")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    ApiToken.objects.filter(user=user).delete()
    token, secret = create_token(user, name="benchmark", scope="read")
    ApiToken.objects.filter(pk=token.pk).update(rate_per_minute=1_000_000)
    return secret


def run(stdout, options) -> None:
    wanted = options.get("size") or 100_000
    repeat = options.get("repeat") or 20
    stdout.write(f"database: {connection.vendor} ({connection.settings_dict.get('NAME')})")
    create_claims(wanted, stdout)
    total = Claim.objects.visible().count()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token()}")
    stdout.write(f"{total:,} visible claims; first page (50) of a search, {repeat} times each")
    for q in SEARCHES:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/api/v1/claims", {"q": q})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"/api/v1/claims answered {response.status_code}")
        timings.sort()
        p95 = timings[math.ceil(0.95 * len(timings)) - 1]
        stdout.write(
            f"  q={q!r}: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
            f"{len(response.json()['items'])} items"
        )
    started = time.perf_counter()
    response = client.get("/api/v1/exports/csv")
    size = sum(len(part) for part in response.streaming_content)
    seconds = time.perf_counter() - started
    stdout.write(
        f"streamed /api/v1/exports/csv: {total:,} claims in {seconds:.2f} s = "
        f"{total / seconds:,.0f} claims/s, {size / 1_048_576:.1f} MB"
    )
    tracemalloc.start()
    for _ in client.get("/api/v1/exports/csv").streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stdout.write(f"peak Python memory while streaming: {peak / 1_048_576:.1f} MB")
