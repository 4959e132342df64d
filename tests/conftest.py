"""Fixtures shared by the whole suite: users per role, the registry, the seed article, a browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "seed" / "000_19e94b5d51f8bfbe.txt"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Django's live_server runs in a thread beside the sync Playwright API's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Compile the translation catalogues when a .po is newer than its .mo (or has none).

    scripts/install compiles them; this keeps a suite run after editing a .po (or in a
    fresh checkout without the install step) testing the translations as written.
    """
    locale = Path(__file__).resolve().parent.parent / "locale"
    stale = [
        po
        for po in locale.glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        import subprocess
        import sys

        subprocess.run(
            [sys.executable, "manage.py", "compilemessages", "--ignore=.venv", "--verbosity=0"],
            cwd=locale.parent,
            check=True,
        )


@pytest.fixture(autouse=True)
def _fresh_registry_cache():
    """Each test sees its own database's sources, not a registry cached by an earlier test
    whose rows were rolled back."""
    from articles.services import extraction

    extraction._cache.clear()
    yield
    extraction._cache.clear()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article exactly as the desk pasted it."""
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def registry(db):
    """The starter source registry, loaded into the test database."""
    from articles.services.registry import load_starter_sources

    load_starter_sources()
    from articles.models import Source

    return Source.objects.all()


@pytest.fixture
def researcher(db):
    from tests.factories import ResearcherFactory

    return ResearcherFactory(username="rita")


@pytest.fixture
def desk_admin(db):
    from tests.factories import DeskAdminFactory

    return DeskAdminFactory(username="ada")


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def admin_client_desk(client, desk_admin):
    client.force_login(desk_admin)
    return client


@pytest.fixture
def seed_article(registry, researcher, seed_text):
    """The seed article, imported through the real import service."""
    from articles.models import Article
    from articles.services.imports import import_article

    return import_article(
        seed_text, input_kind=Article.InputKind.PASTE_TEXT, user=researcher
    ).article


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests save screenshots for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session", autouse=True)
def _patient_browser_assertions():
    """Playwright's `expect` waits up to 15 s (default 5 s): the suite shares two cores with
    the live server, Chromium and the database, and a slow answer is not a wrong one."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The browser's language: English unless NEWSDESK_BROWSER_LOCALE says otherwise.

    `NEWSDESK_BROWSER_LOCALE=fr-FR pytest -m browser` drives every page in French (the
    layout and accessibility checks then run on the French interface).
    """
    locale = os.environ.get("NEWSDESK_BROWSER_LOCALE", "")
    return {**browser_context_args, **({"locale": locale} if locale else {})}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def login(live_server):
    """Log a Playwright page in through the real login form: `login(page, user)`."""

    def do_login(page, user, password: str = "pw-for-tests"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do_login


def pytest_collection_modifyitems(config, items):
    """Deselect (never skip) tests marked `postgresql` when the suite runs on another database.

    They exercise PostgreSQL's own tools (pg_dump, pg_restore); CI's PostgreSQL run executes
    them, and the terminal summary says how many were left out here and why.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("postgresql") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        config._newsdesk_postgresql_only = len(left_out)


def pytest_terminal_summary(terminalreporter, config):
    """Say which tests were deselected for running on SQLite."""
    left_out = getattr(config, "_newsdesk_postgresql_only", 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} PostgreSQL-only test(s) deselected (backup and restore with "
            "pg_dump/pg_restore): run with DATABASE_URL=postgres://... to execute them."
        )
