"""`manage.py benchmark NAME`: run one of the benchmarks in `articles/benchmarks/`."""

from __future__ import annotations

import importlib
import pkgutil

from django.core.management.base import BaseCommand, CommandError

import articles.benchmarks


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(articles.benchmarks.__path__))


class Command(BaseCommand):
    help = "Run a benchmark and print its figures (parse, extract, imports, pages, export…)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Which benchmark: " + ", ".join(available()))
        parser.add_argument("--size", type=int, default=None, help="Data size, where it applies.")
        parser.add_argument(
            "--repeat", type=int, default=None, help="Repetitions, where it applies."
        )
        parser.add_argument(
            "--folder",
            default=None,
            help="corpus: score a folder of saved pages (NAME.html, NAME.gold.txt, "
            "NAME.paste.txt).",
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="stories: also time a full rebuild."
        )

    def handle(self, *args, name: str, **options):
        if name not in available():
            raise CommandError(f"No benchmark {name!r}; choose from {', '.join(available())}.")
        module = importlib.import_module(f"articles.benchmarks.{name}")
        module.run(self.stdout, options)
