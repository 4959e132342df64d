"""Personal API tokens: created and revoked by their user, looked up by hash, rate-limited.

The secret (`nd_` + 43 URL-safe characters, 256 bits) is returned once by
`create_token` and only its SHA-256 hash is stored; a secret this random needs no
slow password hash. A token acts as its user, so the user's role is the ceiling of
what it may do; a read-only token is refused every write.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import ApiToken

PREFIX = "nd_"
MAX_TOKENS_PER_USER = 20
# last_used is written at most this often (seconds), not on every request.
LAST_USED_EVERY = 60


class TokenError(ValueError):
    """A token request that cannot be granted; the message says why."""


class RateLimited(Exception):
    """The token made more requests this minute than it is allowed."""

    def __init__(self, limit: int, retry_after: int):
        super().__init__(
            f"Rate limit reached: this token may make {limit} requests a minute; "
            f"retry in {retry_after} s."
        )
        self.limit = limit
        self.retry_after = retry_after


def hash_secret(secret: str) -> str:
    """The stored form of a token's secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user, *, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name (e.g. “notebook” or “OpenCTI feed”)."))
    if len(name) > 80:
        raise TokenError(_("A token's name is at most 80 characters."))
    if scope not in ApiToken.Scope.values:
        raise TokenError(_("A token is read-only or read-write."))
    if scope == ApiToken.Scope.WRITE and not user.has_perm("articles.change_claim"):
        raise TokenError(_("Your role cannot edit claims, so your tokens are read-only."))
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_TOKENS_PER_USER:
        raise TokenError(
            _("You have %(count)d tokens; revoke one first.") % {"count": MAX_TOKENS_PER_USER}
        )
    if active.filter(name=name).exists():
        raise TokenError(_("You already have a token named “%(name)s”.") % {"name": name})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, prefix=secret[:10], key_hash=hash_secret(secret)
    )
    return token, secret


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (at once: the next request with it gets 401)."""
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        raise TokenError(_("There is no such token."))
    if token.user_id != user.pk:
        raise PermissionDenied(_("Only a token's owner revokes it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (its user loaded), or None."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    token.user.api_token_name = token.name  # recorded in the history of what it writes
    return token


def check_rate(token: ApiToken) -> None:
    """Count one request against the token's per-minute limit; RateLimited when over it.

    A fixed one-minute window in Django's cache: with several web processes, configure a
    shared cache (e.g. Redis or the database cache) so they count together.
    """
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    if count > token.rate_per_minute:
        raise RateLimited(token.rate_per_minute, max(1, int(60 - now % 60)))


def check_write(token: ApiToken, permission: str) -> None:
    """Refuse a write by a read-only token, or one its user's role does not allow."""
    if not token.can_write:
        raise PermissionDenied(
            f"The token “{token.name}” is read-only; writes need a read-write token."
        )
    if not token.user.has_perm(permission):
        raise PermissionDenied("Your role does not allow this.")
