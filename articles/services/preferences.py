"""The interface language a person chose: saved on the account, carried in the session.

The account keeps the choice (UserPreference); the session carries it, so the
middleware that applies it (articles.middleware.UserLanguageMiddleware) costs no
query. The session learns it at login and whenever the person switches.
"""

from __future__ import annotations

from django.conf import settings

from articles.models import UserPreference

SESSION_KEY = "newsdesk_language"
LANGUAGE_CODES = frozenset(code for code, _ in settings.LANGUAGES)


def saved_language(user) -> str:
    """The language saved on the account, or "" (follow the browser)."""
    pref = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return pref if pref in LANGUAGE_CODES else ""


def remember_at_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: put the account's language in the new session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = saved_language(user)


def choose_language(request, language: str) -> str:
    """Save `language` ("" = the browser's) for this session and, when logged in, the account."""
    language = language if language in LANGUAGE_CODES else ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = language
    return language


def language_for(user) -> str:
    """The language to write to `user` in when no request says it (notifications, e-mails,
    background work): the account's, else the desk's default.

        with translation.override(language_for(user)):
            body = render_to_string("notifications/assigned.txt", ctx)
    """
    if user is None:
        return settings.LANGUAGE_CODE
    return saved_language(user) or settings.LANGUAGE_CODE
