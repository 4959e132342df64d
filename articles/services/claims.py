"""Every write a researcher makes to a claim: one transaction each, optimistic locking, history.

Each edit carries the claim `version` the researcher saw. If a colleague saved the
claim since, the edit is refused with `ClaimConflict` (which says what changed), so
a save never silently overwrites someone else's. A successful edit bumps the
version, marks the claim `curated` (re-extraction keeps it) and is recorded by
django-simple-history with the user who made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.extraction.anchor import quote_selector, reanchor
from articles.models import (
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    Note,
    Notification,
    Source,
    Tag,
    Webhook,
)
from articles.params import parse_id, parse_ids
from articles.roles import is_desk_admin
from articles.selectors import Change, changes_since
from articles.services import desk, saved_searches, webhooks
from articles.services.notifications import notify
from articles.services.permissions import check_can_change_note

EDITABLE_FIELDS = {
    "status",
    "credibility",
    "reliability_override",
    "stance",
    "cue_text",
    "cue_kind",
    "direct_quote",
    "is_rejected",
}
# Setting any of these is reviewing the claim: the reliability letter seen then is kept.
ASSESSING_FIELDS = {"status", "credibility", "reliability_override"}
MAX_NOTE_LENGTH = 20_000
MAX_TAG_LENGTH = 100


class ClaimEditError(ValueError):
    """An edit that cannot be made; the message says why and what to do."""


class ClaimConflict(Exception):
    """A colleague saved the claim after the version this edit was based on."""

    def __init__(self, claim: Claim, seen_version: int):
        super().__init__(
            _("This claim was changed by someone else (version %(seen)s → %(now)s).")
            % {"seen": seen_version, "now": claim.version}
        )
        self.claim = claim
        self.seen_version = seen_version

    @property
    def changes(self) -> list[Change]:
        return changes_since(self.claim, self.seen_version)


# -- locking ------------------------------------------------------------------


def _locked(claim_id: int, version: int | str | None) -> Claim:
    """The claim, locked for this transaction; ClaimConflict if its version moved on."""
    # Lock the claim's row only (not its article's), and leave the raw input unread.
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("article")
        .defer("article__raw_input", "article__raw_bytes")
        .get(pk=claim_id)
    )
    try:
        seen = int(version)
    except (TypeError, ValueError):
        raise ClaimEditError(_("The form had no claim version; reload the claim.")) from None
    if claim.version != seen:
        raise ClaimConflict(claim, seen)
    return claim


def _touch(claim: Claim, user) -> None:
    """Bump the version and mark the claim as curated, recording who did it."""
    claim.version += 1
    claim.curated = True
    _by(claim, user).save()


def freeze_assessment(claim: Claim) -> None:
    """Keep with the claim the reliability letter the researcher sees as they review it.

    A claim back to unreviewed with no grade set is not an assessment any more.
    """
    untouched = (
        claim.status.slug == ClaimStatus.UNREVIEWED
        and claim.credibility is None
        and not claim.reliability_override
    )
    if untouched:
        claim.reviewed_reliability, claim.reviewed_at = "", None
    else:
        claim.reviewed_reliability, claim.reviewed_at = claim.reliability(), timezone.now()


def _id_list(value) -> list[int]:
    """[the id] for a `pk__in` filter, or [] when `value` is not a row id."""
    pk = parse_id(value)
    return [] if pk is None else [pk]


def _existing(model, pk, message: str):
    """The row, or a ClaimEditError saying a colleague removed it (not a server error)."""
    found = model.objects.filter(pk__in=_id_list(pk)).first()
    if found is None:
        raise ClaimEditError(message)
    return found


def _by(obj, user):
    """Record `user` (and the API token it used, if any) in the history of `obj`'s save."""
    obj._history_user = user
    token_name = getattr(user, "api_token_name", "")
    if token_name:
        obj._change_reason = f"API token “{token_name}”"[:100]
    return obj


# -- the claim's own fields ---------------------------------------------------


def _check_fields(changes: dict) -> dict:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ClaimEditError(
            _("These fields cannot be edited here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    clean = dict(changes)
    if "credibility" in clean:
        value = clean["credibility"]
        if value in ("", None):
            clean["credibility"] = None
        else:
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = 0
            if value not in dict(CREDIBILITY_GRADES):
                raise ClaimEditError(_("Credibility is a number from 1 to 6."))
            clean["credibility"] = value
    if "reliability_override" in clean:
        letter = (clean["reliability_override"] or "").strip().upper()
        if letter and letter not in dict(RELIABILITY_GRADES):
            raise ClaimEditError(
                _("Reliability is a letter from A to F (or empty for the source's).")
            )
        clean["reliability_override"] = letter
    if "stance" in clean and clean["stance"] not in Claim.Stance.values:
        raise ClaimEditError(_("Unknown stance."))
    if "cue_kind" in clean and clean["cue_kind"] not in Claim.CueKind.values:
        raise ClaimEditError(_("Unknown cue kind."))
    if "cue_text" in clean:
        clean["cue_text"] = (clean["cue_text"] or "").strip()[:200]
    if "status" in clean and not isinstance(clean["status"], ClaimStatus):
        status = ClaimStatus.objects.filter(
            Q(slug=str(clean["status"])) | Q(pk__in=_id_list(clean["status"]))
        ).first()
        if status is None:
            raise ClaimEditError(_("Unknown status."))
        clean["status"] = status
    return clean


@transaction.atomic
def update_claim(claim_id: int, *, version, user, **changes) -> Claim:
    """Change some of a claim's fields (status, grade, stance, cue, rejected...)."""
    clean = _check_fields(changes)
    claim = _locked(claim_id, version)
    previous_status = claim.status
    status_changed = "status" in clean and clean["status"].pk != claim.status_id
    for name, value in clean.items():
        setattr(claim, name, value)
    if ASSESSING_FIELDS & set(clean):
        freeze_assessment(claim)
    if status_changed:  # first, so the history lists the status change above it
        desk.status_set(claim, previous_status, user)
    _touch(claim, user)
    if status_changed:
        webhooks.claim_event(Webhook.Event.STATUS_CHANGED, [claim.pk])
    if ASSESSING_FIELDS & set(clean):
        desk.close_assignments([claim.pk], user)
    return claim


def reject_claim(claim_id: int, *, version, user, rejected: bool = True) -> Claim:
    """Hide a claim from default views; kept, so re-extraction does not bring it back."""
    return update_claim(claim_id, version=version, user=user, is_rejected=rejected)


@transaction.atomic
def set_span(claim_id: int, *, version, user, start: int, end: int, exact: str = "") -> Claim:
    """Move a claim's span to `text[start:end]`, storing quote, prefix and suffix afresh.

    `exact` is the text the browser saw, checked as for a new claim.
    """
    claim = _locked(claim_id, version)
    start, end = _anchored(claim.article.text, start, end, exact)
    selector = quote_selector(claim.article.text, start, end)
    claim.start, claim.end = start, end
    claim.quote, claim.prefix, claim.suffix = (
        selector["exact"],
        selector["prefix"],
        selector["suffix"],
    )
    if claim.content_start is not None and not (start <= claim.content_start < end):
        claim.content_start = claim.content_end = None
    _touch(claim, user)
    return claim


def _check_span(text: str, start, end) -> tuple[int, int]:
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ClaimEditError(
            _("The span's offsets are not numbers; select the text again.")
        ) from None
    if not (0 <= start < end <= len(text)):
        raise ClaimEditError(_("The selection is empty or outside the article's text."))
    # Leading and trailing blanks are not part of a claim.
    while start < end and start < len(text) and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not (0 <= start < end <= len(text)):
        raise ClaimEditError(_("The selection is empty or outside the article's text."))
    return start, end


def _anchored(text: str, start, end, exact: str = "") -> tuple[int, int]:
    """The checked span; when `text[start:end]` is not the `exact` quote the browser saw
    (a stale page), the quote found near `start`, else a ClaimEditError."""
    start, end = _check_span(text, start, end)
    exact = (exact or "").strip()
    if exact and text[start:end] != exact:
        found = reanchor(text, exact, hint_start=start)
        if found is None or text[found[0] : found[1]] != exact:
            raise ClaimEditError(
                _(
                    "The selected text is not in this article's text; reload the page and "
                    "select again."
                )
            )
        start, end = found
    return start, end


# -- new claims -----------------------------------------------------------------


@transaction.atomic
def create_claim(
    article: Article,
    *,
    user,
    start,
    end,
    exact: str = "",
    source_ids: Iterable[int] = (),
    mention: str = "",
) -> Claim:
    """A claim a researcher found by selecting text.

    `exact` is the text the browser saw; if the offsets do not give that text
    (the page was stale), the quote is re-anchored in the article's text.
    """
    text = article.text
    start, end = _anchored(text, start, end, exact)
    selector = quote_selector(text, start, end)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        quote=selector["exact"],
        prefix=selector["prefix"],
        suffix=selector["suffix"],
        origin=Claim.Origin.MANUAL,
        curated=True,
        author=user,
        status=ClaimStatus.default(),
        stance=Claim.Stance.UNKNOWN,
        cue_kind=Claim.CueKind.NONE,
    )
    _by(claim, user).save()
    sources = list(Source.objects.filter(pk__in=parse_ids(source_ids)))
    for position, source in enumerate(sources):
        _by(
            Attribution(claim=claim, mention=source.name, source=source, position=position), user
        ).save()
    if mention.strip() and not sources:
        _by(Attribution(claim=claim, mention=mention.strip()[:500], source=None), user).save()
    webhooks.claim_event(Webhook.Event.CLAIM_CREATED, [claim.pk])
    saved_searches.claims_created([claim.pk])
    return claim


# -- tags -----------------------------------------------------------------------


def find_or_create_tag(name: str, *, can_create: bool) -> Tag:
    """The tag called `name` (case aside), created if the user may add tags."""
    name = " ".join((name or "").split())[:MAX_TAG_LENGTH]
    if not name:
        raise ClaimEditError(_("Type a tag name."))
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        slug = slugify(name)[:MAX_TAG_LENGTH]
        tag = Tag.objects.filter(slug=slug).first() if slug else None
    if tag is not None:
        return tag
    if not can_create:
        raise ClaimEditError(
            _("There is no tag “%(name)s”, and you may not create tags.") % {"name": name}
        )
    return Tag.objects.create(name=name)


@transaction.atomic
def add_tag(claim_id: int, *, version, user, name: str, can_create: bool) -> Claim:
    claim = _locked(claim_id, version)
    tag = find_or_create_tag(name, can_create=can_create)
    _touch(claim, user)
    claim._history_user = user
    claim.tags.add(tag)
    return claim


@transaction.atomic
def remove_tag(claim_id: int, *, version, user, tag_id) -> Claim:
    claim = _locked(claim_id, version)
    _touch(claim, user)
    claim._history_user = user
    claim.tags.remove(*Tag.objects.filter(pk__in=_id_list(tag_id)))
    return claim


# -- notes ----------------------------------------------------------------------


def _check_note(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ClaimEditError(_("The note is empty."))
    if len(body) > MAX_NOTE_LENGTH:
        raise ClaimEditError(
            _("A note is at most %(max)d characters; split it.") % {"max": MAX_NOTE_LENGTH}
        )
    return body


# `@name` where name is a username (letters, digits and . + - _); an e-mail address's `@`
# follows a letter, so it is not a mention.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")


def mentioned_users(body: str) -> list:
    """The desk members a note mentions; ClaimEditError naming any `@name` that is nobody."""
    names = list(dict.fromkeys(m.lower() for m in MENTION.findall(body)))
    if not names:
        return []
    users = {
        u.username.lower(): u
        for u in get_user_model()
        .objects.filter(is_active=True)
        .filter(username__iregex=r"^(" + "|".join(re.escape(n) for n in names) + r")$")
    }
    unknown = [n for n in names if n not in users or not desk.can_work_claims(users[n])]
    if unknown:
        listed = ", ".join(f"@{n}" for n in unknown)
        raise ClaimEditError(
            _(
                "Nobody on the desk is called %(names)s: check the name (the list under the "
                "note suggests names as you type), or write it without the @."
            )
            % {"names": listed}
        )
    return [users[n] for n in names]


def _note_excerpt(body: str) -> str:
    return " ".join(body.split())[:120]


@transaction.atomic
def add_note(claim_id: int, *, version, user, body: str, parent_id=None) -> Note:
    """A note, or a reply to one (a reply to a reply answers the same note); the people it
    mentions and the author of the note it answers are notified."""
    body = _check_note(body)
    mentioned = mentioned_users(body)
    claim = _locked(claim_id, version)
    parent = None
    if parent_id not in (None, ""):
        parent = Note.objects.filter(pk__in=_id_list(parent_id), claim=claim).first()
        if parent is None:
            raise ClaimEditError(_("The note you answer was deleted meanwhile; reload the claim."))
        if parent.parent_id:
            parent = parent.parent
    _touch(claim, user)  # first, so the history lists this edit before its parts
    note = _by(Note(claim=claim, body=body, author=user, parent=parent), user)
    note.save()
    excerpt = _note_excerpt(body)
    notify(mentioned, Notification.Kind.MENTION, actor=user, claim=claim, detail=excerpt)
    if (
        parent is not None
        and parent.author_id
        and parent.author_id not in {u.pk for u in mentioned}
    ):
        notify([parent.author_id], Notification.Kind.REPLY, actor=user, claim=claim, detail=excerpt)
    return note


@transaction.atomic
def edit_note(note_id: int, *, version, user, body: str) -> Note:
    body = _check_note(body)
    note = _existing(Note, note_id, _("This note was deleted meanwhile; reload the claim."))
    check_can_change_note(user, note)
    check_edit_window(user, note)
    before = {u.pk for u in mentioned_users(note.body)} if MENTION.search(note.body) else set()
    mentioned = mentioned_users(body)
    claim = _locked(note.claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    note.body = body
    _by(note, user).save()
    notify(
        [u for u in mentioned if u.pk not in before],
        Notification.Kind.MENTION,
        actor=user,
        claim=claim,
        detail=_note_excerpt(body),
    )
    return note


def check_edit_window(user, note: Note) -> None:
    """An author edits a note within Note.EDIT_WINDOW_MINUTES of writing it (admins always)."""
    limit = timedelta(minutes=Note.EDIT_WINDOW_MINUTES)
    if not is_desk_admin(user) and timezone.now() - note.created > limit:
        raise ClaimEditError(
            _(
                "A note can be edited for %(minutes)d minutes after it is written; add a reply "
                "instead."
            )
            % {"minutes": Note.EDIT_WINDOW_MINUTES}
        )


@transaction.atomic
def set_note_resolved(note_id: int, *, version, user, resolved: bool) -> Note:
    """Mark a discussion (a note and its replies) resolved, or open it again."""
    note = _existing(Note, note_id, _("This note was deleted meanwhile; reload the claim."))
    if note.parent_id:
        note = note.parent
    claim = _locked(note.claim_id, version)
    _touch(claim, user)
    note.resolved = bool(resolved)
    _by(note, user).save()
    return note


@transaction.atomic
def delete_note(note_id: int, *, version, user) -> Claim:
    note = _existing(Note, note_id, _("This note was deleted meanwhile; reload the claim."))
    check_can_change_note(user, note)
    claim = _locked(note.claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    _by(note, user).delete()
    return claim


# -- attributions ----------------------------------------------------------------


def _source(source_id) -> Source | None:
    if source_id in (None, ""):
        return None
    source = Source.objects.filter(pk__in=_id_list(source_id)).first()
    if source is None:
        raise ClaimEditError(_("Unknown source; pick one from the registry."))
    return source


@transaction.atomic
def add_attribution(claim_id: int, *, version, user, source_id=None, mention: str = "") -> Claim:
    """Add who makes the claim: a registry source, or a mention left unresolved."""
    claim = _locked(claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    source = _source(source_id)
    mention = (mention or "").strip()[:500] or (source.name if source else "")
    if not mention:
        raise ClaimEditError(_("Pick a source or type who makes the claim."))
    position = claim.attributions.count()
    _by(Attribution(claim=claim, mention=mention, source=source, position=position), user).save()
    return claim


@transaction.atomic
def change_attribution(attribution_id: int, *, version, user, source_id=None) -> Claim:
    """Resolve a mention to a registry source, or change the source it resolves to."""
    attribution = _existing(
        Attribution, attribution_id, _("This source was removed meanwhile; reload the claim.")
    )
    claim = _locked(attribution.claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    attribution.source = _source(source_id)
    _by(attribution, user).save()
    return claim


@transaction.atomic
def remove_attribution(attribution_id: int, *, version, user) -> Claim:
    attribution = _existing(
        Attribution, attribution_id, _("This source was removed meanwhile; reload the claim.")
    )
    claim = _locked(attribution.claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    _by(attribution, user).delete()
    return claim


# -- links between claims -----------------------------------------------------------


@transaction.atomic
def add_link(claim_id: int, *, version, user, to_claim_id, kind: str) -> ClaimLink:
    claim = _locked(claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    if kind not in ClaimLink.Kind.values:
        raise ClaimEditError(
            _("Pick how the claims relate: corroborates, contradicts, repeats, cites.")
        )
    target = Claim.objects.filter(pk__in=_id_list(to_claim_id)).first()
    if target is None:
        raise ClaimEditError(_("Pick the claim to link to."))
    if target.pk == claim.pk:
        raise ClaimEditError(_("A claim cannot be linked to itself."))
    link = ClaimLink.objects.filter(from_claim=claim, to_claim=target, kind=kind).first()
    if link is None:
        link = _by(ClaimLink(from_claim=claim, to_claim=target, kind=kind, author=user), user)
        link.save()
    if kind == ClaimLink.Kind.REPEATS:
        # A repeats link made by hand joins a story as a confirmed suggestion does.
        from articles.services import stories

        stories.join(target, Claim.objects.get(pk=claim.pk))
    return link


@transaction.atomic
def remove_link(link_id: int, *, claim_id: int, version, user) -> Claim:
    claim = _locked(claim_id, version)
    _touch(claim, user)  # first, so the history lists this edit before its parts
    link = ClaimLink.objects.filter(
        Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk), pk=link_id
    ).first()
    if link is None:
        raise ClaimEditError(_("This link is already gone."))
    story_id = claim.story_id if link.kind == ClaimLink.Kind.REPEATS else None
    _by(link, user).delete()
    if story_id:
        from articles.services import stories

        stories.resplit(story_id)
    return claim


# -- bulk edits from the claims page ---------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk edit did: how many claims it changed, and which it left alone."""

    applied: int = 0
    skipped: list[Claim] = field(default_factory=list)


@transaction.atomic
def bulk_update(
    claim_ids: Iterable[int],
    *,
    user,
    status=None,
    tag: Tag | None = None,
    versions: Mapping[int, object] | None = None,
) -> BulkResult:
    """Set a status and/or add a tag on many claims (each change in the claims' history).

    `versions` maps each claim id to the version the researcher's page showed; a
    claim whose version moved on since (a colleague edited it), or whose version
    is missing, is skipped and listed in the result, never overwritten. Without
    `versions` (scripts) nothing is checked.
    """
    if status is None and tag is None:
        raise ClaimEditError(_("Choose a status or a tag to apply."))
    ids = parse_ids(claim_ids)
    if not ids:
        raise ClaimEditError(_("Select at least one claim."))
    result = BulkResult()
    status_changed: list[int] = []
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .select_related("status")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for claim in claims:
        if versions is not None:
            seen = versions.get(claim.pk)
            try:
                seen = int(seen)
            except (TypeError, ValueError):
                seen = None
            if seen != claim.version:
                result.skipped.append(claim)
                continue
        if status is not None and claim.status_id != status.pk:
            previous_status = claim.status
            claim.status = status
            freeze_assessment(claim)
            status_changed.append(claim.pk)
            desk.status_set(claim, previous_status, user)
        _touch(claim, user)
        if tag is not None:
            claim._history_user = user
            claim.tags.add(tag)
        result.applied += 1
    webhooks.claim_event(Webhook.Event.STATUS_CHANGED, status_changed)
    if status is not None:
        desk.close_assignments([c.pk for c in claims if c not in result.skipped], user)
    return result


@transaction.atomic
def change_claim(
    claim_id: int,
    *,
    version,
    user,
    fields: Mapping | None = None,
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
) -> Claim:
    """Fields and tags of one claim in one transaction, checked against `version` once.

    For a caller that sends all its changes at once (the API): either every change is
    made, or none (a conflict or a refused value undoes the others).
    """
    add_tags, remove_tags = list(add_tags), list(remove_tags)
    if not (fields or add_tags or remove_tags):
        raise ClaimEditError(_("Nothing to change."))
    claim = _locked(claim_id, version)
    current = claim.version
    can_create = user.has_perm("articles.add_tag")
    if fields:
        claim = update_claim(claim_id, version=current, user=user, **fields)
        current = claim.version
    for name in add_tags:
        claim = add_tag(claim_id, version=current, user=user, name=name, can_create=can_create)
        current = claim.version
    for name in remove_tags:
        tag = Tag.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if tag is None:
            raise ClaimEditError(_("There is no tag “%(name)s”.") % {"name": name})
        claim = remove_tag(claim_id, version=current, user=user, tag_id=tag.pk)
        current = claim.version
    return claim


def reviewed_claims_touched(source: Source) -> int:
    """How many reviewed claims grade with `source`: those a change of its grade concerns.

    A claim grades with the source when it has no reliability of its own and the
    source is its first resolved source (see Claim.reliability).
    """
    first = (
        Attribution.objects.filter(claim_id=OuterRef("pk"), source__isnull=False)
        .order_by("position", "start", "id")
        .values("source_id")[:1]
    )
    return (
        Claim.objects.filter(reviewed_at__isnull=False, reliability_override="")
        .filter(pk__in=Attribution.objects.filter(source=source).values("claim_id"))
        .annotate(first_source=Subquery(first))
        .filter(first_source=source.pk)
        .count()
    )
