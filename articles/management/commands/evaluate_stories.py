"""`manage.py evaluate_stories [PAIRS.json] [--errors] [--threshold T]`: score story matching.

Prints precision and recall of match suggestions on a labelled set of claim pairs, for
all pairs, same-language pairs and French/English pairs apart.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction.matching import THRESHOLD
from articles.extraction.matching_eval import evaluate

DEFAULT_PAIRS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "stories" / "pairs.json"


class Command(BaseCommand):
    help = "Precision and recall of story match suggestions on labelled claim pairs."

    def add_arguments(self, parser):
        parser.add_argument("pairs", nargs="?", default=str(DEFAULT_PAIRS))
        parser.add_argument("--errors", action="store_true", help="List each miss and extra.")
        parser.add_argument("--threshold", type=float, default=THRESHOLD)

    def handle(self, *args, pairs: str, errors: bool, threshold: float, **options):
        if not Path(pairs).is_file():
            raise CommandError(f"No such pairs file: {pairs}")
        try:
            scores = evaluate(pairs, threshold=threshold)
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Bad pairs file {pairs}: {exc}") from exc
        self.stdout.write(
            f"{'pairs':<16}{'n':>5}{'precision':>11}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"
        )
        for name, score in scores.items():
            row = score.as_dict()
            self.stdout.write(
                f"{name:<16}{row['pairs']:>5}{row['precision']:>11.3f}{row['recall']:>8.3f}"
                f"{row['tp']:>5}{row['fp']:>5}{row['fn']:>5}"
            )
        if errors:
            for error in scores["all"].errors:
                self.stdout.write(json.dumps(error, ensure_ascii=False))
