"""`manage.py reextract [--all | ARTICLE_ID ...]`: run claim extraction again.

Automatic claims nobody touched are replaced; curated, rejected and manual
claims are kept and re-anchored (see `articles.services.extraction`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services.extraction import _load_registry, extract_article


class Command(BaseCommand):
    help = "Re-run claim extraction on some articles, or on all of them."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids.")
        parser.add_argument("--all", action="store_true", help="Every article.")

    def handle(self, *args, ids: list[int], all: bool, **options):
        if not ids and not all:
            raise CommandError("Give article ids, or --all.")
        articles = Article.objects.all() if all else Article.objects.filter(pk__in=ids)
        if ids:
            missing = sorted(set(ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        registry = _load_registry()
        totals = {"articles": 0, "created": 0, "deleted": 0, "kept": 0, "lost": 0}
        for article in articles.order_by("pk").iterator(chunk_size=200):
            result = extract_article(article, registry=registry)
            totals["articles"] += 1
            totals["created"] += result.created
            totals["deleted"] += result.deleted
            totals["kept"] += result.kept
            totals["lost"] += len(result.lost)
            if result.lost:
                self.stderr.write(
                    f"article {article.pk}: kept claims {result.lost} no longer match the text"
                )
        self.stdout.write(
            "{articles} articles: {created} claims created, {deleted} replaced, "
            "{kept} kept (curated, rejected or manual), {lost} could not be re-anchored".format(
                **totals
            )
        )
