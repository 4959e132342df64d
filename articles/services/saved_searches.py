"""Saved searches: a claims-page filter kept with a name, private or shared; subscriptions
to them, the alerts new matching claims raise, and each subscriber's private Atom feed.

New claims (an import, a re-extraction, a claim added by hand) are matched after their
transaction commits, by the task worker: only the new claims' ids are searched, and saved
searches with the same filter are matched once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import IntegerField, Value
from django.utils.translation import gettext as _

from articles.claim_filter import (
    PARAM_ALIASES,
    PARAMS,
    ClaimFilter,
    ClaimFilterError,
    prefetch_lookups,
)
from articles.models import Claim, Notification, SavedSearch, Subscription, new_feed_token
from articles.params import parse_id
from articles.search import match_texts, shared_variant_groups
from articles.services.notifications import notify

MAX_NAME_LENGTH = 120
# How many filters one database query matches (SQLite allows 500 terms in a UNION).
MATCH_BATCH = 100
# Parameters that order or page a list: they do not change which claims a search selects.
NOT_FILTERS = {"sort", "page"}


class SavedSearchError(ValueError):
    """A saved-search action that cannot be done; the message says why."""


def filter_params(params) -> dict[str, str]:
    """The claim filter's own parameters out of a query string (no page, no sort)."""
    clean = {}
    for key in params:
        name = PARAM_ALIASES.get(key, key)
        value = str(params.get(key) or "").strip()
        if name in PARAMS and name not in NOT_FILTERS and value:
            clean[name] = value[:500]
    return clean


def check_filter(params: dict) -> ClaimFilter:
    """The filter the params make; SavedSearchError when it no longer parses."""
    try:
        return ClaimFilter.from_params(params)
    except ClaimFilterError as refused:
        raise SavedSearchError(
            _(
                "This search's filter no longer works: %(problem)s Edit the search on the "
                "claims page and save it again, or delete it."
            )
            % {"problem": refused}
        ) from None


def visible_searches(user):
    """The user's own saved searches and those shared with the desk."""
    from django.db.models import Q

    return SavedSearch.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


@transaction.atomic
def save_search(*, user, name: str, params, shared: bool = False, subscribe: bool = True):
    """Keep the claims page's current filter under `name` (the owner subscribes to it)."""
    name = " ".join((name or "").split())[:MAX_NAME_LENGTH]
    if not name:
        raise SavedSearchError(_("Give the search a name."))
    clean = filter_params(params)
    if not clean:
        raise SavedSearchError(_("Nothing filters the claims yet: search or filter, then save."))
    check_filter(clean)
    if SavedSearch.objects.filter(owner=user, name__iexact=name).exists():
        raise SavedSearchError(
            _("You already have a saved search called “%(name)s”.") % {"name": name}
        )
    search = SavedSearch.objects.create(owner=user, name=name, params=clean, shared=shared)
    if subscribe:
        Subscription.objects.create(saved_search=search, user=user)
    return search


def _visible(search_id, user) -> SavedSearch:
    search = visible_searches(user).filter(pk=parse_id(search_id) or 0).first()
    if search is None:
        raise SavedSearchError(_("This saved search was deleted, or is private to someone else."))
    return search


@transaction.atomic
def subscribe(search_id, *, user) -> Subscription:
    """Follow a saved search (refused, with the reason, when its filter no longer parses)."""
    search = _visible(search_id, user)
    check_filter(search.params)
    subscription, _ = Subscription.objects.get_or_create(saved_search=search, user=user)
    return subscription


def unsubscribe(search_id, *, user) -> None:
    Subscription.objects.filter(saved_search_id=parse_id(search_id) or 0, user=user).delete()


@transaction.atomic
def revoke_feed(search_id, *, user) -> Subscription:
    """A new private feed address: the old one stops working at once."""
    subscription = Subscription.objects.filter(
        saved_search_id=parse_id(search_id) or 0, user=user
    ).first()
    if subscription is None:
        raise SavedSearchError(_("Subscribe to the search first: the feed is a subscriber's."))
    subscription.feed_token = new_feed_token()
    subscription.save(update_fields=["feed_token"])
    return subscription


@transaction.atomic
def delete_search(search_id, *, user) -> None:
    search = SavedSearch.objects.filter(pk=parse_id(search_id) or 0, owner=user).first()
    if search is None:
        raise SavedSearchError(_("Only the search's owner can delete it."))
    search.delete()


@transaction.atomic
def set_shared(search_id, *, user, shared: bool) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=parse_id(search_id) or 0, owner=user).first()
    if search is None:
        raise SavedSearchError(_("Only the search's owner can share it or make it private."))
    search.shared = bool(shared)
    search.save(update_fields=["shared", "modified"])
    if not search.shared:  # a private search keeps only its owner's subscription
        search.subscriptions.exclude(user=user).delete()
    return search


# -- alerts ------------------------------------------------------------------------------------


def claims_created(claim_ids: Iterable[int]) -> None:
    """New claims: once the transaction commits, the worker matches them to saved searches."""
    ids = sorted(set(claim_ids))
    if not ids:
        return

    def enqueue():
        from articles.models import Subscription
        from articles.tasks import match_saved_searches_task

        if Subscription.objects.exists():  # nobody follows a search: nothing to match
            match_saved_searches_task.enqueue(ids)

    transaction.on_commit(enqueue)


# Parameters that choose the set a filter starts from; every other parameter narrows it.
BASE_PARAMS = ("rejected", "with_rejected")
TEXT_PARAMS = ("q", "notes")


def _atoms(params: dict) -> list[tuple]:
    """A saved filter as the conditions it is the intersection of, so that the many saved
    searches sharing a condition (a source, a tag, a status, a search text) test it once.

    `("filter", params)` is a claim filter of its own; `("text", q, notes_only)` a search
    text. A filter whose parameters do not combine by intersection (hand-picked `ids`, a
    `grade` beside a `reliability` or `credibility`) is one atom, whole.
    """
    keys = set(params)
    if "ids" in keys or ("grade" in keys and keys & {"reliability", "credibility"}):
        return [("filter", _key(params))]
    atoms: list[tuple] = [("filter", _key({k: params[k] for k in BASE_PARAMS if k in params}))]
    if params.get("q"):
        notes_only = str(params.get("notes", "")).lower() in {"1", "true", "yes", "on"}
        atoms.append(("text", params["q"], notes_only))
    for name, value in params.items():
        if name in BASE_PARAMS or name in TEXT_PARAMS or name in NOT_FILTERS:
            continue
        # Every claim, rejected or not: the base atom says which the search starts from.
        atoms.append(("filter", _key({name: value, "with_rejected": "1"})))
    return atoms


def _key(params: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in params.items()))


def matching_searches(claim_ids: Iterable[int]) -> dict[int, list[int]]:
    """For these claims, the subscribed saved searches they match: {search id: [claim ids]}.

    Identical filters are read once, and each filter is split into the conditions it
    intersects (`_atoms`): the conditions all the searches share are tested once each, over
    the new claims only: the claim-filter ones in a few UNION queries, the search texts
    in one statement per table (`search.match_texts`). `tests/test_saved_searches.py`
    checks the result against each saved filter run whole through the claim filter.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = (
        SavedSearch.objects.filter(subscriptions__isnull=False)
        .distinct()
        .values_list("pk", "params")
    )
    for pk, params in rows:
        groups[_key(params)].append(pk)
    memo: dict = {}
    prefetch_lookups(memo, [dict(key) for key in groups])
    atoms_of: dict[tuple, list[tuple]] = {}
    for key in groups:
        params = dict(key)
        try:
            ClaimFilter.from_params(params, memo=memo)
        except ClaimFilterError:
            continue  # the saved-search page says so; subscribing again is refused
        atoms_of[key] = _atoms(params)
    filter_atoms = sorted({a for atoms in atoms_of.values() for a in atoms if a[0] == "filter"})
    text_atoms = sorted({a for atoms in atoms_of.values() for a in atoms if a[0] == "text"})
    hits: dict[tuple, set[int]] = {}
    with shared_variant_groups():
        texts = match_texts(ids, [(q, notes_only) for _, q, notes_only in text_atoms])
    for atom in text_atoms:
        hits[atom] = texts[(atom[1], atom[2])]
    within = tuple(ids)
    with shared_variant_groups():
        for start in range(0, len(filter_atoms), MATCH_BATCH):
            batch = filter_atoms[start : start + MATCH_BATCH]
            queries = [
                ClaimFilter.from_params(dict(atom[1]), memo=memo)
                .filtered(within=within)
                .order_by()
                .annotate(group=Value(start + i, output_field=IntegerField()))
                .values_list("group", "pk")
                for i, atom in enumerate(batch)
            ]
            union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
            for atom in batch:
                hits[atom] = set()
            for group, pk in union:
                hits[filter_atoms[group]].add(pk)
    found: dict[int, list[int]] = {}
    for key, atoms in atoms_of.items():
        matched = set(ids)
        for atom in atoms:
            matched &= hits[atom]
            if not matched:
                break
        if matched:
            for search_id in groups[key]:
                found[search_id] = sorted(matched)
    return found


@transaction.atomic
def match_new_claims(claim_ids: Iterable[int]) -> int:
    """Alert every subscriber of each saved search the new claims match; returns how many
    alerts were raised."""
    found = matching_searches(claim_ids)
    if not found:
        return 0
    subscribers: dict[int, list[int]] = defaultdict(list)
    for search_id, user_id in Subscription.objects.filter(
        saved_search_id__in=list(found)
    ).values_list("saved_search_id", "user_id"):
        subscribers[search_id].append(user_id)
    searches = SavedSearch.objects.in_bulk(list(found))
    single = Claim.objects.in_bulk([pks[0] for pks in found.values() if len(pks) == 1])
    raised = 0
    for search_id, pks in found.items():
        raised += len(
            notify(
                subscribers[search_id],
                Notification.Kind.ALERT,
                saved_search=searches[search_id],
                claim=single.get(pks[0]) if len(pks) == 1 else None,
                count=len(pks),
            )
        )
    return raised


def feed_subscription(token: str) -> Subscription | None:
    """The subscription a private feed address names (None once revoked)."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return (
        Subscription.objects.select_related("saved_search", "user")
        .filter(feed_token=token, user__is_active=True)
        .first()
    )
