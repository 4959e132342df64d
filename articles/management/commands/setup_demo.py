"""Prepare a laptop demo: the source registry, demo accounts and the seed article."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, ClaimStatus
from articles.roles import ADMINS, RESEARCHERS, ensure_groups
from articles.services.imports import import_article
from articles.services.registry import load_starter_sources

SEED_DIR = Path(settings.BASE_DIR) / "tests" / "fixtures" / "seed"
DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 — the laptop demo only; refused in production


class Command(BaseCommand):
    help = (
        "Load the registry, create demo accounts and import the seed article (not in production)."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "setup_demo creates accounts with a known password; it does not run with "
                "DJANGO_ENV=production. Use `manage.py createsuperuser` there."
            )
        summary = load_starter_sources()
        self.stdout.write(f"Source registry: {summary.created} sources created.")

        ensure_groups()
        ClaimStatus.ensure_starter()
        User = get_user_model()
        for username, group, superuser in (
            ("admin", ADMINS, True),
            ("researcher", RESEARCHERS, False),
        ):
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group))

        seeds = sorted(SEED_DIR.glob("*.txt"))
        for seed in seeds:
            raw = seed.read_text(encoding="utf-8")
            result = import_article(raw, input_kind=Article.InputKind.PASTE_TEXT)
            state = "imported" if result.created else "already there"
            self.stdout.write(f"Seed article {seed.name}: {state} (id {result.article.pk}).")

        self.stdout.write(
            self.style.SUCCESS(
                "\nLog in at http://127.0.0.1:8000/ as `admin` (desk admin) or `researcher`, "
                f"password `{DEMO_PASSWORD}`."
            )
        )
