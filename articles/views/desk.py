"""The desk at work: my queue, the inbox, assignments, the review step, blind grading,
saved searches and their private feeds, the admins' review table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from articles import selectors
from articles.claim_filter import ClaimFilter, ClaimFilterError
from articles.models import Notification, NotificationPreference
from articles.params import parse_ids
from articles.roles import is_desk_admin
from articles.services import desk, notifications
from articles.services import saved_searches as searches
from articles.services.preferences import language_for
from articles.views.claims import _claim, _respond

QUEUE_PER_PAGE = 50
INBOX_PER_PAGE = 50
FEED_ENTRIES = 50


def _back(request: HttpRequest, default: str) -> str:
    """Where a form came from, if it is a page of this site; else `default`."""
    back = request.POST.get("next", "")
    return back if back.startswith("/") and not back.startswith("//") else default


# -- my queue ----------------------------------------------------------------------------


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """What is assigned to me, what needs attention first."""
    page = selectors.CappedPaginator(selectors.my_queue(request.user), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "desk/queue.html", {"page": page})


# -- assignments -------------------------------------------------------------------------------


def _assignee(request: HttpRequest):
    """Who the form names: `me` (the panel's "to me" button and `m` key), else a username."""
    name = request.POST.get("assignee", "").strip()
    return request.user if name == "me" else desk.find_researcher(name)


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_assign(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """Assign the open claim (to me with `assignee=me`, the reader's `m` key)."""
    claim = _claim(article_pk, pk)
    try:
        assignee = _assignee(request)
        result = desk.assign(
            [claim.pk],
            assignee=assignee,
            by=request.user,
            blind=request.POST.get("blind") == "1",
        )
    except desk.DeskError as refused:
        return _respond(request, claim.pk, error=str(refused))
    if result.assigned and assignee == request.user:
        saved = _("Assigned to you.")
    elif result.assigned:
        saved = _("Assigned to %(name)s.") % {"name": assignee.get_username()}
    else:
        saved = _("Already assigned to %(name)s.") % {"name": assignee.get_username()}
    return _respond(request, claim.pk, saved=saved)


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign every claim of an article."""
    try:
        assignee = _assignee(request)
        result = desk.assign_article(
            pk, assignee=assignee, by=request.user, blind=request.POST.get("blind") == "1"
        )
    except desk.DeskError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d claim assigned to %(name)s (%(already)d were already).",
                "%(count)d claims assigned to %(name)s (%(already)d were already).",
                len(result.assigned),
            )
            % {
                "count": len(result.assigned),
                "name": assignee.get_username(),
                "already": len(result.already),
            },
        )
    return redirect(_back(request, reverse("articles:article_detail", args=[pk])))


def bulk_assign(request: HttpRequest, ids: list[int]) -> None:
    """The claims page's bulk bar: assign the ticked claims (messages say what happened)."""
    try:
        assignee = _assignee(request)
        result = desk.assign(
            ids, assignee=assignee, by=request.user, blind=request.POST.get("blind") == "1"
        )
    except desk.DeskError as refused:
        messages.error(request, str(refused))
        return
    values = {
        "count": len(result.assigned),
        "name": assignee.get_username(),
        "already": len(result.already),
    }
    if result.already:
        text = ngettext(
            "Assigned %(count)d claim to %(name)s (%(already)d were already).",
            "Assigned %(count)d claims to %(name)s (%(already)d were already).",
            values["count"],
        )
    else:
        text = ngettext(
            "Assigned %(count)d claim to %(name)s.",
            "Assigned %(count)d claims to %(name)s.",
            values["count"],
        )
    messages.success(request, text % values)


@require_POST
def assignment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        desk.unassign(pk, user=request.user)
    except desk.DeskError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Assignment given back."))
    return redirect(_back(request, reverse("articles:queue")))


# -- the review step ---------------------------------------------------------------------------


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_review(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """Approve the verdict waiting for review, or send it back with a comment."""
    claim = _claim(article_pk, pk)
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "send_back"):
        return _respond(request, claim.pk, error=_("Choose to approve or to send back."))
    try:
        desk.decide_review(
            claim.pk,
            user=request.user,
            approve=decision == "approve",
            comment=request.POST.get("comment", ""),
        )
    except desk.DeskError as refused:
        return _respond(request, claim.pk, error=str(refused))
    return _respond(
        request,
        claim.pk,
        saved=_("Verdict approved.") if decision == "approve" else _("Sent back."),
    )


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def blind_grade(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    claim = _claim(article_pk, pk)
    try:
        desk.submit_blind_grade(
            claim.pk,
            user=request.user,
            reliability=request.POST.get("reliability", ""),
            credibility=request.POST.get("credibility", ""),
        )
    except desk.DeskError as refused:
        return _respond(request, claim.pk, error=str(refused))
    return _respond(request, claim.pk, saved=_("Blind grade recorded."))


@require_GET
def review_stats(request: HttpRequest) -> HttpResponse:
    """Desk admins: agreements and send-backs per researcher, blind-grading agreement."""
    if not is_desk_admin(request.user):
        raise PermissionDenied
    return render(
        request,
        "desk/review_stats.html",
        {"rows": selectors.review_table(), "agreement": selectors.grading_agreement()},
    )


# -- discussion: who can be mentioned ---------------------------------------------------------


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """Desk researchers whose username starts with `q` (the note field's @ autocomplete)."""
    if request.GET.get("options"):  # the assign fields' datalists, filled when first focused
        return render(request, "desk/people_options.html", {"names": selectors.researcher_names()})
    q = request.GET.get("q", "").strip().lstrip("@")[:150]
    users = (
        get_user_model()
        .objects.filter(is_active=True, username__istartswith=q)
        .order_by("username")
        .only("username", "is_superuser", "is_active")[:30]
    )
    names = [u.get_username() for u in users if desk.can_work_claims(u)][:8]
    return render(request, "desk/people.html", {"names": names, "q": q})


# -- the inbox ----------------------------------------------------------------------------------


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = selectors.CappedPaginator(selectors.inbox(request.user), INBOX_PER_PAGE).get_page(
        request.GET.get("page")
    )
    preference = NotificationPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "desk/inbox.html",
        {
            "page": page,
            "digest": preference.digest if preference else NotificationPreference.Digest.NONE,
            "digests": NotificationPreference.Digest.choices,
        },
    )


@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark the ticked notifications read (or all with `all=1`)."""
    ids = None if request.POST.get("all") == "1" else parse_ids(request.POST.getlist("ids"))
    if ids == []:
        messages.error(request, _("Tick the notifications to mark read first."))
    else:
        notifications.mark_read(request.user, ids)
    return redirect(_back(request, reverse("articles:inbox")))


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, marking it read."""
    item = get_object_or_404(
        Notification.objects.select_related("claim", "saved_search"),
        pk=pk,
        recipient=request.user,
    )
    notifications.mark_read(request.user, [item.pk])
    if item.claim_id:
        return redirect(item.claim)
    if item.saved_search_id:
        return redirect(item.saved_search.get_absolute_url())
    return redirect("articles:inbox")


@require_POST
def digest_preference(request: HttpRequest) -> HttpResponse:
    try:
        notifications.set_digest(request.user, request.POST.get("digest", ""))
    except ValueError as refused:
        messages.error(request, str(refused))
    else:
        if request.POST.get("digest") != "none" and not request.user.email:
            messages.warning(request, _("Your account has no e-mail address: ask a desk admin."))
        else:
            messages.success(request, _("E-mail preference saved."))
    return redirect("articles:inbox")


# -- saved searches -----------------------------------------------------------------------------


@require_GET
def search_list(request: HttpRequest) -> HttpResponse:
    items = list(searches.visible_searches(request.user))
    subscribed = {
        s.saved_search_id: s for s in request.user.subscriptions.filter(saved_search__in=items)
    }
    memo: dict = {}
    for item in items:
        item.subscription = subscribed.get(item.pk)
        try:
            item.filter = ClaimFilter.from_params(item.params, memo=memo)
            item.broken = ""
        except ClaimFilterError as refused:
            item.filter, item.broken = None, str(refused)
    return render(request, "desk/searches.html", {"searches": items})


@require_POST
def search_save(request: HttpRequest) -> HttpResponse:
    """Save the claims page's current filter (the form carries its query string)."""
    from django.http import QueryDict

    params = QueryDict(request.POST.get("query", "").lstrip("?"))
    try:
        search = searches.save_search(
            user=request.user,
            name=request.POST.get("name", ""),
            params=params,
            shared=request.POST.get("shared") == "1",
            subscribe=request.POST.get("subscribe", "1") == "1",
        )
    except searches.SavedSearchError as refused:
        messages.error(request, str(refused))
        return redirect(reverse("articles:claim_list") + "?" + params.urlencode())
    messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return redirect("articles:search_list")


SEARCH_ACTIONS = {
    "subscribe": lambda pk, user, post: searches.subscribe(pk, user=user),
    "unsubscribe": lambda pk, user, post: searches.unsubscribe(pk, user=user),
    "revoke": lambda pk, user, post: searches.revoke_feed(pk, user=user),
    "delete": lambda pk, user, post: searches.delete_search(pk, user=user),
    "share": lambda pk, user, post: searches.set_shared(
        pk, user=user, shared=post.get("shared") == "1"
    ),
}
SEARCH_DONE = {
    "subscribe": gettext_lazy("Subscribed: new matching claims will raise an alert."),
    "unsubscribe": gettext_lazy("Unsubscribed."),
    "revoke": gettext_lazy("New feed address made; the old one no longer works."),
    "delete": gettext_lazy("Search deleted."),
    "share": gettext_lazy("Sharing changed."),
}


@require_POST
def search_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in SEARCH_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("articles:search_list")
    try:
        SEARCH_ACTIONS[action](pk, request.user, request.POST)
    except searches.SavedSearchError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, SEARCH_DONE[action])
    return redirect("articles:search_list")


@login_not_required
@require_GET
def search_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A subscriber's private Atom feed of a saved search: its newest claims."""
    subscription = searches.feed_subscription(token)
    if subscription is None:
        return HttpResponse(
            _(
                "This feed address is not valid (it was revoked, or mistyped). Copy the current "
                "address from the saved searches page."
            )
            + "\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    # Feed readers send no language: the feed speaks its subscriber's.
    language = language_for(subscription.user)
    with translation.override(language):
        return _search_feed(request, subscription, language)


def _search_feed(request: HttpRequest, subscription, language: str) -> HttpResponse:
    search = subscription.saved_search
    try:
        claims = ClaimFilter.from_params(search.params).filtered()
    except ClaimFilterError as refused:
        return HttpResponse(
            _("This saved search's filter no longer works: %(problem)s") % {"problem": refused}
            + "\n",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    claims = list(
        claims.select_related("article", "status")
        .defer(*selectors.article_deferred("article"), "article__text")
        .order_by("-created", "-id")[:FEED_ENTRIES]
    )
    link = request.build_absolute_uri(search.get_absolute_url())
    feed = Atom1Feed(
        title=_("Newsdesk: %(name)s") % {"name": search.name},
        link=link,
        description=ClaimFilter.from_params(search.params).describe(),
        feed_guid=request.build_absolute_uri(
            reverse("articles:search_list") + f"#search-{search.pk}"
        ),
        language=language,
    )
    for claim in claims:
        url = request.build_absolute_uri(claim.get_absolute_url())
        feed.add_item(
            title=claim.quote[:120],
            link=url,
            description=_("%(article)s — %(status)s")
            % {"article": claim.article, "status": claim.status.display_name},
            unique_id=url,
            pubdate=claim.created,
            updateddate=claim.modified,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "private, max-age=60"
    response["Content-Language"] = language
    return response
