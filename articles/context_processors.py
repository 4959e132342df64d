"""Template context shared by every page."""

from django.conf import settings

from articles.roles import is_desk_admin


def roles(request):
    """`is_desk_admin` for showing admin-only actions, and the desk's name."""
    user = getattr(request, "user", None)
    cached = {}

    def admin() -> bool:
        if "value" not in cached:
            cached["value"] = bool(user and is_desk_admin(user))
        return cached["value"]

    return {"is_desk_admin": admin, "desk_name": settings.NEWSDESK_DESK_NAME}


def desk_counts(request):
    """The navigation bar's counts (open assignments, unread notifications): one query, made
    only when a page shows them."""
    user = getattr(request, "user", None)
    cached: dict = {}

    def counts() -> dict:
        if "value" not in cached:
            from articles.selectors import nav_counts

            cached["value"] = nav_counts(user) if user and user.is_authenticated else {}
        return cached["value"]

    return {"desk_counts": counts}
