"""Desk membership, and the request parameters every view reads."""

from __future__ import annotations

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from articles.params import find_control_character, without_control_characters
from articles.roles import is_desk_member

# The operations endpoints answer probes and scrapers, whoever is logged in; the language
# switch and the JavaScript strings serve the login and refusal pages too.
OPEN_PREFIXES = (
    "/accounts/",
    "/admin/",
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/jsi18n/",
    "/language/",
)


class DeskMemberRequiredMiddleware:
    """After login (LoginRequiredMiddleware), require the Researchers or Admins role.

    The Django admin and the account pages keep their own checks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not is_desk_member(user)
        ):
            raise PermissionDenied(_("This account has no role on the desk; ask a desk admin."))
        return self.get_response(request)


class UserLanguageMiddleware:
    """After login, the language saved on the account wins over the browser's.

    LocaleMiddleware (earlier) picked the language from the switch's cookie or the
    browser's Accept-Language; a saved preference, carried in the session since login
    (articles.services.preferences), replaces it. No query: the session is loaded anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from articles.services.preferences import LANGUAGE_CODES, SESSION_KEY

        if request.path.startswith("/api/"):
            # The API is a machine format: its messages stay English whatever the client asks.
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        elif request.user.is_authenticated:
            chosen = request.session.get(SESSION_KEY)
            if chosen in LANGUAGE_CODES:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class RequestParametersMiddleware:
    """The one place request parameters are checked before any view or database sees them.

    - A query string (searches, filters, report parameters) with a control character
      (NUL and the like) is refused with a 400 page that names the parameter.
    - Submitted forms lose their control characters (no person typed them; PostgreSQL
      refuses NUL in any text).
    - A request over the size or file-count limits gets the desk's own 400 page, with
      DEBUG on too (Django would show its debug page).

    Sits after the CSP middleware, so its pages carry the policy and a nonce.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            bad = find_control_character(request.GET)
            if bad is not None:
                return refusal(request, "control", name=bad)
            if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
                request.POST = without_control_characters(request.POST)
                request.FILES  # noqa: B018 (parsed here, so a limit is refused here)
        except TooManyFilesSent:
            return refusal(request, "files")
        except TooManyFieldsSent:
            return refusal(request, "fields")
        except RequestDataTooBig:
            return refusal(request, "size")
        return self.get_response(request)


def refusal(request, reason: str, **context):
    """The desk's 400 page, saying what was wrong with the request and what to do."""
    from django.conf import settings

    context.update(
        reason=reason,
        max_files=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        max_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        max_mb=settings.NEWSDESK_MAX_INPUT_BYTES / 1_048_576,
    )
    return render(request, "400.html", context, status=400)
