"""`manage.py import_export FILE`: load a Newsdesk JSON export into this instance."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exports.restore import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Load a full JSON export (manage.py export --format json --include-rejected) into this "
        "instance: articles with their raw input and tracked versions, claims, attributions, "
        "sources, tags, notes, links, grades and watched feeds. All of it loads, or nothing does."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by `manage.py export --format json`.")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"No file {path}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not a JSON export: {error}") from None
        try:
            summary = restore(data)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loaded {summary.articles} articles ({summary.articles_skipped} already here), "
            f"{summary.claims} claims, {summary.attributions} attributions, {summary.notes} notes, "
            f"{summary.links} links, {summary.versions} article versions, {summary.stories} "
            f"stories, {summary.suggestions} match suggestions; "
            f"{summary.sources} new sources, {summary.aliases} new aliases, "
            f"{summary.tags} new tags, {summary.feeds} watched feeds "
            f"({summary.feeds_skipped} already watched)"
            + ("; ids kept." if summary.kept_ids else ".")
        )
        for warning in summary.warnings:
            self.stderr.write(warning)
