"""Load test: simulated researchers against gunicorn on 127.0.0.1 (run it with `scripts/load`).

1. Prepares a throw-away database (a SQLite file, or with DATABASE_URL=postgres://... a
   scratch PostgreSQL database `<name>_load` beside it, dropped afterwards): migrations, the
   source registry, generated articles imported through the real import service (cleaning
   and extraction), one Researchers account and session per simulated researcher.
2. Starts gunicorn on a free loopback port with the README's production command (production
   settings; only the port and the HTTPS redirect differ).
3. Desk phase: N researchers (default 50) for D seconds, each with a think time of 0.5-1.5 s
   between actions: read the article list, read an article, open a claim, search claims,
   save an edit (open the claim, then post a new grade with its version, as the panel does).
   Prints throughput, p50/p95/p99 latency per action and overall, and errors.
4. Capacity phase: the same N clients with no think time, first on that mix, then on
   `/healthz` (a bare Django view: the same gunicorn and middleware, no database), and prints
   Newsdesk's throughput as a ratio of the bare view's.

Bounded: loopback only, at most 200 researchers and 300 seconds per phase.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCHES = ["missiles", "Pyongyang", "Séoul", "essais", "Yonhap", "tir", "launch", "KCNA"]
MAX_USERS, MAX_SECONDS = 200, 300

SEED = r"""
import json, random, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from articles.models import Article, Claim
from articles.roles import RESEARCHERS, ensure_groups
from articles.services.imports import import_article
from articles.services.registry import load_starter_sources

users, articles = int(sys.argv[1]), int(sys.argv[2])
load_starter_sources()
ensure_groups()
random.seed(11)
places = ["Séoul", "Tokyo", "Washington", "Pékin", "Moscou"]
for n in range(articles):
    if n % 2:
        text = (
            f"Pyongyang tire {n} missiles\n\n"
            f"La Corée du Nord a tiré {n} missiles balistiques lundi, selon l’état-major "
            f"sud-coréen. « Nous répondrons », a déclaré l’agence KCNA. "
            f"Le ministère japonais de la Défense a confirmé le tir numéro {n}. "
            f"Selon Yonhap, {places[n % 5]} a convoqué son conseil de sécurité. "
            f"Ces essais violent les résolutions de l’ONU, a affirmé un porte-parole "
            f"à {places[(n + 1) % 5]}.\n"
        )
    else:
        text = (
            f"Launch number {n}\n\n"
            f"Pyongyang fired {n} missiles on Monday, the Joint Chiefs of Staff said. "
            f"The regime has now carried out {n * 3} tests, according to Yonhap. "
            f"KCNA said the launch was a routine drill. "
            f"Officials in {places[n % 5]} said the missiles landed outside the zone. "
            f"The launch is a grave threat, a spokesman for the ministry told reporters.\n"
        )
    import_article(text)
group = Group.objects.get(name=RESEARCHERS)
sessions = []
for i in range(users):
    user, _ = User.objects.get_or_create(username=f"load{i:03d}")
    user.set_unusable_password()
    user.save()
    user.groups.add(group)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
claims = list(Claim.objects.filter(is_rejected=False).values_list("article_id", "pk"))
print(json.dumps({"sessions": sessions, "claims": claims,
                  "articles": list(Article.objects.values_list("pk", flat=True))}))
"""


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    conflicts: int = 0

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        """Keep one request's latency, and its error if it failed."""
        self.latencies[kind].append(seconds)
        if error:
            self.errors[kind] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{kind}: {error}")

    @property
    def all(self) -> list[float]:
        """Every latency of the phase, whatever the action."""
        return [x for values in self.latencies.values() for x in values]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank), in milliseconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


class Researcher:
    """One simulated researcher with a logged-in session and a share of the claims to edit."""

    def __init__(self, client: httpx.AsyncClient, session: str, data: dict, rng: random.Random):
        self.client = client
        self.rng = rng
        self.data = data
        self.csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked CSRF secret
        self.cookies = f"sessionid={session}; csrftoken={self.csrf}"

    async def get(self, results: Results, kind: str, url: str, **headers) -> str:
        """GET a page as this researcher; an answer other than 200 is an error."""
        started = time.perf_counter()
        try:
            response = await self.client.get(url, headers={"Cookie": self.cookies, **headers})
        except httpx.HTTPError as error:
            results.record(kind, time.perf_counter() - started, type(error).__name__)
            return ""
        error = None if response.status_code == 200 else f"HTTP {response.status_code} {url}"
        results.record(kind, time.perf_counter() - started, error)
        return response.text

    async def act(self, results: Results) -> None:
        """Do one thing a researcher does, drawn from the desk's mix."""
        roll = self.rng.random()
        article_id, claim_id = self.rng.choice(self.data["claims"])
        if roll < 0.10:
            await self.get(results, "article list", "/")
        elif roll < 0.45:
            await self.get(results, "read article", f"/articles/{article_id}/")
        elif roll < 0.70:
            await self.get(
                results, "open claim", f"/articles/{article_id}/claims/{claim_id}/",
                **{"HX-Request": "true"},
            )
        elif roll < 0.90:
            await self.get(results, "search claims", f"/claims/?q={self.rng.choice(SEARCHES)}")
        else:
            await self.save_edit(results, article_id, claim_id)

    async def save_edit(self, results: Results, article_id: int, claim_id: int) -> None:
        """Open a claim's panel, then save a new grade with the version the panel showed."""
        panel = await self.get(
            results, "open claim", f"/articles/{article_id}/claims/{claim_id}/",
            **{"HX-Request": "true"},
        )
        version = re.search(r'name="version" value="(\d+)"', panel)
        if version is None:
            results.record("save edit", 0.0, "no version field in the claim panel")
            return
        started = time.perf_counter()
        try:
            response = await self.client.post(
                f"/articles/{article_id}/claims/{claim_id}/edit/",
                data={"credibility": str(self.rng.randint(1, 6)), "version": version.group(1)},
                headers={
                    "Cookie": self.cookies,
                    "X-CSRFToken": self.csrf,
                    "HX-Request": "true",
                },
            )
        except httpx.HTTPError as error:
            results.record("save edit", time.perf_counter() - started, type(error).__name__)
            return
        seconds = time.perf_counter() - started
        if response.status_code == 200 and "Saved." in response.text:
            results.record("save edit", seconds)
        elif response.status_code in (200, 409) and "changed" in response.text.lower():
            # Two researchers saved the same claim at once: the panel says so (not an error).
            results.conflicts += 1
            results.record("save edit", seconds)
        else:
            results.record("save edit", seconds, f"HTTP {response.status_code} on save")


async def run_phase(
    base: str, sessions: list[str], data: dict, seconds: float, *, think: bool, bare: bool = False
) -> tuple[Results, float]:
    """Run every researcher until the time is up; return results and the elapsed time."""
    results = Results()
    limits = httpx.Limits(max_connections=len(sessions), max_keepalive_connections=len(sessions))
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        deadline = time.perf_counter() + seconds

        async def loop(i: int, session: str) -> None:
            rng = random.Random(i)
            researcher = Researcher(client, session, data, rng)
            if think:
                await asyncio.sleep(rng.uniform(0, 1.5))  # researchers arrive over a second
            while time.perf_counter() < deadline:
                if bare:
                    await researcher.get(results, "bare view", "/healthz")
                else:
                    await researcher.act(results)
                if think:
                    await asyncio.sleep(rng.uniform(0.5, 1.5))

        started = time.perf_counter()
        await asyncio.gather(*(loop(i, s) for i, s in enumerate(sessions)))
        return results, time.perf_counter() - started


def report(title: str, results: Results, elapsed: float) -> float:
    """Print a phase's figures; return its throughput in requests per second."""
    everything = results.all
    rate = len(everything) / elapsed if elapsed else 0.0
    errors = sum(results.errors.values())
    print(f"\n{title}")
    print(f"  {'action':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        print(
            f"  {kind:<16}{len(values):>9}{percentile(values, 50):>9.0f}"
            f"{percentile(values, 95):>9.0f}{percentile(values, 99):>9.0f}"
            f"{results.errors.get(kind, 0):>8}"
        )
    print(
        f"  {'all':<16}{len(everything):>9}{percentile(everything, 50):>9.0f}"
        f"{percentile(everything, 95):>9.0f}{percentile(everything, 99):>9.0f}{errors:>8}"
    )
    print(f"  throughput {rate:.1f} requests/s over {elapsed:.1f} s; errors {errors}", end="")
    print(f"; edit conflicts shown to researchers {results.conflicts}" if results.conflicts else "")
    for sample in results.error_samples:
        print(f"  error: {sample}")
    return rate


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_database(workdir: Path) -> tuple[str, callable]:
    """A throw-away database URL of the kind DATABASE_URL names, and how to drop it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'load.sqlite3'}", lambda: None
    import psycopg

    base, name = url.rsplit("/", 1)
    scratch = f"{name.split('?')[0]}_load"
    admin = f"{base}/postgres".replace("postgres://", "postgresql://", 1)

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

    drop()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    return f"{base}/{scratch}", drop


def main() -> int:
    """Prepare, serve, load, report; exit 2 when the desk phase misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated researchers (50)")
    parser.add_argument("--duration", type=float, default=60, help="desk phase, seconds (60)")
    parser.add_argument("--capacity", type=float, default=20, help="each capacity run, s (20)")
    parser.add_argument("--articles", type=int, default=300, help="articles to generate (300)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if not (0 < args.duration <= MAX_SECONDS and 0 < args.capacity <= MAX_SECONDS):
        parser.error(f"each phase lasts between 0 and {MAX_SECONDS} seconds")

    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    url, drop = scratch_database(workdir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",  # plain HTTP on loopback; a proxy does HTTPS
        "STATIC_ROOT": str(workdir / "static"),
        "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics"),
    }
    env.pop("DEBUG", None)
    (workdir / "metrics").mkdir()
    server = None
    try:
        print(f"Preparing {url.split('@')[-1]}: {args.articles} articles, {args.users} researchers")
        manage = [PYTHON, "manage.py"]
        for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True)
        import json

        seeded = subprocess.run(
            [PYTHON, "-c", SEED, str(args.users), str(args.articles)],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        if seeded.returncode:
            print(seeded.stderr[-3000:])
            return 1
        data = json.loads(seeded.stdout.strip().splitlines()[-1])
        print(f"  {len(data['articles'])} articles, {len(data['claims'])} claims")

        port = free_port()
        log = (workdir / "gunicorn.log").open("w")
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        server = subprocess.Popen(
            [gunicorn, "newsdesk.wsgi", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            print(f"gunicorn did not start; see {workdir / 'gunicorn.log'}")
            return 1
        print(f"  gunicorn {args.workers} workers on {base} (log: {workdir / 'gunicorn.log'})")

        sessions = data["sessions"]
        desk, elapsed = asyncio.run(run_phase(base, sessions, data, args.duration, think=True))
        report(f"Desk: {args.users} researchers, think time 0.5-1.5 s, {args.duration:.0f} s",
               desk, elapsed)
        mix, mix_elapsed = asyncio.run(run_phase(base, sessions, data, args.capacity, think=False))
        mix_rate = report(f"Capacity: Newsdesk mix, {args.users} clients, no think time", mix,
                          mix_elapsed)
        bare, bare_elapsed = asyncio.run(
            run_phase(base, sessions, data, args.capacity, think=False, bare=True)
        )
        bare_rate = report(f"Capacity: bare view /healthz, {args.users} clients, no think time",
                           bare, bare_elapsed)
        desk_p95 = percentile(desk.all, 95)
        desk_errors = sum(desk.errors.values())
        print(
            f"\nSummary: desk p95 {desk_p95:.0f} ms (target <= 500), errors {desk_errors} "
            f"(target 0); Newsdesk mix {mix_rate:.1f} req/s = {mix_rate / bare_rate:.2f}x "
            f"the bare view's {bare_rate:.1f} req/s."
        )
        return 0 if desk_p95 <= 500 and desk_errors == 0 else 2
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
