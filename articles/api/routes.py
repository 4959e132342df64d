"""The API's operations. Each validates its input, calls one selector or service (the same
ones as the pages, so the API meets the same rules), and shapes the answer.

Lists are cursor-paginated in a stable order (claims: by id, or by `sort` with the page's
orders); details carry an `ETag` and answer `If-None-Match` with 304.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Status
from ninja.security import HttpBearer

from articles import selectors
from articles.api.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ClaimOut,
    ClaimPage,
    ClaimPatch,
    Conflict,
    Error,
    ExportIn,
    ExportJobOut,
    ImportOut,
    NoteIn,
    NoteOut,
    SourceIn,
    SourceOut,
    SourcePage,
    TagPage,
)
from articles.claim_filter import MAX_SELECTED_CLAIMS, PARAMS, ClaimFilter, ClaimFilterError
from articles.models import Article, Claim, ExportJob, Note, Source, Story, Tag
from articles.params import parse_id
from articles.roles import is_desk_member
from articles.services import claims as claim_service
from articles.services import export_jobs, tokens
from articles.services.imports import ImportRefused, import_article, import_url

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
PAGING = ("cursor", "limit")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nd_...`: a personal token, active, within its rate limit."""

    def authenticate(self, request: HttpRequest, token: str):
        found = tokens.authenticate(token)
        if found is None:
            return None
        if not is_desk_member(found.user):
            raise PermissionDenied("This token's account has no role on the desk.")
        tokens.check_rate(found)
        request.user = found.user
        return found


api = NinjaAPI(
    title="Newsdesk API",
    version="1",
    description=(
        "Articles, claims, sources and tags of the desk, with the same filters, rules and "
        "history as the pages. Authenticate with a personal token from the Tokens page: "
        "`Authorization: Bearer nd_…`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


# -- refusals ------------------------------------------------------------------------------


def _error(request, message: str, status: int, **headers) -> HttpResponse:
    response = api.create_response(request, {"detail": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@api.exception_handler(tokens.RateLimited)
def _rate_limited(request, exc: tokens.RateLimited):
    return _error(request, str(exc), 429, Retry_After=str(exc.retry_after))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, str(exc) or "You may not do this.", 403)


@api.exception_handler(ClaimFilterError)
@api.exception_handler(claim_service.ClaimEditError)
@api.exception_handler(ImportRefused)
@api.exception_handler(tokens.TokenError)
@api.exception_handler(export_jobs.ExportRefused)
def _refused(request, exc):
    return _error(request, str(exc), 400)


@api.exception_handler(claim_service.ClaimConflict)
def _conflict(request, exc: claim_service.ClaimConflict):
    changes = [
        {
            "when": change.when,
            "who": change.who,
            "action": change.action,
            "details": [list(detail) for detail in change.details],
        }
        for change in exc.changes
    ]
    body = {"detail": str(exc), "version": exc.claim.version, "changes": changes}
    return api.create_response(request, body, status=409)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "Not found.", 404)


# -- helpers ----------------------------------------------------------------------------------


def _limit(request) -> int:
    raw = request.GET.get("limit", "")
    if not raw:
        return DEFAULT_LIMIT
    value = parse_id(raw)
    if value is None or value > MAX_LIMIT:
        raise ClaimFilterError(f"“{raw}” is not a page size (1 to {MAX_LIMIT}).")
    return value


def _encode(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _decode(cursor: str) -> dict:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ClaimFilterError("The cursor is not one this API gave; start without it.")
    return data


def _keyset_page(request, qs) -> tuple[list, str | None]:
    """One page of `qs` by ascending id after the cursor's id: stable under inserts."""
    limit = _limit(request)
    cursor = request.GET.get("cursor", "")
    if cursor:
        after = parse_id(_decode(cursor).get("after"))
        if after is None:
            raise ClaimFilterError("The cursor is not one this API gave; start without it.")
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, _encode({"after": rows[-1].pk}) if more else None


def _sorted_page(request, qs) -> tuple[list, str | None]:
    """One page of an ordered list (`sort`): the cursor is the position in that order."""
    limit = _limit(request)
    cursor = request.GET.get("cursor", "")
    offset = 0
    if cursor:
        offset = _decode(cursor).get("offset")
        if not isinstance(offset, int) or offset < 0:
            raise ClaimFilterError("The cursor is not one this API gave; start without it.")
    rows = list(qs[offset : offset + limit + 1])
    more = len(rows) > limit
    return rows[:limit], _encode({"offset": offset + limit}) if more else None


def _etag_response(request, payload: dict) -> HttpResponse:
    """The payload as JSON with a strong ETag; 304 when the client has it already."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    seen = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in seen or "*" in seen:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _filter_params(request) -> dict:
    return {k: v for k, v in request.GET.items() if k not in PAGING}


FILTER_DOCS = {
    "article": "An article's id.",
    "source": "A source's slug, name, id or alias.",
    "tag": "A tag's slug or name.",
    "q": "Search text: all words, \"a phrase\", -word, or; accents, case and hyphens ignored.",
    "from": "First day (article date), YYYY-MM-DD.",
    "to": "Last day (article date), YYYY-MM-DD.",
    "status": "A review status slug, e.g. disputed.",
    "language": "Article language, e.g. fr.",
    "kind": "Kind of source, e.g. state_media.",
    "country": "Source country, two letters.",
    "grade": "Admiralty grade, e.g. B2, B or 2.",
    "reliability": "Reliability letter A-F (the override, else the first source's).",
    "credibility": "Credibility 1-6.",
    "origin": "automatic or manual.",
    "rejected": "1: only rejected claims.",
    "with_rejected": "1: rejected claims too.",
    "reviewed": "1: only claims a researcher has given a status other than unreviewed.",
    "ids": f"Claim ids, comma-separated (at most {MAX_SELECTED_CLAIMS}).",
    "notes": "1: the search text `q` matches the claims' notes only (by default it matches "
    "the claim's text or its notes).",
    "suggested": "1: only claims with a story match suggestion waiting for a decision.",
    "story": "A story id: only its claims.",
    "sort": "newest, oldest, credibility, status, article, confidence, story or relevance "
    "(default: by id).",
}
PAGING_PARAMETERS = [
    {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "`next_cursor` of the previous page."},
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
     "description": f"Page size (default {DEFAULT_LIMIT})."},
]
FILTER_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"},
     "description": FILTER_DOCS[name]}
    for name in PARAMS
]
REFUSALS = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}


# -- serialisers ---------------------------------------------------------------------------


def _article_summary(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "outlet": article.publisher.name if article.publisher_id else article.publisher_name,
        "language": article.language,
        "published_at": article.published_at,
        "imported_at": article.imported_at,
        "link": article.get_absolute_url(),
    }


def _article(article: Article) -> dict:
    return {
        **_article_summary(article),
        "lead": article.lead,
        "authors": list(article.authors or []),
        "text": article.text,
        "canonical_url": article.canonical_url,
        "updated_at": article.updated_at,
        "reading_time_minutes": article.reading_time_minutes,
        "input_kind": article.input_kind,
        "claim_ids": list(article.claims.visible().in_reading_order().values_list("pk", flat=True)),
    }


def _claim_summary(claim: Claim) -> dict:
    attributions = list(claim.attributions.all())
    sources = [a.source for a in attributions if a.source_id]
    assessed = claim.assessment(sources)
    return {
        "id": claim.pk,
        "version": claim.version,
        "article_id": claim.article_id,
        "story": claim.story_id,
        "quote": claim.quote,
        "status": claim.status.slug,
        "grade": assessed.grade,
        "reliability": assessed.reliability,
        "reliability_now": assessed.current,
        "credibility": claim.credibility,
        "sources": selectors.claim_sources(claim, attributions),
        "tags": [tag.slug for tag in claim.tags.all()],
        "origin": claim.origin,
        "is_rejected": claim.is_rejected,
        "link": claim.get_absolute_url(),
    }


def _source_ref(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {"slug": source.slug, "name": source.name, "reliability": source.reliability}


def _claim(claim: Claim) -> dict:
    links = [
        {"kind": link.kind, "direction": "out", "claim_id": link.to_claim_id}
        for link in claim.links_out.all()
    ] + [
        {"kind": link.kind, "direction": "in", "claim_id": link.from_claim_id}
        for link in claim.links_in.all()
    ]
    return {
        **_claim_summary(claim),
        "article": _article_summary(claim.article),
        "start": claim.start,
        "end": claim.end,
        "stance": claim.stance,
        "cue_text": claim.cue_text,
        "direct_quote": claim.direct_quote,
        "reliability_override": claim.reliability_override,
        "chain": [
            {"position": a.position, "mention": a.mention, "source": _source_ref(a.source)}
            for a in claim.attributions.all()
        ],
        "notes": [_note(note) for note in claim.notes.all()],
        "links": links,
        "story_detail": _story(claim.story_id),
    }


def _story(story_id: int | None) -> dict | None:
    """The claim's story as the story page derives it: first appearance, independent origins."""
    if story_id is None:
        return None
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return None
    view = selectors.story_view(story)
    first = view.first
    return {
        "id": story.pk,
        "canonical": story.canonical,
        "articles": view.article_count,
        "independent_origins": view.origin_count,
        "first_appearance": (
            {
                "claim": first.claim.pk,
                "article": first.claim.article_id,
                "outlet": first.outlet,
                "published": first.when,
            }
            if first
            else None
        ),
        "link": story.get_absolute_url(),
    }


def _note(note: Note) -> dict:
    return {
        "id": note.pk,
        "author": note.author.get_username() if note.author_id else "",
        "body": note.body,
        "created": note.created,
    }


def _source(source: Source) -> dict:
    return {
        **_source_ref(source),
        "id": source.pk,
        "kind": source.kind,
        "country": source.country,
        "aliases": [alias.alias for alias in source.aliases.all()],
        "url": source.get_absolute_url(),
    }


def _tag(tag: Tag) -> dict:
    return {"slug": tag.slug, "name": tag.name, "colour": tag.colour}


def _detailed_claim(pk: int) -> Claim:
    try:
        return selectors.panel_claim(pk)
    except Claim.DoesNotExist:
        raise Http404 from None


# -- articles ----------------------------------------------------------------------------------


@api.get(
    "/articles",
    response={200: ArticlePage, **REFUSALS},
    tags=["articles"],
    summary="List articles",
    openapi_extra={"parameters": PAGING_PARAMETERS},
)
def list_articles(request):
    """Articles by id, oldest import first."""
    qs = Article.objects.select_related("publisher").defer(*selectors.ARTICLE_BULK_FIELDS)
    rows, cursor = _keyset_page(request, qs)
    return {"items": [_article_summary(a) for a in rows], "next_cursor": cursor}


@api.get(
    "/articles/{article_id}",
    response={200: ArticleOut, 304: None, **REFUSALS},
    tags=["articles"],
    summary="One article: clean text and metadata",
)
def get_article(request, article_id: int):
    """The cleaned text, its metadata and its claims' ids; `ETag` / `If-None-Match`."""
    article = get_object_or_404(selectors.reader_articles(), pk=article_id)
    return _etag_response(request, _article(article))


@api.post(
    "/articles",
    response={201: ImportOut, 200: ImportOut, **REFUSALS},
    tags=["articles"],
    summary="Import an article from text, HTML or a URL",
)
def create_article(request, payload: ArticleIn):
    """The import page's import: cleaned, deduplicated, claims extracted. 200 if it existed."""
    tokens.check_write(request.auth, "articles.add_article")
    given = [name for name in ("text", "html", "url") if getattr(payload, name).strip()]
    if len(given) != 1:
        raise ImportRefused("Send exactly one of text, html or url.")
    if payload.url.strip():
        result = import_url(payload.url.strip(), user=request.user)
    else:
        html = payload.html.strip()
        result = import_article(
            payload.html if html else payload.text,
            input_kind=Article.InputKind.PASTE_HTML if html else Article.InputKind.PASTE_TEXT,
            user=request.user,
            url=payload.source_url.strip(),
        )
    article = get_object_or_404(selectors.reader_articles(), pk=result.article.pk)
    status = 201 if result.created else 200
    return Status(status, {"created": result.created, "article": _article(article)})


# -- claims --------------------------------------------------------------------------------------


@api.get(
    "/claims",
    response={200: ClaimPage, **REFUSALS},
    tags=["claims"],
    summary="List claims with the claims page's filters",
    openapi_extra={"parameters": FILTER_PARAMETERS + PAGING_PARAMETERS},
)
def list_claims(request):
    """The claims page's filter, parameter for parameter; by id unless `sort` is given."""
    claim_filter = ClaimFilter.from_params(_filter_params(request))
    if claim_filter.sort:
        rows, cursor = _sorted_page(request, selectors.sorted_claims(claim_filter))
    else:
        rows, cursor = _keyset_page(request, selectors.with_list_data(claim_filter.filtered()))
    return {"items": [_claim_summary(c) for c in rows], "next_cursor": cursor}


@api.get(
    "/claims/{claim_id}",
    response={200: ClaimOut, 304: None, **REFUSALS},
    tags=["claims"],
    summary="One claim: sources, chain, grades, status, tags, notes, links",
)
def get_claim(request, claim_id: int):
    """Everything the claim panel shows; `ETag` / `If-None-Match`."""
    return _etag_response(request, _claim(_detailed_claim(claim_id)))


@api.patch(
    "/claims/{claim_id}",
    response={200: ClaimOut, 409: Conflict, **REFUSALS},
    tags=["claims"],
    summary="Change a claim's status, grade or tags",
)
def update_claim(request, claim_id: int, payload: ClaimPatch):
    """With the version you read: a colleague's newer save gets 409 and what they changed."""
    tokens.check_write(request.auth, "articles.change_claim")
    get_object_or_404(Claim.objects.only("pk"), pk=claim_id)
    fields = {}
    if payload.status is not None:
        fields["status"] = payload.status
    if "credibility" in payload.model_fields_set:
        fields["credibility"] = payload.credibility
    if payload.reliability is not None:
        fields["reliability_override"] = payload.reliability
    claim_service.change_claim(
        claim_id,
        version=payload.version,
        user=request.user,
        fields=fields,
        add_tags=payload.add_tags,
        remove_tags=payload.remove_tags,
    )
    return _claim(_detailed_claim(claim_id))


@api.post(
    "/claims/{claim_id}/notes",
    response={201: NoteOut, 409: Conflict, **REFUSALS},
    tags=["claims"],
    summary="Add a note to a claim",
)
def create_note(request, claim_id: int, payload: NoteIn):
    """A Markdown note, with the claim's version you read (409 if it moved on)."""
    tokens.check_write(request.auth, "articles.add_note")
    get_object_or_404(Claim.objects.only("pk"), pk=claim_id)
    note = claim_service.add_note(
        claim_id, version=payload.version, user=request.user, body=payload.body
    )
    return Status(201, _note(note))


# -- sources and tags -----------------------------------------------------------------------------


def _sources():
    return Source.objects.prefetch_related("aliases")


@api.get(
    "/sources",
    response={200: SourcePage, **REFUSALS},
    tags=["sources"],
    summary="List the source registry",
    openapi_extra={"parameters": PAGING_PARAMETERS},
)
def list_sources(request):
    """Sources by id, with their aliases."""
    rows, cursor = _keyset_page(request, _sources())
    return {"items": [_source(s) for s in rows], "next_cursor": cursor}


@api.get(
    "/sources/{slug}",
    response={200: SourceOut, 304: None, **REFUSALS},
    tags=["sources"],
    summary="One source",
)
def get_source(request, slug: str):
    """A source by slug; `ETag` / `If-None-Match`."""
    return _etag_response(request, _source(get_object_or_404(_sources(), slug=slug)))


@api.post(
    "/sources",
    response={201: SourceOut, **REFUSALS},
    tags=["sources"],
    summary="Add a source (desk admins)",
)
def create_source(request, payload: SourceIn):
    """The registry page's form and rules; only desk admins' read-write tokens."""
    tokens.check_write(request.auth, "articles.add_source")
    try:
        from articles.forms import SourceForm
    except ImportError:
        from articles.views.admin_pages import SourceForm
    form = SourceForm(data={**payload.dict(), "is_active": "on", "aliases": ""})
    if not form.is_valid():
        refusals = (f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        raise ImportRefused("; ".join(refusals))
    source = form.save()
    return Status(201, _source(get_object_or_404(_sources(), pk=source.pk)))


@api.get(
    "/tags",
    response={200: TagPage, **REFUSALS},
    tags=["tags"],
    summary="List tags",
    openapi_extra={"parameters": PAGING_PARAMETERS},
)
def list_tags(request):
    """The tag vocabulary by id."""
    rows, cursor = _keyset_page(request, Tag.objects.all())
    return {"items": [_tag(t) for t in rows], "next_cursor": cursor}


# -- exports ---------------------------------------------------------------------------


def _export_job(request, job: ExportJob) -> dict:
    done = job.state == ExportJob.State.DONE
    return {
        "id": str(job.pk),
        "format": job.format,
        "filter": job.params,
        "state": job.state,
        "total": job.total,
        "processed": job.processed,
        "percent": job.percent,
        "error": job.error,
        "created": job.created,
        "finished": job.finished,
        "size": job.size,
        "filename": job.filename,
        "download_url": f"{API_PREFIX}/export-jobs/{job.pk}/file" if done else None,
    }


API_PREFIX = "/api/v1"


# Export jobs have their own path (`/export-jobs`), apart from the streamed `/exports/{fmt}`.
@api.post(
    "/export-jobs",
    response={202: ExportJobOut, **REFUSALS},
    tags=["exports"],
    summary="Start an export job (any format, in the background)",
)
def create_export(request, payload: ExportIn):
    """Queue an export of the filtered claims for the task worker; poll the job, then download.

    An export is a read: a read-only token may start one. Only its owner sees the job.
    """
    job = export_jobs.start_export(
        request.user,
        fmt=payload.format,
        params=payload.filter,
        include=payload.include,
        report_title=payload.title,
        token_name=request.auth.name,
    )
    job.refresh_from_db()
    return Status(202, _export_job(request, job))


@api.get(
    "/export-jobs/{uuid:job_id}",
    response={200: ExportJobOut, **REFUSALS},
    tags=["exports"],
    summary="An export job: state, progress, error and download address",
)
def get_export(request, job_id: str):
    """Your own export jobs only (anyone else's is 404)."""
    return _export_job(request, get_object_or_404(selectors.user_export_jobs(request.user),
                                                  pk=job_id))


@api.get(
    "/export-jobs/{uuid:job_id}/file",
    response={200: None, 409: Error, **REFUSALS},
    tags=["exports"],
    summary="Download a finished export job's file",
    openapi_extra={"responses": {"200": {"description": "The export file."}}},
)
def download_export(request, job_id: str):
    """The file of your finished export job; 409 while it is queued or running, or failed."""
    job = get_object_or_404(selectors.user_export_jobs(request.user), pk=job_id)
    if job.state != ExportJob.State.DONE:
        reason = job.error or "The export is not ready yet: poll the job until it is done."
        return _error(request, reason, 409)
    data = ExportJob.objects.filter(pk=job.pk).values_list("data", flat=True).get()
    response = HttpResponse(bytes(data or b""), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@api.get(
    "/exports/{fmt}",
    response={200: None, **REFUSALS},
    tags=["exports"],
    summary="Stream an export of the filtered claims",
    openapi_extra={
        "parameters": FILTER_PARAMETERS,
        "responses": {"200": {"description": "The export file, streamed."}},
    },
)
def export_claims(request, fmt: str):
    """The report builder's formats (csv, json, md, html, w3c, claimreview...), streamed."""
    from articles.exports import FORMATS, ExportContext

    chosen = FORMATS.get(fmt)
    if chosen is None or not chosen.streams:
        streamable = ", ".join(key for key, f in FORMATS.items() if f.streams)
        raise ClaimFilterError(f"“{fmt}” is not a streamed export format ({streamable}).")
    claim_filter = ClaimFilter.from_params(_filter_params(request))
    ctx = ExportContext(
        claim_filter,
        exported_by=request.user.get_username(),
        base_url=request.build_absolute_uri("/"),
    )
    response = StreamingHttpResponse(
        (part if isinstance(part, bytes) else part.encode("utf-8") for part in chosen.render(ctx)),
        content_type=chosen.content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{chosen.filename(ctx)}"'
    return response

