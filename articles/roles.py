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
}
ADMIN_PERMISSIONS: dict[str, list[str]] = {
    **dict.fromkeys(RESEARCHER_PERMISSIONS, _ALL),
    "source": _ALL,
    "sourcealias": _ALL,
    "tag": _ALL,
    "claimstatus": _ALL,
}
ADMIN_AUTH_PERMISSIONS: dict[str, list[str]] = {"user": _ALL, "group": ["view"]}


def is_desk_admin(user) -> bool:
    """True for superusers and members of the Admins group."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINS).exists()
