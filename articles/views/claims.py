"""The claim panel and its edits, new claims from a selection, and the claims page.

Every edit posts the claim `version` it was based on. A successful edit answers an
htmx request with the fresh panel; a colleague's newer save answers with the
panel showing what they changed and the researcher's own input still in the form,
ready to re-apply. Without JavaScript the same forms post and redirect.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from articles import selectors
from articles.claim_filter import DEFAULT_SORT, ClaimFilter, ClaimFilterError
from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    MatchSuggestion,
    Note,
    safe_colour,
)
from articles.params import parse_id, parse_ids
from articles.services import claims as service
from articles.services import stories

CLAIMS_PER_PAGE = 50


# -- the panel -------------------------------------------------------------------------


def panel_context(
    request: HttpRequest,
    claim: Claim,
    *,
    draft: dict | None = None,
    error: str = "",
    conflict: service.ClaimConflict | None = None,
    saved: str = "",
) -> dict:
    """What the claim panel shows, plus the researcher's unsaved input after a refusal."""
    return {
        **selectors.claim_panel(claim, request.user),
        "source_key": SOURCE_KEY,
        "draft": draft or {},
        "error": error,
        "conflict": conflict,
        "conflict_changes": conflict.changes if conflict else [],
        "saved": saved,
    }


@require_GET
def claim_detail(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """One claim: the panel alone for htmx, else the reader with the panel open."""
    get_object_or_404(Claim.objects.only("pk"), article_id=article_pk, pk=pk)
    claim = selectors.panel_claim(pk)
    if request.htmx and not request.htmx.history_restore_request:
        return render(
            request, "articles/article_detail.html#claim-panel", panel_context(request, claim)
        )
    context = selectors.reader_context(_article(article_pk), open_claim=claim)
    context.update(panel_context(request, claim))
    return render(request, "articles/article_detail.html", context)


def _respond(
    request: HttpRequest,
    claim_pk: int,
    *,
    error: str = "",
    conflict=None,
    saved: str = "",
    reload: bool = False,
    text: bool = False,
) -> HttpResponse:
    """The panel after an edit (htmx), or a redirect / full page without JavaScript.

    `text` redraws the article's text too (out of band): a change of source changes the
    badges that name who makes each claim.
    """
    claim = selectors.panel_claim(claim_pk)
    draft = request.POST.dict() if (error or conflict) else {}
    if reload and not (error or conflict):
        if request.htmx:
            return HttpResponseClientRedirect(claim.get_absolute_url())
        return redirect(claim)
    if request.htmx:
        context = panel_context(
            request, claim, draft=draft, error=error, conflict=conflict, saved=saved
        )
        context["oob"] = not claim.is_rejected  # a rejected claim has no entry in the list
        if text and not (error or conflict):
            context["text_oob"] = selectors.reader_context(claim.article, open_claim=claim)[
                "paragraphs"
            ]
        return render(request, "articles/article_detail.html#claim-panel", context)
    if not (error or conflict):
        return redirect(claim)
    context = selectors.reader_context(_article(claim.article_id), open_claim=claim)
    context.update(panel_context(request, claim, draft=draft, error=error, conflict=conflict))
    return render(request, "articles/article_detail.html", context, status=409 if conflict else 400)


def _edit(
    request: HttpRequest,
    claim_pk: int,
    action,
    *,
    saved: str,
    reload: bool = False,
    text: bool = False,
):
    """Run one service write; turn refusals into a panel that keeps what was typed."""
    try:
        action(request.POST.get("version"))
    except service.ClaimConflict as conflict:
        return _respond(request, claim_pk, conflict=conflict)
    except service.ClaimEditError as refused:
        return _respond(request, claim_pk, error=str(refused))
    return _respond(request, claim_pk, saved=saved, reload=reload, text=text)


# The reader's key for "add a source" (see articles/shortcuts.py for the others).
SOURCE_KEY = "o"


def _source_choice(request: HttpRequest, field: str = "source") -> str | None:
    """The source id a form chose: an id (`source`), or a name typed in `source_name`.

    A typed name must be a registry source's name or alias; anything else is refused
    with a message rather than silently stored as an unresolved mention.
    """
    name = request.POST.get("source_name", "").strip()
    if not name:
        return request.POST.get(field)
    source = selectors.source_by_name(name)
    if source is None:
        raise service.ClaimEditError(
            _(
                "No registry source is called “%(name)s”: pick a name from the list, "
                "or write who makes the claim under “as written”."
            )
            % {"name": name[:80]}
        )
    return str(source.pk)


def _article(pk: int) -> Article:
    return get_object_or_404(selectors.reader_articles(), pk=pk)


def _claim(article_pk: int, pk: int) -> Claim:
    return get_object_or_404(Claim.objects.only("pk", "article_id"), article_id=article_pk, pk=pk)


# -- edits -----------------------------------------------------------------------------

FIELD_NAMES = ["status", "credibility", "reliability_override", "stance", "cue_text", "cue_kind"]


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_update(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """Status, grade, stance, cue, direct quote, rejection: whichever fields the form posts."""
    claim = _claim(article_pk, pk)
    changes = {name: request.POST[name] for name in FIELD_NAMES if name in request.POST}
    if "direct_quote_shown" in request.POST:
        changes["direct_quote"] = request.POST.get("direct_quote") == "on"
    reload = False
    if "is_rejected" in request.POST:
        changes["is_rejected"] = request.POST["is_rejected"] == "1"
        reload = True
    if not changes:
        return _respond(request, claim.pk, error=_("Nothing to change."))
    return _edit(
        request,
        claim.pk,
        lambda v: service.update_claim(claim.pk, version=v, user=request.user, **changes),
        saved=_("Saved."),
        reload=reload,
    )


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_span(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    """Move the claim to another span of the text (from a selection in the reader)."""
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.set_span(
            claim.pk,
            version=v,
            user=request.user,
            start=request.POST.get("start"),
            end=request.POST.get("end"),
            exact=request.POST.get("exact", ""),
        ),
        saved=_("Span moved."),
        reload=True,
    )


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_tag_add(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    claim = _claim(article_pk, pk)
    can_create = request.user.has_perm("articles.add_tag")
    return _edit(
        request,
        claim.pk,
        lambda v: service.add_tag(
            claim.pk,
            version=v,
            user=request.user,
            name=request.POST.get("name", ""),
            can_create=can_create,
        ),
        saved=_("Tag added."),
    )


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_tag_remove(request: HttpRequest, article_pk: int, pk: int, tag_pk: int):
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.remove_tag(claim.pk, version=v, user=request.user, tag_id=tag_pk),
        saved=_("Tag removed."),
    )


@permission_required("articles.add_note", raise_exception=True)
@require_POST
def note_add(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.add_note(
            claim.pk,
            version=v,
            user=request.user,
            body=request.POST.get("body", ""),
            parent_id=request.POST.get("parent") or None,
        ),
        saved=_("Reply added.") if request.POST.get("parent") else _("Note added."),
    )


@permission_required("articles.change_note", raise_exception=True)
@require_POST
def note_resolve(request: HttpRequest, article_pk: int, pk: int, note_pk: int):
    """Mark a discussion resolved, or open it again."""
    claim = _claim(article_pk, pk)
    note = get_object_or_404(Note.objects.only("pk"), claim=claim, pk=note_pk)
    resolved = request.POST.get("resolved") == "1"
    return _edit(
        request,
        claim.pk,
        lambda v: service.set_note_resolved(
            note.pk, version=v, user=request.user, resolved=resolved
        ),
        saved=_("Discussion resolved.") if resolved else _("Discussion reopened."),
    )


@permission_required("articles.change_note", raise_exception=True)
@require_POST
def note_edit(request: HttpRequest, article_pk: int, pk: int, note_pk: int):
    claim = _claim(article_pk, pk)
    note = get_object_or_404(Note.objects.only("pk"), claim=claim, pk=note_pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.edit_note(
            note.pk, version=v, user=request.user, body=request.POST.get("body", "")
        ),
        saved=_("Note saved."),
    )


@permission_required("articles.delete_note", raise_exception=True)
@require_POST
def note_delete(request: HttpRequest, article_pk: int, pk: int, note_pk: int):
    claim = _claim(article_pk, pk)
    note = get_object_or_404(Note.objects.only("pk"), claim=claim, pk=note_pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.delete_note(note.pk, version=v, user=request.user),
        saved=_("Note deleted."),
    )


@permission_required("articles.add_attribution", raise_exception=True)
@require_POST
def attribution_add(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.add_attribution(
            claim.pk,
            version=v,
            user=request.user,
            source_id=_source_choice(request),
            mention=request.POST.get("mention", ""),
        ),
        saved=_("Source added."),
        text=True,
    )


@permission_required("articles.change_attribution", raise_exception=True)
@require_POST
def attribution_edit(request: HttpRequest, article_pk: int, pk: int, attribution_pk: int):
    claim = _claim(article_pk, pk)
    attribution = get_object_or_404(Attribution, claim=claim, pk=attribution_pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.change_attribution(
            attribution.pk, version=v, user=request.user, source_id=request.POST.get("source")
        ),
        saved=_("Source changed."),
        text=True,
    )


@permission_required("articles.delete_attribution", raise_exception=True)
@require_POST
def attribution_delete(request: HttpRequest, article_pk: int, pk: int, attribution_pk: int):
    claim = _claim(article_pk, pk)
    attribution = get_object_or_404(Attribution, claim=claim, pk=attribution_pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.remove_attribution(attribution.pk, version=v, user=request.user),
        saved=_("Source removed."),
        text=True,
    )


@permission_required("articles.add_claimlink", raise_exception=True)
@require_POST
def link_add(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.add_link(
            claim.pk,
            version=v,
            user=request.user,
            to_claim_id=request.POST.get("to_claim"),
            kind=request.POST.get("kind", ""),
        ),
        saved=_("Link added."),
    )


@permission_required("articles.delete_claimlink", raise_exception=True)
@require_POST
def link_delete(request: HttpRequest, article_pk: int, pk: int, link_pk: int):
    claim = _claim(article_pk, pk)
    return _edit(
        request,
        claim.pk,
        lambda v: service.remove_link(link_pk, claim_id=claim.pk, version=v, user=request.user),
        saved=_("Link removed."),
    )


@permission_required("articles.add_claimlink", raise_exception=True)
@require_POST
def suggestion_decide(request: HttpRequest, article_pk: int, pk: int, suggestion_pk: int):
    """Confirm (the two claims join one story) or reject (never suggested again) a match."""
    claim = _claim(article_pk, pk)
    suggestion = get_object_or_404(
        MatchSuggestion.objects.filter(Q(claim_a_id=claim.pk) | Q(claim_b_id=claim.pk)),
        pk=suggestion_pk,
    )
    decision = request.POST.get("decision", "")
    try:
        if decision == "confirm":
            stories.confirm(suggestion, request.user)
            saved = _("Confirmed: both claims are now one story.")
        elif decision == "reject":
            stories.reject(suggestion, request.user)
            saved = _("Rejected: this pair will not be suggested again.")
        else:
            return _respond(request, claim.pk, error=_("Choose confirm or reject."))
    except stories.SuggestionDecided as decided:
        return _respond(
            request,
            claim.pk,
            error=_("This suggestion was already decided (%(state)s).") % {"state": decided},
        )
    return _respond(request, claim.pk, saved=saved)


@require_GET
def claim_picker(request: HttpRequest) -> HttpResponse:
    """Claims whose text or source matches `q` in any article, for the link picker."""
    q = request.GET.get("q", "").strip()[:200]
    results = []
    if len(q) >= 2:
        results = selectors.picker_claims(q, exclude=parse_id(request.GET.get("exclude", "")))
        for claim in results:
            selectors.prepare_claim(claim)
    return render(request, "articles/claim_picker.html", {"results": results, "q": q})


# -- new claims ---------------------------------------------------------------------------


@permission_required("articles.add_claim", raise_exception=True)
@require_POST
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim from a text selection in the reader; opens it."""
    article = get_object_or_404(Article.objects.only("pk", "text"), pk=pk)
    try:
        typed = _source_choice(request, field="")
        claim = service.create_claim(
            article,
            user=request.user,
            start=request.POST.get("start"),
            end=request.POST.get("end"),
            exact=request.POST.get("exact", ""),
            source_ids=parse_ids(request.POST.getlist("sources") + ([typed] if typed else [])),
            mention=request.POST.get("mention", ""),
        )
    except service.ClaimEditError as refused:
        if request.htmx:
            return render(
                request, "articles/article_detail.html#new-claim-error", {"error": str(refused)}
            )
        context = selectors.reader_context(_article(pk))
        context["new_claim_error"] = str(refused)
        return render(request, "articles/article_detail.html", context, status=400)
    if request.htmx:
        return HttpResponseClientRedirect(claim.get_absolute_url())
    return HttpResponseRedirect(claim.get_absolute_url())


# -- the claims page ---------------------------------------------------------------------------


@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims across all articles: search, filters, sorting; shareable through GET params."""
    error = ""
    try:
        filters = ClaimFilter.from_params(request.GET)
    except ClaimFilterError as refused:
        filters, error = ClaimFilter(), str(refused)
    qs = Claim.objects.none() if error else selectors.sorted_claims(filters)
    page = selectors.CappedPaginator(qs, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    for claim in page.object_list:
        selectors.prepare_claim(claim)
        claim.short = _shorten(claim.quote, 220)
        claim.article_title = _shorten(str(claim.article), 80)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "sort": filters.sort or DEFAULT_SORT,
        "error": error,
        "query": query.urlencode(),
        "full_text": selectors.uses_full_text_search(),
        **selectors.filter_choices(),
    }
    # A refused filter is a message on the search page (the form stays usable), not an
    # error page: the page is where the researcher fixes it.
    if request.htmx and request.htmx.target == "claim-results":
        return render(request, "articles/claim_list.html#results", context)
    return render(request, "articles/claim_list.html", context)


@permission_required("articles.change_claim", raise_exception=True)
@require_POST
def claim_bulk(request: HttpRequest) -> HttpResponse:
    """Set a status and/or add a tag on the selected claims, then back to the same list."""
    from django.contrib import messages

    ids = parse_ids(request.POST.getlist("claims"))
    if request.POST.get("action") == "export":
        # The ticked claims go to the report builder, by number (a GET it can travel with).
        if ids:
            query = urlencode({"ids": ",".join(str(pk) for pk in ids)})
            return redirect(f"{reverse('articles:report_builder')}?{query}")
        messages.error(request, _("Tick the claims to export first."))
        back = request.POST.get("back", "")
        return redirect(reverse("articles:claim_list") + (back if back.startswith("?") else ""))
    if request.POST.get("action") == "assign":
        from articles.views.desk import bulk_assign

        if ids:
            bulk_assign(request, ids)
        else:
            messages.error(request, _("Tick the claims to assign first."))
        back = request.POST.get("back", "")
        return redirect(reverse("articles:claim_list") + (back if back.startswith("?") else ""))
    versions = {pk: request.POST.get(f"v_{pk}") for pk in ids}
    status = ClaimStatus.objects.filter(slug=request.POST.get("status", "")).first()
    tag = None
    try:
        if request.POST.get("tag", "").strip():
            tag = service.find_or_create_tag(
                request.POST["tag"], can_create=request.user.has_perm("articles.add_tag")
            )
        result = service.bulk_update(
            ids, user=request.user, status=status, tag=tag, versions=versions
        )
    except service.ClaimEditError as refused:
        messages.error(request, str(refused))
    else:
        n = result.applied
        if status and tag:
            applied = ngettext(
                "Applied status “%(status)s” and tag “%(tag)s” to %(n)d claim.",
                "Applied status “%(status)s” and tag “%(tag)s” to %(n)d claims.",
                n,
            )
        elif status:
            applied = ngettext(
                "Applied status “%(status)s” to %(n)d claim.",
                "Applied status “%(status)s” to %(n)d claims.",
                n,
            )
        else:
            applied = ngettext(
                "Applied tag “%(tag)s” to %(n)d claim.", "Applied tag “%(tag)s” to %(n)d claims.", n
            )
        names = {"status": status.display_name if status else "", "tag": tag.name if tag else ""}
        messages.success(request, applied % {**names, "n": n})
        if result.skipped:
            listed = "; ".join(
                f"#{claim.pk} “{_shorten(claim.quote, 60)}”" for claim in result.skipped
            )
            messages.warning(
                request,
                ngettext(
                    "Skipped %(n)d claim a colleague changed since this page was loaded, "
                    "to review before applying again: %(listed)s.",
                    "Skipped %(n)d claims a colleague changed since this page was loaded, "
                    "to review before applying again: %(listed)s.",
                    len(result.skipped),
                )
                % {"n": len(result.skipped), "listed": listed},
            )
    back = request.POST.get("back", "")
    url = reverse("articles:claim_list")
    if back.startswith("?") or back == "":
        url += back
    return redirect(url)


@require_GET
def status_css(request: HttpRequest) -> HttpResponse:
    """Each review status's colour as a CSS class (statuses are admin-extensible)."""
    lines = []
    for status in ClaimStatus.objects.all():
        colour = safe_colour(status.colour, "#888888")
        slug = re.sub(r"[^a-z0-9_-]", "", status.slug.lower())
        if slug:
            lines.append(f".st-{slug} {{ --st: {colour}; }}")
            lines.append(f".st-{slug} {{ --st-ink: {readable_ink(colour)}; }}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def readable_ink(colour: str) -> str:
    """White or black text on `colour`, whichever contrasts more (always at least 4.58:1)."""
    lum = _luminance(colour)
    return "#fff" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) else "#000"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claims_url(**params) -> str:
    """The claims page with these filters (for links from other pages)."""
    return reverse("articles:claim_list") + "?" + urlencode(params)
