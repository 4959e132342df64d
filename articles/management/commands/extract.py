"""`manage.py extract PATH [--format json|text] [--registry auto|db|starter]`.

Parses a file with the ingest core and prints the cleaned article and its claims,
without writing anything to the database. The registry is, by default, the
database's when it has sources (what the desk curated), else the starter registry
from `articles/registry_data.py`, so the command also works on a fresh checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.extraction import EXTRACTOR_VERSION, extract_claims
from articles.extraction.evaluate import starter_registry
from articles.ingest import parse_article


def _registry(choice: str):
    if choice == "starter":
        return starter_registry(), "starter"
    try:
        from articles.models import Source
        from articles.services.extraction import registry_from_db

        if Source.objects.exists():
            return registry_from_db(), "db"
    except DatabaseError:
        if choice == "db":
            raise CommandError("The database has no source registry (run migrate).") from None
    if choice == "db":
        raise CommandError("The database has no sources; run `manage.py load_sources`.")
    return starter_registry(), "starter"


class Command(BaseCommand):
    help = "Parse an article file and print its claims as JSON (the database is not changed)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt or .html file, as a researcher would paste it.")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--registry",
            choices=["auto", "db", "starter"],
            default="auto",
            help="Source registry: the database's if it has sources (auto), or the starter data.",
        )

    def handle(self, *args, path: str, format: str, registry: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        raw = file.read_bytes().decode("utf-8", errors="replace")
        parsed = parse_article(raw)
        reg, used = _registry(registry)
        claims = extract_claims(parsed.text, reg, language=parsed.language or None)
        if format == "json":
            data = {
                "article": parsed.to_dict(),
                "registry": used,
                "extractor_version": EXTRACTOR_VERSION,
                "claims": [c.to_dict() for c in claims],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{parsed.title}\n{len(claims)} claims (registry: {used})\n")
        for c in claims:
            who = " <- ".join(f"{m.mention} [{m.source or '?'}]" for m in c.sources)
            content = c.content.text if c.content else c.text
            self.stdout.write(f"- {c.stance} | {c.cue.text} | {who}\n  {content}\n")
