"""`manage.py import_articles PATH_OR_URL …`: bulk import from files, folders, URL lists and feeds.

What each argument is taken to be:

- a folder: every file in it, recursively (junk such as `.DS_Store` and images skipped);
- a `.txt`, `.html`, `.htm` or `.md` file: one article — except a `.txt` file whose
  non-blank lines (ignoring `#` comments) are all http(s) addresses: that is a URL
  list, and each address is fetched and imported (`--url-list` forces this reading);
- a `.zip` file: the files in it (the upload limits apply: entries, sizes);
- an `.xml`, `.rss`, `.atom` file, or an http(s) address that serves RSS or Atom: a
  feed; each entry's link is fetched and imported, and when the link cannot be
  fetched the entry's own content (or summary) is imported instead, with the link
  as the article's URL;
- any other http(s) address: one web page.

Progress goes to stderr (a bar on a terminal, a line every 10% otherwise); the summary
to stdout. The exit code is 1 when nothing could be imported.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services.feeds import entry_content
from articles.services.imports import (
    ImportRefused,
    Outcome,
    fetch_page,
    import_article,
    import_named_bytes,
    import_outcome,
    import_url,
    skip_reason,
)

FEED_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass
class Unit:
    """One thing to import, counted by the progress bar; `run` yields one or more outcomes."""

    name: str
    run: Callable[[], Iterator[Outcome]]


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def read_url_list(text: str) -> list[str] | None:
    """The addresses in a URL list, or None when the text is not one."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines and all(is_url(line) and " " not in line for line in lines):
        return lines
    return None


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.startswith((b"<rss", b"<feed", b"<rdf")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)
    )


class Progress:
    """A progress bar on a terminal; plain lines (every 10%) when stderr is a file or a pipe."""

    def __init__(self, stream, total: int, *, tty: bool | None = None):
        self.stream = stream
        self.total = total
        self.done = 0
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.monotonic()
        self.next_line = 0

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def step(self, label: str = "") -> None:
        self.done += 1
        total = max(self.total, self.done)
        if self.tty:
            width = 30
            filled = int(width * self.done / total)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(
                f"\r[{bar}] {self.done}/{total} {self.rate():5.1f}/s {label[-40:]:<40}"
            )
            if self.done >= total:
                self.stream.write("\n")
            self.stream.flush()
            return
        percent = 100 * self.done // total
        if percent >= self.next_line or self.done >= total:
            self.stream.write(
                f"import_articles: {self.done}/{total} ({percent}%) {self.rate():.1f} articles/s\n"
            )
            self.stream.flush()
            self.next_line = percent - percent % 10 + 10


class Command(BaseCommand):
    help = (
        "Import articles from files, folders (recursively), zips, URL lists (.txt of "
        "addresses), RSS/Atom feeds and web addresses. Prints a summary; exits 1 if all fail."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--url-list",
            action="store_true",
            help="Read every .txt argument as a list of addresses, one per line.",
        )
        parser.add_argument("--user", help="Username to record as the importer (default: nobody).")
        parser.add_argument(
            "--quiet-progress", action="store_true", help="No progress output on stderr."
        )

    def handle(self, *args, sources: list[str], url_list: bool = False, **options):
        user = None
        if options.get("user"):
            from django.contrib.auth import get_user_model

            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {options['user']!r}.") from None
        self.user = user
        self.force_url_list = url_list
        self.failed_early: list[Outcome] = []
        units: list[Unit] = []
        for source in sources:
            units.extend(self.collect(source))
        if not units and not self.failed_early:
            raise CommandError("Nothing to import: no article files or addresses were found.")

        progress = Progress(getattr(self.stderr, "_out", sys.stderr), len(units))
        started = time.monotonic()
        outcomes: list[Outcome] = list(self.failed_early)
        for unit in units:
            for outcome in unit.run():
                outcomes.append(outcome)
            if not options.get("quiet_progress"):
                progress.step(unit.name)
        elapsed = time.monotonic() - started
        self.report(outcomes, elapsed)
        imported = sum(o.status == "imported" for o in outcomes)
        duplicates = sum(o.status == "duplicate" for o in outcomes)
        failed = sum(o.status == "failed" for o in outcomes)
        if imported == 0 and duplicates == 0 and failed:
            raise CommandError(f"Nothing was imported: all {failed} failed.", returncode=1)

    # --- What each argument is ---------------------------------------------------------

    def collect(self, source: str) -> list[Unit]:
        if is_url(source):
            return self.collect_url(source)
        path = Path(source)
        if path.is_dir():
            units: list[Unit] = []
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                units.extend(self.collect_file(child, root=path))
            return units
        if path.is_file():
            return self.collect_file(path, root=path.parent)
        self.failed_early.append(Outcome(source, "failed", reason="no such file or folder"))
        return []

    def collect_file(self, path: Path, *, root: Path) -> list[Unit]:
        suffix = path.suffix.lower()
        if suffix in FEED_SUFFIXES:
            data = path.read_bytes()
            return self.collect_feed(str(path), data)
        if suffix == ".txt" and (self.force_url_list or path.stat().st_size < 1_000_000):
            data = path.read_bytes()
            urls = read_url_list(data.decode("utf-8", "replace"))
            if urls is not None:
                return [self.url_unit(url) for url in urls]
            if self.force_url_list:
                self.failed_early.append(
                    Outcome(str(path), "failed", reason="not a list of http(s) addresses")
                )
                return []
        reason = skip_reason(str(path.relative_to(root)))
        if reason is not None:
            skipped = Outcome(str(path), "skipped", reason=reason)
            return [Unit(str(path), lambda: iter([skipped]))]
        return [Unit(str(path), lambda p=path: self.import_path(p))]

    def import_path(self, path: Path) -> Iterator[Outcome]:
        try:
            data = path.read_bytes()
        except OSError as error:
            yield Outcome(str(path), "failed", reason=f"cannot be read ({error.strerror})")
            return
        yield from import_named_bytes(str(path), data, user=self.user)

    def url_unit(self, url: str) -> Unit:
        return Unit(
            url, lambda: iter([import_outcome(url, lambda: import_url(url, user=self.user))])
        )

    def collect_url(self, url: str) -> list[Unit]:
        from articles.fetch import FEED_TYPES, PAGE_TYPES

        try:
            page = fetch_page(url, accept=PAGE_TYPES | FEED_TYPES)
        except ImportRefused as refused:
            self.failed_early.append(Outcome(url, "failed", reason=str(refused)))
            return []
        if page.is_feed or looks_like_feed(page.data):
            return self.collect_feed(url, page.data)
        # A page: import what was fetched rather than fetching it twice.
        return [Unit(url, lambda: iter([import_outcome(url, lambda: self.import_page(page))]))]

    def import_page(self, page):
        from articles.services.imports import ImportResult, find_by_url

        existing = find_by_url(page.url) or find_by_url(page.final_url)
        if existing is not None:
            return ImportResult(existing, created=False)
        return import_article(
            page.text,
            input_kind=Article.InputKind.URL,
            user=self.user,
            url=page.final_url,
            raw_bytes=page.data,
            content_type=page.content_type,
            parse_as="html" if page.is_html else "text",
        )

    def collect_feed(self, name: str, data: bytes) -> list[Unit]:
        import feedparser

        feed = feedparser.parse(data)
        if not feed.entries:
            why = "no entries could be read from this feed"
            if feed.get("bozo"):
                why += f" ({feed.get('bozo_exception')})"
            self.failed_early.append(Outcome(name, "failed", reason=why))
            return []
        return [self.feed_unit(name, entry, i) for i, entry in enumerate(feed.entries, 1)]

    def feed_unit(self, feed_name: str, entry, number: int) -> Unit:
        link = (entry.get("link") or "").strip()
        label = link or f"{feed_name} entry {number}"

        def run() -> Iterator[Outcome]:
            reason = ""
            if link and is_url(link):
                outcome = import_outcome(link, lambda: import_url(link, user=self.user))
                if outcome.status != "failed":
                    yield outcome
                    return
                reason = outcome.reason
            content = entry_content(entry)
            if not content:
                yield Outcome(label, "failed", reason=reason or "the entry has no link and no text")
                return
            fallback = import_outcome(
                label,
                lambda: import_article(
                    content,
                    input_kind=Article.InputKind.URL if link else Article.InputKind.FILE,
                    user=self.user,
                    url=link if is_url(link) else "",
                    content_type="application/rss+xml",
                    parse_as="html",
                ),
            )
            if reason and fallback.status != "failed":
                fallback.reason = f"imported from the feed's text (the link failed: {reason})"
            yield fallback

        return Unit(label, run)

    # --- Summary -------------------------------------------------------------------------

    def report(self, outcomes: list[Outcome], elapsed: float) -> None:
        counts = dict.fromkeys(("imported", "duplicate", "failed", "skipped"), 0)
        for outcome in outcomes:
            counts[outcome.status] += 1
        rate = counts["imported"] / elapsed if elapsed > 0 else 0.0
        write = self.stdout.write
        write(
            f"Imported {counts['imported']}, duplicates {counts['duplicate']}, "
            f"failed {counts['failed']}, skipped {counts['skipped']} "
            f"in {elapsed:.1f} s ({rate:.1f} articles/s)."
        )
        for outcome in outcomes:
            if outcome.status == "duplicate" and outcome.article is not None:
                write(f"  duplicate  {outcome.name} → article {outcome.article.pk} "
                      f"“{outcome.article}”")  # fmt: skip
            elif outcome.status == "imported" and outcome.reason:
                write(f"  note       {outcome.name}: {outcome.reason}")
        for outcome in outcomes:
            if outcome.status == "failed":
                write(f"  failed     {outcome.name}: {outcome.reason}")
        for outcome in outcomes:
            if outcome.status == "skipped":
                write(f"  skipped    {outcome.name}: {outcome.reason}")
