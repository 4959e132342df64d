"""`manage.py benchmark imports [--size N]`: import N distinct article files with `import_articles`.

Generates N article files (text and HTML, French and English, all different) in a
temporary folder and imports them into a fresh temporary SQLite database (migrated
first), so the desk's own database is never touched. Prints articles/s, including
parsing, duplicate checks, saving and claim extraction.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from pathlib import Path

PLACES = ["Pyongyang", "Séoul", "Moscou", "Kiev", "Tokyo", "Washington", "Koursk", "Donetsk"]
WHO_FR = ["l'agence d'Etat KCNA", "l'agence Yonhap", "le renseignement sud-coréen (NIS)",
          "le Kremlin", "l'état-major ukrainien", "l'AFP"]  # fmt: skip
WHO_EN = ["KCNA", "Yonhap", "South Korea's National Intelligence Service", "the Kremlin",
          "Ukraine's general staff", "Reuters"]  # fmt: skip
WHAT_FR = ["a tiré {n} missiles balistiques", "a déployé {n} soldats supplémentaires",
           "a perdu {n} hommes dans la région", "a reçu {n} obus d'artillerie"]  # fmt: skip
WHAT_EN = ["fired {n} ballistic missiles", "deployed {n} more troops",
           "lost {n} soldiers in the region", "received {n} artillery shells"]  # fmt: skip


def article_text(i: int, rng: random.Random) -> tuple[str, str]:
    """One distinct article (name, content): every number and sentence order differs."""
    french = i % 2 == 0
    place = rng.choice(PLACES)
    lines = []
    if french:
        lines.append(f"{place} : nouvelle escalade, épisode {i}")
        lines.append(f"Publié le {1 + i % 28:02d}/11/2025 {8 + i % 12:02d}:{i % 60:02d}")
        for j in range(6):
            who = rng.choice(WHO_FR)
            what = rng.choice(WHAT_FR).format(n=i * 7 + j)
            lines.append(f"{place} {what} le {1 + j} novembre, selon {who}. " * 2)
        lines.append(
            f"« Nous répondrons », a déclaré un porte-parole cité par {rng.choice(WHO_FR)}."
        )
    else:
        lines.append(f"{place}: tensions rise again, part {i}")
        lines.append(f"Published November {1 + i % 28}, 2025")
        for j in range(6):
            who = rng.choice(WHO_EN)
            what = rng.choice(WHAT_EN).format(n=i * 7 + j)
            lines.append(f"{place} {what} on day {1 + j}, {who} said. " * 2)
        lines.append(f'"We will respond," a spokesman told {rng.choice(WHO_EN)}.')
    body = "\n\n".join(lines)
    if i % 5 == 0:
        paras = "".join(f"<p>{line}</p>" for line in lines[1:])
        html = f"<html><head><title>{lines[0]}</title></head><body><h1>{lines[0]}</h1>{paras}"
        return f"article-{i:05d}.html", html + "</body></html>"
    return f"article-{i:05d}.txt", body


def write_articles(folder: Path, size: int) -> None:
    rng = random.Random(20251127)  # noqa: S311 - test data, not secrets
    for i in range(size):
        name, content = article_text(i, rng)
        sub = folder / f"batch-{i // 100:03d}"  # folders inside folders, as a desk keeps them
        sub.mkdir(exist_ok=True)
        (sub / name).write_text(content, encoding="utf-8")


def run(stdout, options) -> None:
    from django.core.management import call_command
    from django.db import connection

    size = options.get("size") or 1000
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_articles(folder, size)
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp) / "bench.db")
        stdout.write(f"Migrating a fresh {connection.vendor} database for the benchmark…")
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            from articles.services.registry import load_starter_sources

            load_starter_sources()
            out = io.StringIO()
            timing = ExtractionTimer()
            started = time.perf_counter()
            try:
                call_command("import_articles", str(folder), stdout=out, quiet_progress=True)
            finally:
                timing.stop()
            elapsed = time.perf_counter() - started
            from articles.models import Article, Claim

            articles = Article.objects.count()
            claims = Claim.objects.count()
        finally:
            creation.destroy_test_db(old_name, verbosity=0)
        parse_rate = _parse_rate(folder_files(tmp), size)
        stdout.write(out.getvalue().splitlines()[0])
        stdout.write(
            f"imports: {articles} articles ({claims} claims) from {size} files in "
            f"{elapsed:.2f} s: {articles / elapsed:.1f} articles/s "
            f"({connection.vendor}, including parsing, saving and extraction)"
        )
        stdout.write(
            f"  of which claim extraction (extract_article): {timing.seconds:.2f} s "
            f"({100 * timing.seconds / elapsed:.0f}%); parsing alone runs at "
            f"{parse_rate:.0f} articles/s"
        )


def folder_files(tmp: str) -> list[Path]:
    return sorted(p for p in (Path(tmp) / "articles").rglob("*") if p.is_file())


def _parse_rate(files: list[Path], size: int) -> float:
    from articles.ingest import parse_article

    texts = [p.read_text(encoding="utf-8") for p in files[:size]]
    started = time.perf_counter()
    for path, text in zip(files, texts, strict=False):
        parse_article(text, kind="html" if path.suffix == ".html" else "text")
    return len(texts) / (time.perf_counter() - started)


class ExtractionTimer:
    """Wrap `extract_article` as `import_article` calls it, adding up the time it takes."""

    def __init__(self):
        from articles.services import imports

        self.module = imports
        self.real = imports.extract_article
        self.seconds = 0.0

        def timed(article, **kwargs):
            started = time.perf_counter()
            try:
                return self.real(article, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        imports.extract_article = timed

    def stop(self) -> None:
        self.module.extract_article = self.real
