"""The desk's division of work: assignments, the review step (a second pair of eyes before a
final verdict stands) and blind double grading. Every refusal is a `DeskError` whose message
says what was wrong; every write is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import (
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    Assignment,
    BlindGrade,
    Claim,
    ClaimReview,
    ClaimStatus,
    Notification,
)
from articles.params import parse_id, parse_ids
from articles.services.notifications import notify

MAX_COMMENT_LENGTH = 5_000


class DeskError(ValueError):
    """A desk action that cannot be done; the message says why and what to do."""


def _not_a_researcher() -> str:
    return _(
        "%(name)s does not have the researcher role, so cannot be given claims; ask a desk "
        "admin to add them to the Researchers group."
    )


def can_work_claims(user) -> bool:
    """True for an active user with the researcher role (desk admins have it too)."""
    return bool(user and user.is_active and user.has_perm("articles.change_claim"))


def find_researcher(username: str):
    """The active researcher called `username`; DeskError when there is none."""
    name = (username or "").strip().lstrip("@")
    if not name:
        raise DeskError(_("Choose who to assign the claims to."))
    user = get_user_model().objects.filter(username__iexact=name[:150]).first()
    if user is None:
        raise DeskError(_("There is no user “%(name)s” on the desk.") % {"name": name[:80]})
    if not can_work_claims(user):
        raise DeskError(_not_a_researcher() % {"name": user.get_username()})
    return user


@dataclass
class AssignResult:
    assigned: list[int]
    already: list[int]


@transaction.atomic
def assign(claim_ids: Iterable, *, assignee, by, blind: bool = False) -> AssignResult:
    """Give these claims to `assignee` (a claim already given to them stays as it is)."""
    if not can_work_claims(assignee):
        raise DeskError(_not_a_researcher() % {"name": assignee.get_username()})
    ids = parse_ids(claim_ids)
    if not ids:
        raise DeskError(_("Select at least one claim to assign."))
    found = set(Claim.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if not found:
        raise DeskError(_("None of the selected claims exists any more; reload the page."))
    open_ = set(
        Assignment.objects.filter(
            assignee=assignee, claim_id__in=found, done_at__isnull=True
        ).values_list("claim_id", flat=True)
    )
    new = sorted(found - open_)
    Assignment.objects.bulk_create(
        [Assignment(claim_id=pk, assignee=assignee, assigned_by=by, blind=blind) for pk in new]
    )
    if new:
        notify(
            [assignee],
            Notification.Kind.ASSIGNED,
            actor=by,
            claim=Claim.objects.get(pk=new[0]) if len(new) == 1 else None,
            detail="blind" if blind else "",
            count=len(new),
        )
    return AssignResult(assigned=new, already=sorted(open_))


def assign_article(article_id, *, assignee, by, blind: bool = False) -> AssignResult:
    """Give every visible claim of an article to `assignee`."""
    ids = list(
        Claim.objects.visible()
        .filter(article_id=parse_id(article_id) or 0)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise DeskError(_("This article has no claims to assign."))
    return assign(ids, assignee=assignee, by=by, blind=blind)


def close_assignments(claim_ids: Iterable[int], user, *, blind: bool = False) -> int:
    """The user acted on these claims: their open assignments of that kind are done."""
    return Assignment.objects.filter(
        claim_id__in=list(claim_ids), assignee=user, done_at__isnull=True, blind=blind
    ).update(done_at=timezone.now())


@transaction.atomic
def unassign(assignment_id, *, user) -> None:
    """Give back an assignment (its assignee or whoever assigned it)."""
    assignment = Assignment.objects.filter(
        pk=parse_id(assignment_id) or 0, done_at__isnull=True
    ).first()
    if assignment is None:
        raise DeskError(_("This assignment is already closed."))
    if user.pk not in (assignment.assignee_id, assignment.assigned_by_id):
        raise DeskError(_("Only the assignee or whoever assigned it can give it back."))
    assignment.delete()


# -- the review step --------------------------------------------------------------------


def status_set(claim: Claim, previous: ClaimStatus, user) -> ClaimReview | None:
    """A claim's status changed (inside the edit's transaction): a final status starts a
    review; any other change withdraws the review that was pending."""
    # The claim's row is locked by the edit: its reviews need no lock of their own.
    pending = ClaimReview.objects.filter(claim=claim, state=ClaimReview.State.PENDING).first()
    if pending is not None:
        # Back to where the verdict started from: sending back restores that status.
        previous = pending.previous_status
        pending.state = ClaimReview.State.WITHDRAWN
        pending.decided_at = timezone.now()
        pending.reviewer = user
        pending.save(update_fields=["state", "decided_at", "reviewer"])
    if not claim.status.needs_review:
        return None
    return ClaimReview.objects.create(
        claim=claim, status=claim.status, previous_status=previous, proposed_by=user
    )


@transaction.atomic
def decide_review(claim_id, *, user, approve: bool, comment: str = "") -> ClaimReview:
    """A second researcher approves the verdict, or sends it back with a comment (the claim
    returns to the status it had before)."""
    from articles.services.claims import _by, freeze_assessment

    if not can_work_claims(user):
        raise DeskError(_("Only researchers review claims."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise DeskError(_("A comment is at most %(max)d characters.") % {"max": MAX_COMMENT_LENGTH})
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("status")
        .filter(pk=parse_id(claim_id) or 0)
        .first()
    )
    if claim is None:
        raise DeskError(_("This claim was deleted meanwhile."))
    review = (
        ClaimReview.objects.select_for_update()
        .filter(claim=claim, state=ClaimReview.State.PENDING)
        .select_related("status", "previous_status")
        .first()
    )
    if review is None:
        raise DeskError(
            _("This claim is not awaiting review (someone decided already); reload it.")
        )
    if review.proposed_by_id == user.pk:
        raise DeskError(
            _(
                "You set this verdict, so a second researcher reviews it: you cannot review "
                "your own claim."
            )
        )
    if not approve and not comment:
        raise DeskError(_("Say why you send it back: write a comment for your colleague."))
    review.reviewer, review.decided_at, review.comment = user, timezone.now(), comment
    review.state = ClaimReview.State.APPROVED if approve else ClaimReview.State.SENT_BACK
    review.save()
    if not approve:
        claim.status = review.previous_status
        freeze_assessment(claim)
        claim.version += 1
        _by(claim, user).save()
    close_assignments([claim.pk], user)
    if review.proposed_by_id:
        notify(
            [review.proposed_by_id],
            Notification.Kind.APPROVED if approve else Notification.Kind.SENT_BACK,
            actor=user,
            claim=claim,
            detail=comment,
        )
    return review


# -- blind double grading --------------------------------------------------------------------


@transaction.atomic
def submit_blind_grade(claim_id, *, user, reliability: str, credibility) -> BlindGrade:
    """A researcher's independent grade of a claim given to them blind."""
    claim_pk = parse_id(claim_id) or 0
    assignment = (
        Assignment.objects.select_for_update()
        .filter(claim_id=claim_pk, assignee=user, blind=True, done_at__isnull=True)
        .first()
    )
    if assignment is None:
        raise DeskError(_("This claim was not given to you for blind grading (or you graded it)."))
    letter = (reliability or "").strip().upper()
    if letter not in dict(RELIABILITY_GRADES):
        raise DeskError(_("Reliability is a letter from A to F."))
    try:
        number = int(credibility)
    except (TypeError, ValueError):
        number = 0
    if number not in dict(CREDIBILITY_GRADES):
        raise DeskError(_("Credibility is a number from 1 to 6."))
    if BlindGrade.objects.filter(claim_id=claim_pk, grader=user).exists():
        raise DeskError(_("You have graded this claim already."))
    grade = BlindGrade.objects.create(
        claim_id=claim_pk, grader=user, reliability=letter, credibility=number
    )
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["done_at"])
    return grade
