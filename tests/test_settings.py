"""Settings come from the environment; production refuses to start without what it needs."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The suite's own DJANGO_ALLOW_ASYNC_UNSAFE (for live_server) is no production setting.
    unset = {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, **env},
        timeout=120,
    )


def test_production_refuses_without_secret_key_and_hosts():
    result = manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_refuses_without_allowed_hosts():
    result = manage("check", DJANGO_ENV="production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr and "SECRET_KEY" not in result.stderr.split("needs")[1]


def test_production_refuses_debug_on():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="desk.example",
        DEBUG="1",
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="desk.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_serves_static_through_whitenoise():
    program = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.STORAGES['staticfiles']['BACKEND']);"
        "print('whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE);"
        "print(settings.DEBUG)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "desk.example",
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    backend, middleware, debug = result.stdout.split()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert middleware == "True"
    assert debug == "False"


def test_database_url_selects_postgresql():
    program = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DATABASE_URL": "postgres://desk@db.example:5432/newsdesk",
    }
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_default_is_sqlite_with_debug(settings):
    # The suite itself runs on whatever DATABASE_URL says; check the no-variable default.
    program = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr


def site_url(**env: str) -> subprocess.CompletedProcess:
    return manage("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)", **env)


def test_site_url_defaults_to_the_first_named_host_in_production():
    prod = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60}
    result = site_url(**prod, ALLOWED_HOSTS=".example.org,desk.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://desk.example.org"


def test_site_url_refuses_a_loopback_address_in_production():
    result = site_url(
        DJANGO_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="desk.example.org",
        SITE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode != 0 and "SITE_URL is a loopback address" in result.stderr


def test_site_url_must_be_an_http_address():
    result = site_url(SITE_URL="desk.example.org")
    assert result.returncode != 0 and "SITE_URL must be an http(s) address" in result.stderr
    shown = site_url(SITE_URL="https://desk.example.org/").stdout.strip().splitlines()[-1]
    assert shown == "https://desk.example.org"
