"""The README's backup and restore procedure, run for real on PostgreSQL: back up, drop the
database, restore, and find everything as it was (pg_dump/pg_restore, then the JSON export
and `manage.py import_export` as the format-independent copy).

These tests drop and recreate the test database itself, so they need PostgreSQL: on SQLite
they are deselected (see conftest.py), and CI's PostgreSQL run executes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection

from articles.models import Article, Claim
from tests.test_export_world import build_world
from tests.test_import_export import snapshot

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# The commands as the README gives them (the test checks they are there, word for word).
PG_DUMP = "pg_dump --format=custom --no-owner --file=newsdesk.dump"
PG_RESTORE = "pg_restore --no-owner --exit-on-error --dbname="
JSON_EXPORT = "manage.py export --format json --include-rejected --output newsdesk.json"
JSON_IMPORT = "manage.py import_export newsdesk.json"

def on_postgresql(test):
    """PostgreSQL only, with the rows committed so pg_dump and the commands see them."""
    return pytest.mark.postgresql(pytest.mark.django_db(transaction=True)(test))


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def run(*command: str, cwd: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url()}
    env.pop("DJANGO_ENV", None)
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


def drop_and_create_database() -> None:
    """What losing the database looks like: it is gone, and an empty one takes its place."""
    s = connection.settings_dict
    name = s["NAME"]
    connection.close()
    with psycopg.connect(
        dbname="postgres",
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s.get("PASSWORD") or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] == 0


def row_counts() -> dict[str, int]:
    """Rows in every table Newsdesk and its libraries keep (the history tables included)."""
    models = apps.get_models(include_auto_created=True)
    return {model._meta.db_table: model._default_manager.count() for model in models}


def claim_sample() -> list[dict]:
    """A sample of claims as a reader sees them: quote, status, grade, sources, tags, notes."""
    sample = []
    for claim in Claim.objects.order_by("pk")[:: max(1, Claim.objects.count() // 10)]:
        sample.append(
            {
                "id": claim.pk,
                "article": claim.article.title,
                "quote": claim.quote,
                "status": claim.status.slug,
                "grade": claim.grade,
                "sources": [
                    a.source.name if a.source else a.mention for a in claim.attributions.all()
                ],
                "tags": sorted(t.slug for t in claim.tags.all()),
                "notes": [n.body for n in claim.notes.all()],
            }
        )
    return sample


@pytest.fixture
def desk(researcher):
    """A desk with work on it: an edited world (grades, tags, notes, links) and articles
    imported through the real import service (cleaning and extraction)."""
    from articles.services.imports import import_article

    build_world(researcher)
    for n in range(1, 8):
        import_article(
            f"Launch number {n}\n\nPyongyang fired {n} missiles on Monday, the Joint Chiefs of "
            f"Staff said. The regime has now carried out {n * 3} tests, according to Yonhap. "
            f"« Nous répondrons », a déclaré l’agence KCNA.\n",
            user=researcher,
        )
    assert Claim.objects.count() > 10 and Article.objects.count() >= 9


def test_the_readme_gives_these_commands():
    for command in (PG_DUMP, PG_RESTORE, JSON_EXPORT, JSON_IMPORT):
        assert command in README, command


@on_postgresql
def test_pg_dump_then_pg_restore_into_an_empty_database_gives_everything_back(desk, tmp_path):
    counts, sample, before = row_counts(), claim_sample(), snapshot()

    run(*PG_DUMP.split(), database_url(), cwd=tmp_path)
    assert (tmp_path / "newsdesk.dump").stat().st_size > 10_000
    drop_and_create_database()
    run(*f"{PG_RESTORE}{database_url()}".split(), "newsdesk.dump", cwd=tmp_path)

    assert row_counts() == counts
    assert claim_sample() == sample
    assert snapshot() == before


@on_postgresql
def test_the_json_export_restores_the_desks_work_into_a_new_database(desk, tmp_path):
    counts, sample, before = row_counts(), claim_sample(), snapshot()

    run(sys.executable, str(ROOT / "manage.py"), *JSON_EXPORT.split()[1:], cwd=tmp_path)
    drop_and_create_database()
    run(sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0", cwd=tmp_path)
    run(sys.executable, str(ROOT / "manage.py"), *JSON_IMPORT.split()[1:], cwd=tmp_path)

    after = row_counts()
    for table in (
        "articles_article",
        "articles_claim",
        "articles_attribution",
        "articles_note",
        "articles_claimlink",
        "articles_source",
        "articles_tag",
        "articles_claim_tags",
    ):
        assert after[table] == counts[table], table
    assert claim_sample() == sample
    assert snapshot() == before
