"""Load (or top up) the starter source registry."""

from django.core.management.base import BaseCommand

from articles.services.registry import load_starter_sources


class Command(BaseCommand):
    help = "Add the starter sources and aliases for the desk's beat; keeps an admin's edits."

    def handle(self, *args, **options):
        summary = load_starter_sources()
        self.stdout.write(
            f"Sources: {summary.created} created; aliases: {summary.aliases_added} added."
        )
