"""Desk membership: a logged-in account with no role sees nothing but a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from articles.roles import is_desk_member

# The operations endpoints answer probes and scrapers, whoever is logged in.
OPEN_PREFIXES = ("/accounts/", "/admin/", "/static/", "/healthz", "/readyz", "/metrics")


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
            raise PermissionDenied("This account has no role on the desk; ask a desk admin.")
        return self.get_response(request)
