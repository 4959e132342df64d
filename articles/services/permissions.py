"""Permission rules that go beyond Django's model permissions, checked by the services so
that every caller (pages, API) meets them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from articles.roles import is_desk_admin


def can_change_note(user, note) -> bool:
    """Only a note's author or a desk admin edits or deletes it."""
    return note.author_id == user.pk or is_desk_admin(user)


def check_can_change_note(user, note) -> None:
    """Refuse (PermissionDenied) an edit of someone else's note by a non-admin."""
    if not can_change_note(user, note):
        raise PermissionDenied(_("Only the note's author or a desk admin can change it."))
