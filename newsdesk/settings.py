"""Newsdesk settings, read from the environment.

With nothing set, Newsdesk runs for a laptop: SQLite in `db.sqlite3`, DEBUG on.
`DJANGO_ENV=production` turns DEBUG off and refuses to start without
`SECRET_KEY` and `ALLOWED_HOSTS`. Every variable is listed in README.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs {' and '.join(missing)} in the environment."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production cannot run with DEBUG on.")
else:
    SECRET_KEY = SECRET_KEY or "django-insecure-newsdesk-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# E-mail (notification digests): printed to the console on a laptop; in production an SMTP
# server from the environment (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS), or any backend named by EMAIL_BACKEND.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsdesk@localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    # Before django_tasks_db: its `db_worker` command (heartbeats, recovery of tasks whose
    # worker died) replaces the stock one; a management command's first app wins.
    "articles",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "csp",
    "django_prometheus",
    "ninja",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "newsdesk.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (the language cookie and session), before CommonMiddleware (which may
    # redirect and must answer in the chosen language). URLs carry no language prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The language saved on the account wins over the browser's, once the user is known.
    "articles.middleware.UserLanguageMiddleware",
    "articles.middleware.DeskMemberRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: refusals it answers itself still get the CSP header, the user and the nonce.
    "articles.middleware.RequestParametersMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "articles.context_processors.roles",
                "articles.context_processors.desk_counts",
            ],
        },
    },
]

SILENCED_SYSTEM_CHECKS: list[str] = []

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes (the local demo runs both).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The match keys' index carries the claim and article ids on PostgreSQL (an index-only
    # scan); SQLite has no such columns in an index and keeps a plain one, as intended.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the desk's queries are short, and a page query the planner costs high (a
    # filter with a subquery per claim) spent 15-120 ms compiling for a 10 ms run (see
    # docs/search-performance.md). PostgreSQL's own docs advise it off for such loads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's model backend, reading the user's and their groups' permissions in one query.
AUTHENTICATION_BACKENDS = ["newsdesk.auth.ModelBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:article_list"
LOGOUT_REDIRECT_URL = "login"

# The interface speaks English and French: the browser's Accept-Language picks one, the
# switch in the navigation bar (a cookie, and the account's preference) overrides it.
# LANGUAGE_CODE is what a browser that asks for neither gets.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and time formats per language (`27 décembre 2025 à 14 h 01`), over Django's own.
FORMAT_MODULE_PATH = ["newsdesk.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work (bulk imports, re-extraction, large exports): a database-backed
# queue, run by `python manage.py db_worker`. TASKS_IMMEDIATE=1 runs tasks in the
# web process instead (tests, a demo without a worker).
TASKS_IMMEDIATE = env_bool("TASKS_IMMEDIATE", False)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Workers beat every NEWSDESK_WORKER_HEARTBEAT_SECONDS; a running task whose worker has been
# silent for NEWSDESK_WORKER_LEASE_SECONDS was cut off and is queued again, at most
# NEWSDESK_TASK_MAX_ATTEMPTS times in all (see articles/services/workers.py).
NEWSDESK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("NEWSDESK_WORKER_HEARTBEAT_SECONDS", "10"))
NEWSDESK_WORKER_LEASE_SECONDS = float(os.environ.get("NEWSDESK_WORKER_LEASE_SECONDS", "60"))
NEWSDESK_TASK_MAX_ATTEMPTS = int(os.environ.get("NEWSDESK_TASK_MAX_ATTEMPTS", "3"))
if not 0 < NEWSDESK_WORKER_HEARTBEAT_SECONDS * 2 <= NEWSDESK_WORKER_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "NEWSDESK_WORKER_LEASE_SECONDS must be at least twice NEWSDESK_WORKER_HEARTBEAT_SECONDS "
        "(and both above zero), or live workers would be taken for dead ones."
    )
# /readyz reports the queue stalled when a task has waited this long and no worker has
# started one for as long.
NEWSDESK_QUEUE_STALL_SECONDS = float(os.environ.get("NEWSDESK_QUEUE_STALL_SECONDS", "300"))

# Prometheus metrics at /metrics (django-prometheus for requests and latencies, plus the
# task queue and import counts). With NEWSDESK_METRICS_TOKEN set, a scraper sends
# `Authorization: Bearer <token>`; without it, /metrics answers only in development and
# only to loopback, and is off (404) in production, where a proxy on the same host would
# make every visitor look like loopback.
NEWSDESK_METRICS_TOKEN = os.environ.get("NEWSDESK_METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False

# Reverting a claim from the admin's history would restore an old version number and
# let stale edit forms through the optimistic lock; history stays read-only.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Newsdesk limits.
NEWSDESK_MAX_INPUT_BYTES = int(os.environ.get("NEWSDESK_MAX_INPUT_BYTES", str(2 * 1024 * 1024)))
NEWSDESK_DESK_NAME = os.environ.get("NEWSDESK_DESK_NAME", "Newsdesk")
# The desk's public address: links to claims in reports and exports use it, never the
# host a request came in by (behind a proxy that is often a loopback address).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL:
    _site = urlsplit(SITE_URL)
    if _site.scheme not in ("http", "https") or not _site.hostname:
        raise ImproperlyConfigured(
            "SITE_URL must be an http(s) address such as https://desk.example.org, "
            f"not {SITE_URL!r}."
        )
    if PRODUCTION and (_site.hostname in ("localhost", "::1") or _site.hostname.startswith("127.")):
        raise ImproperlyConfigured(
            "SITE_URL is a loopback address; in production give the desk's public address."
        )
elif PRODUCTION:
    # The first named host (not a wildcard) is the public address unless told otherwise.
    _named = [h for h in ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")]
    if not _named:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SITE_URL (e.g. https://desk.example.org)."
        )
    SITE_URL = f"https://{_named[0]}"
else:
    SITE_URL = "http://localhost:8000"

# A paste sends its plain text and the clipboard's HTML together; both may reach the limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * NEWSDESK_MAX_INPUT_BYTES + 512 * 1024
# A researcher may select a whole folder of articles on the import page.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
# URL imports never reach private, loopback or cloud-metadata addresses. Tests turn this on
# to fetch from their own server on 127.0.0.1 (loopback only; private ranges stay refused).
NEWSDESK_FETCH_ALLOW_LOOPBACK = env_bool("NEWSDESK_FETCH_ALLOW_LOOPBACK", False)
# API export jobs (and their files) are deleted by `run_schedule` after this many days.
NEWSDESK_EXPORT_JOB_DAYS = int(os.environ.get("NEWSDESK_EXPORT_JOB_DAYS", "7"))
if PRODUCTION and NEWSDESK_FETCH_ALLOW_LOOPBACK:
    raise ImproperlyConfigured(
        "NEWSDESK_FETCH_ALLOW_LOOPBACK lets URL imports reach this server itself; "
        "it is for tests only and refused with DJANGO_ENV=production."
    )

# Content Security Policy (django-csp 4): scripts only from us, with a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Probes and scrapers inside the network speak plain HTTP to the web process.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way commitment for the whole domain; the operator opts in.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# Logs: JSON lines (python-json-logger) in production, readable lines in development; every
# line logged while a request is served carries its request id (X-Request-ID).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
# One line per request (method, path, status, duration); production has no runserver log.
NEWSDESK_ACCESS_LOG = env_bool("NEWSDESK_ACCESS_LOG", PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsdesk.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # trafilatura logs an ERROR for every clipboard fragment too short to be a page;
    # the import already answers those with a message of its own.
    "loggers": {"trafilatura": {"level": "CRITICAL"}, "htmldate": {"level": "CRITICAL"}},
}
