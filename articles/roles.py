"""The desk's two roles, as Django groups with permissions (created by a migration).

Researchers read everything, import articles, and create and edit claims,
attributions, tags, notes and links. Admins can do all of that and also keep
the source registry, the tag vocabulary, the status list and the users.
"""

from __future__ import annotations

RESEARCHERS = "Researchers"
ADMINS = "Admins"

_VIEW = ["view"]
_WORK = ["view", "add", "change"]
_ALL = ["view", "add", "change", "delete"]

RESEARCHER_PERMISSIONS: dict[str, list[str]] = {
    "article": _WORK,
    "claim": _WORK,
    "attribution": _ALL,
    "note": _ALL,
    "claimlink": _ALL,
    "tag": ["view", "add"],
    "source": _VIEW,
    "sourcealias": _VIEW,
    "claimstatus": _VIEW,
    "importjob": _WORK,
    "story": _WORK,
    "matchsuggestion": _WORK,
}
ADMIN_PERMISSIONS: dict[str, list[str]] = {
    **dict.fromkeys(RESEARCHER_PERMISSIONS, _ALL),
    "source": _ALL,
    "sourcealias": _ALL,
    "tag": _ALL,
    "claimstatus": _ALL,
}
ADMIN_AUTH_PERMISSIONS: dict[str, list[str]] = {"user": _ALL, "group": ["view"]}


def is_desk_member(user) -> bool:
    """True for superusers and members of either role (cached on the user for the request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_desk_groups"):
        user._desk_groups = set(
            user.groups.filter(name__in=[RESEARCHERS, ADMINS]).values_list("name", flat=True)
        )
    return user.is_superuser or bool(user._desk_groups)


def is_desk_admin(user) -> bool:
    """True for superusers and members of the Admins group."""
    if not user.is_authenticated:
        return False
    is_desk_member(user)
    return user.is_superuser or ADMINS in user._desk_groups


def ensure_groups() -> None:
    """Create the two groups with their permissions if they are missing.

    The migration creates them; this puts them back where a test database was
    flushed, and lets `setup_demo` repair a database where someone deleted them.
    """
    from django.contrib.auth.models import Group, Permission

    def perms(app_label: str, table: dict[str, list[str]]):
        codenames = [f"{action}_{model}" for model, actions in table.items() for action in actions]
        return list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )

    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    if not researchers.permissions.exists():
        researchers.permissions.set(perms("articles", RESEARCHER_PERMISSIONS))
    admins, _ = Group.objects.get_or_create(name=ADMINS)
    if not admins.permissions.exists():
        admins.permissions.set(
            perms("articles", ADMIN_PERMISSIONS) + perms("auth", ADMIN_AUTH_PERMISSIONS)
        )
