"""`manage.py evaluate_extraction [GOLD.jsonl] [--errors]`: score the extractor on a gold set.

Uses the starter registry (`articles/registry_data.py`): the gold set's canonical
names are its names.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction.evaluate import (
    DEFAULT_GOLD,
    evaluate,
    format_table,
    load_gold,
    starter_registry,
)


class Command(BaseCommand):
    help = "Precision, recall and F1 of claim extraction on a gold set, per language."

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
        parser.add_argument("--errors", action="store_true", help="List each miss and extra.")

    def handle(self, *args, gold: str, errors: bool, **options):
        if not Path(gold).is_file():
            raise CommandError(f"No such gold file: {gold}")
        try:
            items = load_gold(gold)
            results = evaluate(items, starter_registry())
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Bad gold file {gold}: {exc}") from exc
        self.stdout.write(format_table(results))
        if errors:
            self.stdout.write("\n".join(results["all"].errors))
