"""Read queries for the desk's pages: article and claim search, filters, sorting, source stats.

Text search itself (what a search box's words match, on PostgreSQL and SQLite) is
`articles.search`, shared by the claim filter of the pages, the exports and the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from articles import search
from articles.claim_filter import SORT_LABELS, SORTS
from articles.highlight import ClaimSpan, segment_text
from articles.models import (
    CREDIBILITY_GRADES,
    LANGUAGES,
    RELIABILITY_GRADES,
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    Note,
    Source,
    Story,
    Tag,
    format_grade,
)
from articles.shortcuts import status_keys
from articles.textnorm import normalize_mention


def uses_full_text_search() -> bool:
    """True where search reads the stored full-text vectors (PostgreSQL): stems, ranking."""
    return search.uses_search_vectors()


# -- articles ---------------------------------------------------------------------


@dataclass
class ArticleFilters:
    q: str = ""
    outlet: str = ""
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unreviewed: bool = False


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def article_filters(params) -> ArticleFilters:
    return ArticleFilters(
        q=params.get("q", "").strip()[:200],
        outlet=params.get("outlet", "").strip()[:300],
        language=params.get("language", "").strip()[:8],
        date_from=_date(params.get("from")),
        date_to=_date(params.get("to")),
        unreviewed=params.get("unreviewed") in {"1", "on", "true"},
    )


def search_articles(filters: ArticleFilters) -> QuerySet[Article]:
    """Articles newest first with their claim counts, filtered."""
    qs = Article.objects.select_related("publisher").defer(
        "raw_input", "raw_bytes", "text", "dropped_lines", "captions", "paragraphs", "search_text"
    )
    if filters.q:
        qs = search.search_articles_text(qs, filters.q)
    if filters.outlet:
        qs = qs.filter(Q(publisher__slug=filters.outlet) | Q(publisher_name__iexact=filters.outlet))
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.date_from:
        qs = qs.filter(_date_q("", filters.date_from, "gte"))
    if filters.date_to:
        qs = qs.filter(_date_q("", filters.date_to, "lte"))
    if filters.unreviewed:
        qs = qs.filter(
            Exists(
                Claim.objects.filter(
                    article=OuterRef("pk"), is_rejected=False, status__slug=ClaimStatus.UNREVIEWED
                )
            )
        )
    # An undated article sorts by when it was imported (not after every dated one).
    return qs.order_by(Coalesce("published_at", "imported_at").desc(), "-id")


def attach_claim_counts(articles) -> None:
    """Set `claim_count` and `unreviewed_count` on a page of articles (one query, not a
    join of every claim in the database)."""
    articles = list(articles)
    counts = (
        Claim.objects.filter(article__in=[a.pk for a in articles], is_rejected=False)
        .values("article_id")
        .annotate(
            total=Count("pk"),
            unreviewed=Count("pk", filter=Q(status__slug=ClaimStatus.UNREVIEWED)),
        )
    )
    by_article = {row["article_id"]: row for row in counts}
    for article in articles:
        row = by_article.get(article.pk, {})
        article.claim_count = row.get("total", 0)
        article.unreviewed_count = row.get("unreviewed", 0)


def _date_q(prefix: str, day: dt.date, op: str) -> Q:
    """Published (else imported) on or after / before `day`."""
    published = {f"{prefix}published_at__date__{op}": day}
    imported = {f"{prefix}imported_at__date__{op}": day}
    return Q(**published) | Q(**{f"{prefix}published_at__isnull": True}, **imported)


def article_outlets() -> list[tuple[str, str]]:
    """(value, label) for the outlet filter: registry publishers and names as written.

    Two small queries (the registry's sources that publish, through the publisher index;
    names as written, through the partial index `article_written_outlet`), not a scan of
    every article."""
    seen: dict[str, str] = dict(
        Source.objects.filter(Exists(Article.objects.filter(publisher=OuterRef("pk"))))
        .order_by()
        .values_list("slug", "name")
    )
    written = (
        Article.objects.filter(publisher__isnull=True)
        .exclude(publisher_name="")
        .order_by()
        .values_list("publisher_name", flat=True)
        .distinct()
    )
    for name in written:
        seen.setdefault(name, name)
    return sorted(seen.items(), key=lambda item: item[1].lower())


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: a COUNT(*) over 100,000 matching claims (or articles)
    costs more than the page itself. `capped` says the real number is higher than `count`;
    pages past the cap are not offered.

    The count reads the matching ids (at most `cap` + 1); when they are all there is, the
    page is read among those ids only, so a search the planner wrongly thinks frequent
    (`Corée du Nord`: 19,863 rows estimated, none found) no longer walks every claim in
    date order looking for a first match. On PostgreSQL the ids are read newest id first
    (as the pages read claims), within `COUNT_BUDGET_MS`; past it, in the planner's own
    order. Either reading alone misses on a million claims (docs/search-performance.md):
    newest first walks 900,000 claims for a search the planner overrates, the planner's
    order merges a source's claims with every claim id from the oldest.
    """

    cap = 2000

    @cached_property
    def count(self) -> int:
        ids = None
        if connection.vendor == "postgresql":
            ids = within_budget(COUNT_BUDGET_MS, lambda: self._ids("-pk"))
        if ids is None:
            ids = self._ids()
        self.capped = len(ids) > self.cap
        if not self.capped:
            self.matching_ids = ids
        return min(len(ids), self.cap)

    def _ids(self, *order) -> list[int]:
        return list(
            self.object_list.order_by(*order).values_list("pk", flat=True)[: self.cap + 1]
        )

    capped = False
    matching_ids: list[int] | None = None

    def page(self, number):
        number = self.validate_number(number)
        if self.matching_ids is not None and hasattr(self.object_list, "filter"):
            bottom = (number - 1) * self.per_page
            rows = self.object_list.filter(pk__in=ids_parameter(self.matching_ids))
            return self._get_page(rows[bottom : bottom + self.per_page], number, self)
        return super().page(number)


COUNT_BUDGET_MS = 80


def within_budget(milliseconds: int, read):
    """`read()` (a read only), or None when PostgreSQL cancels it after `milliseconds`.

    The statement timeout is set for this read alone: the block is rolled back after it
    (to its savepoint inside a transaction), which also undoes the setting."""
    from django.db import OperationalError, transaction

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)]
                )
            result = read()
            transaction.set_rollback(True)
            return result
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            return None
        raise


def ids_parameter(ids: list[int]):
    """`pk__in` ids as one array parameter on PostgreSQL (`unnest`), a plain list elsewhere."""
    from articles.exports.records import among

    return among(ids) if ids else ids


# -- claims --------------------------------------------------------------------------

def search_claim_text(
    claims: QuerySet[Claim],
    text: str,
    *,
    rank: bool = False,
    notes: str = "also",
    within: tuple[int, ...] | None = None,
) -> QuerySet[Claim]:
    """The claims whose text matches the search `text`: the one text search of the claim
    filter (claims page, exports, API, link picker); `rank` annotates `search_rank` where
    the database can rank (see `articles.search`). `notes` is "also" (the claim's text or
    its notes), "only" (its notes) or "no" (its text only). `within` restricts the search
    to these claim ids up front (a few new claims matched against saved searches)."""
    if notes == "no":
        return search.search_claims_text(claims, text, rank=rank)
    return search.search_claims_and_notes(
        claims, text, rank=rank, notes_only=notes == "only", within=within
    )


# What a list of claims never shows of their articles: the raw input kept for provenance
# (as large as the upload), the cleaned text and its per-line bookkeeping.
ARTICLE_BULK_FIELDS = (
    "raw_input", "raw_bytes", "text", "paragraphs", "dropped_lines", "captions", "search_text"
)


def article_deferred(path: str = "article") -> list[str]:
    """`defer()` arguments leaving out the bulky fields of the article at `path`."""
    return [f"{path}__{name}" for name in ARTICLE_BULK_FIELDS]


def with_list_data(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """What a list of claims shows: article, status, sources, tags (constant queries)."""
    return (
        qs.select_related("article", "status")
        .defer(*article_deferred(), "search_text")
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            ),
            "tags",
        )
    )


class StatusOrderedClaims:
    """The claims of a filter in the status order (`sort=status`), read one status at a time.

    The order's first key is the status's `order`, in another table, so no index serves it:
    PostgreSQL joined and sorted every claim for each page (1.1 s over a million). Each
    status's claims, newest first, are the `newest` order, which the index
    `article_newest_first` serves; a page is the statuses' runs one after the other, and
    skipping to a later page counts (capped) the runs before it. Same claims, same order
    as `filters.sorted()`: statuses that share an `order` are read together.
    """

    ordered = True

    def __init__(self, claims: QuerySet[Claim]):
        self.claims = claims  # filtered, with the list's data

    def order_by(self, *fields) -> QuerySet[Claim]:
        return self.claims.order_by(*fields)

    def filter(self, *args, **kwargs) -> StatusOrderedClaims:
        return StatusOrderedClaims(self.claims.filter(*args, **kwargs))

    def count(self) -> int:
        return self.claims.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0:None])

    def _runs(self) -> list[list[int]]:
        runs: dict[int, list[int]] = {}
        for order, pk in ClaimStatus.objects.order_by("order", "pk").values_list("order", "pk"):
            runs.setdefault(order, []).append(pk)
        return list(runs.values())

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        skip = index.start or 0
        wanted = None if index.stop is None else max(0, index.stop - skip)
        rows: list[Claim] = []
        for status_ids in self._runs():
            if wanted is not None and len(rows) >= wanted:
                break
            run = self.claims.filter(status_id__in=status_ids).order_by(*SORTS["newest"])
            if skip:
                before = run.order_by().values("pk")[:skip].count()
                if before < skip:  # the whole run is on earlier pages
                    skip -= before
                    continue
            rows.extend(run[skip : None if wanted is None else skip + wanted - len(rows)])
            skip = 0
        return rows


def sorted_claims(filters) -> QuerySet[Claim] | StatusOrderedClaims:
    """A `ClaimFilter`'s claims in its order with what a list shows: the claims page and the
    API page through it (`sort=status` reads each status's run, see StatusOrderedClaims)."""
    if (filters.sort or "") == "status":
        return StatusOrderedClaims(with_list_data(filters.filtered()))
    return with_list_data(filters.sorted())


def filter_choices() -> dict:
    """The options of the claims page's filters."""
    sources = list(Source.objects.only("name", "slug", "country"))
    return {
        "statuses": list(ClaimStatus.objects.all()),
        "tags": list(Tag.objects.only("name", "slug")),
        "sources": sources,
        "kinds": Source.Kind.choices,
        "countries": sorted({source.country for source in sources if source.country}),
        "languages": LANGUAGES,
        "origins": Claim.Origin.choices,
        "sorts": [(key, SORT_LABELS.get(key, key)) for key in SORTS],
    }


# -- sources --------------------------------------------------------------------------


def source_claims(source: Source) -> QuerySet[Claim]:
    return Claim.objects.visible().filter(
        Exists(Attribution.objects.filter(claim=OuterRef("pk"), source=source))
    )


def source_recent_claims(source: Source, limit: int = 50) -> list[Claim]:
    """The source's latest claims with their articles, statuses and who makes them."""
    claims = list(
        source_claims(source)
        .select_related("article", "status")
        .defer(*article_deferred())
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            )
        )
        .order_by("-article__published_at", "-article__imported_at", "-id")[:limit]
    )
    for claim in claims:
        claim.source_names = claim_sources(claim)
    return claims


def source_status_counts(source: Source) -> dict[str, int]:
    """How many of the source's claims are in each review status, by status name."""
    return dict(
        Claim.objects.filter(pk__in=source_claims(source).values("pk"))
        .values_list("status__name")
        .annotate(n=Count("pk"))
    )


def source_timeline(source: Source) -> list[tuple[dt.date, int]]:
    """Claims per month (article date), oldest first."""
    rows = (
        Claim.objects.filter(pk__in=source_claims(source).values("pk"))
        .annotate(month=TruncMonth(Coalesce("article__published_at", "article__imported_at")))
        .values("month")
        .annotate(claims=Count("pk"))
        .order_by("month")
    )
    return [(row["month"].date(), row["claims"]) for row in rows if row["month"]]


def source_top_tags(source: Source, limit: int = 10):
    return (
        Tag.objects.filter(claims__in=source_claims(source).values("pk"))
        .annotate(uses=Count("claims"))
        .order_by("-uses", "name")[:limit]
    )


def source_companions(source: Source, limit: int = 10):
    """The sources most often cited beside this one in the same claims."""
    claim_ids = source_claims(source).values("pk")
    return (
        Source.objects.exclude(pk=source.pk)
        .filter(attributions__claim__in=claim_ids)
        .annotate(together=Count("attributions__claim", distinct=True))
        .order_by("-together", "name")[:limit]
    )


# -- a claim's history ----------------------------------------------------------------

FIELD_LABELS = {
    "status": pgettext_lazy("claim field", "status"),
    "credibility": pgettext_lazy("claim field", "credibility"),
    "reliability_override": pgettext_lazy("claim field", "reliability"),
    "stance": pgettext_lazy("claim field", "stance"),
    "cue_text": pgettext_lazy("claim field", "cue"),
    "cue_kind": pgettext_lazy("claim field", "cue kind"),
    "direct_quote": pgettext_lazy("claim field", "direct quote"),
    "is_rejected": pgettext_lazy("claim field", "rejected"),
    "start": pgettext_lazy("claim field", "span start"),
    "end": pgettext_lazy("claim field", "span end"),
    "quote": pgettext_lazy("claim field", "text"),
    "content_start": pgettext_lazy("claim field", "content start"),
    "content_end": pgettext_lazy("claim field", "content end"),
    "tags": pgettext_lazy("claim field", "tags"),
    "reviewed_reliability": pgettext_lazy("claim field", "reliability at review"),
}
# What happened to a claim's attribution, note or link, by simple-history's record type.
RELATED_ACTIONS = {
    ("+", "attribution"): gettext_lazy("added attribution"),
    ("~", "attribution"): gettext_lazy("changed attribution"),
    ("-", "attribution"): gettext_lazy("removed attribution"),
    ("+", "note"): gettext_lazy("added a note"),
    ("~", "note"): gettext_lazy("changed a note"),
    ("-", "note"): gettext_lazy("removed a note"),
    ("+", "link"): gettext_lazy("added a link"),
    ("~", "link"): gettext_lazy("changed a link"),
    ("-", "link"): gettext_lazy("removed a link"),
}
HIDDEN_FIELDS = {
    "version", "modified", "curated", "created", "prefix", "suffix", "author", "reviewed_at",
    "search_text", "story",
}

@dataclass
class Change:
    """One line of a claim's history: who did what, when."""

    when: datetime
    who: str
    action: str
    details: list[tuple[str, str, str]] = field(default_factory=list)
    version: int | None = None



def _who(record) -> str:
    user = record.history_user
    who = user.get_username() if user else gettext("the system")
    reason = getattr(record, "history_change_reason", "") or ""
    return f"{who} ({reason})" if reason.startswith("API token") else who


def claim_history(
    claim: Claim, *, since_version: int | None = None, statuses: list | None = None
) -> list[Change]:
    """Who changed what on the claim, its attributions, notes, tags and links; newest first."""
    records = list(
        claim.history.select_related("history_user").order_by("history_date", "history_id")
    )
    # What changed after `since_version`: everything from the first save of a later version
    # (each edit bumps the version before writing its notes, attributions or links).
    since = None
    if since_version is not None:
        later = [r for r in records if r.version > since_version]
        since = later[0].history_date if later else None
    statuses = {s.pk: s.display_name for s in (statuses or ClaimStatus.objects.all())}
    tags_at: dict[int, set[int]] = {r.history_id: set() for r in records}
    through = _tags_history_model()
    for history_id, tag_id in through.objects.filter(history_id__in=list(tags_at)).values_list(
        "history_id", "tag_id"
    ):
        tags_at[history_id].add(tag_id)
    fields = [
        f for f in Claim._meta.concrete_fields if f.name not in HIDDEN_FIELDS and f.name != "id"
    ]
    tag_ids: set[int] = set()
    changes: list[Change] = []
    previous = None
    added_tag, removed_tag = gettext("added tag"), gettext("removed tag")
    for record in records:
        if record.history_type == "+":
            if claim.origin == Claim.Origin.MANUAL:
                action = gettext("added the claim")
            else:
                action = gettext("found the claim")
            changes.append(Change(record.history_date, _who(record), action, [], record.version))
        elif previous is not None:
            details = []
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old == new:
                    continue
                label = str(FIELD_LABELS.get(f.name, f.name.replace("_", " ")))
                if f.name == "status":
                    old, new = statuses.get(old, old), statuses.get(new, new)
                details.append((label, _show(old), _show(new)))
            old_tags, new_tags = tags_at[previous.history_id], tags_at[record.history_id]
            tag_ids.update(old_tags | new_tags)
            details.extend((added_tag, t, "") for t in sorted(new_tags - old_tags))
            details.extend((removed_tag, t, "") for t in sorted(old_tags - new_tags))
            if details:
                changes.append(
                    Change(
                        record.history_date,
                        _who(record),
                        gettext("changed"),
                        details,
                        record.version,
                    )
                )
        previous = record
    if tag_ids:
        names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        for change in changes:
            change.details = [
                (label, names.get(old, gettext("tag #%(id)s") % {"id": old}), new)
                if label in (added_tag, removed_tag)
                else (label, old, new)
                for label, old, new in change.details
            ]
    changes.extend(_related_history(claim))
    changes.extend(_source_grade_history(claim))
    changes.extend(desk_history(claim))
    if since_version is not None:
        changes = [c for c in changes if since is not None and c.when >= since]
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


def _tags_history_model():
    """simple-history's model of the claim's tags at each historical record."""
    from django.apps import apps

    return apps.get_model("articles", "HistoricalClaim_tags")


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    return str(value)


def _related_history(claim: Claim) -> list[Change]:
    changes: list[Change] = []
    attribution_records = list(
        Attribution.history.filter(claim_id=claim.pk)
        .select_related("history_user", "source")
        .order_by("history_date")
    )
    for record in attribution_records:
        who = record.source.name if record.source_id and record.source else gettext("unresolved")
        changes.append(
            Change(
                record.history_date,
                _who(record),
                str(RELATED_ACTIONS[record.history_type, "attribution"]),
                [("", f"“{record.mention}” → {who}", "")],
            )
        )
    for record in Note.history.filter(claim_id=claim.pk).select_related("history_user"):
        changes.append(
            Change(
                record.history_date,
                _who(record),
                str(RELATED_ACTIONS[record.history_type, "note"]),
                [("", record.body[:120], "")],
            )
        )
    links = ClaimLink.history.filter(
        Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)
    ).select_related("history_user")
    for record in links:
        other = record.to_claim_id if record.from_claim_id == claim.pk else record.from_claim_id
        changes.append(
            Change(
                record.history_date,
                _who(record),
                str(RELATED_ACTIONS[record.history_type, "link"]),
                [
                    (
                        str(ClaimLink.LABELS.get(record.kind, record.kind)),
                        gettext("claim #%(id)s") % {"id": other},
                        "",
                    )
                ],
            )
        )
    return changes


def _source_grade_history(claim: Claim) -> list[Change]:
    """Grade changes of the claim's sources since it was found, from the sources' history.

    A reviewed claim keeps its grade at review; these lines say when and by whom the
    source's grade moved on, so the claim's history explains "B2 at review, source now C".
    """
    source_ids = {
        a.source_id
        for a in Attribution.objects.filter(claim_id=claim.pk).only("source_id")
        if a.source_id
    }
    if not source_ids:
        return []
    records = (
        Source.history.filter(id__in=source_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], None
    for record in records:
        if (
            previous is not None
            and previous.id == record.id
            and previous.reliability != record.reliability
            and record.history_date >= claim.created
        ):
            kept = (
                gettext("this claim keeps %(grade)s as judged at review")
                % {"grade": format_grade(claim.reviewed_reliability, claim.credibility)}
                if claim.reviewed_at is not None and claim.reviewed_at <= record.history_date
                else ""
            )
            label = gettext("%(name)s's reliability") % {"name": record.name}
            details = [(label, previous.reliability, record.reliability)]
            if kept:
                details.append(("", kept, ""))
            changes.append(
                Change(
                    record.history_date, _who(record), gettext("changed a source's grade"), details
                )
            )
        previous = record
    return changes


def changes_since(claim: Claim, version: int) -> list[Change]:
    """What colleagues changed after `version`, for the conflict message."""
    return claim_history(claim, since_version=version)


# -- the reader and the claim panel -------------------------------------------------------


class ShownParagraph(list):
    """A paragraph's segments, with its kind ("h", "li", "row" or "") for the reader."""

    def __init__(self, segments, kind: str = ""):
        super().__init__(segments)
        self.kind = kind


@dataclass(slots=True)
class ShownSegment:
    """A segment of text as the reader shows it: its claim (if any) and the badge after it."""

    start: int
    text: str
    claim: Claim | None = None
    claim_ids: str = ""
    badge: str = ""


def claim_sources(claim: Claim, attributions=None) -> list[str]:
    """Short names of who makes the claim (resolved source, else the mention as written)."""
    names: list[str] = []
    for attribution in claim.attributions.all() if attributions is None else attributions:
        name = attribution.source.name if attribution.source_id else attribution.mention
        if name and name not in names:
            names.append(name)
    return names


def prepare_claim(claim: Claim) -> Claim:
    """Compute once what the reader shows of a claim many times (URL, sources, grade)."""
    attributions = list(claim.attributions.all())
    claim.url = claim.get_absolute_url()
    claim.source_names = claim_sources(claim, attributions)
    claim.assessed = claim.assessment([a.source for a in attributions if a.source_id])
    claim.grade_text = claim.assessed.text
    return claim


def reader_claims(article: Article) -> list[Claim]:
    """The article's visible claims in reading order, with what the reader shows of them."""
    return list(
        article.claims.visible()
        .select_related("status")
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source")
                .only("claim_id", "mention", "source__name", "source__reliability")
                .order_by("position", "id"),
            )
        )
        .only(
            "article_id",
            "start",
            "end",
            "quote",
            "credibility",
            "reliability_override",
            "reviewed_reliability",
            "reviewed_at",
            "is_rejected",
            "status__slug",
            "status__name",
            "confidence",
        )
        .in_reading_order()
    )


def check_first(claims: list[Claim]) -> list[Claim]:
    """Claims least likely to be right first (lowest confidence; hand-made ones last)."""
    return sorted(claims, key=lambda c: (c.confidence is None, c.confidence or 0.0, c.start))


def reader_context(
    article: Article, open_claim: Claim | None = None, order: str = "reading"
) -> dict:
    """What the reader page needs: paragraphs of segments, the claims list, the open claim."""
    claims = reader_claims(article)
    by_id = {claim.pk: claim for claim in claims}
    for claim in claims:
        prepare_claim(claim)
        claim.article = article  # reading order and URLs need no further query
    paragraphs = []
    for paragraph in segment_text(
        article.text,
        (ClaimSpan(c.pk, c.start, c.end) for c in claims),
        article.paragraphs,
    ):
        shown = []
        for segment in paragraph.segments:
            claim = by_id.get(segment.claim_id) if segment.claim_id else None
            badge = " · ".join(
                ", ".join(by_id[cid].source_names[:2]) or "?" for cid in segment.ends_claims
            )
            shown.append(
                ShownSegment(
                    segment.start,
                    segment.text,
                    claim,
                    " ".join(str(cid) for cid in segment.claim_ids),
                    badge,
                )
            )
        paragraphs.append(ShownParagraph(shown, paragraph.kind))
    return {
        **header_context(article),
        "headline_claims": headline_claims(article),
        "claims": check_first(claims) if order == "confidence" else claims,
        "claims_order": "confidence" if order == "confidence" else "reading",
        "paragraphs": paragraphs,
        "open_claim": open_claim,
        "sources": list(Source.objects.active().only("name", "kind", "reliability")),
        "shortcut_statuses": statuses_with_keys(),
    }


def header_context(article: Article) -> dict:
    """The article's header: its metadata and what the cleaner was unsure of."""
    from articles.services.articles import DOUBTS as doubts

    return {
        "article": article,
        "doubts": [doubts[d] for d in article.metadata_doubts if d in doubts],
    }


def reader_articles() -> QuerySet[Article]:
    """Articles with what the reader shows of them (not the raw input)."""
    return Article.objects.select_related("publisher", "imported_by").defer(
        "raw_input", "raw_bytes"
    )


def panel_claim(pk: int) -> Claim:
    """The claim with everything its panel shows (sources, tags, notes, links)."""
    return (
        Claim.objects.select_related("article", "status", "author")
        .defer("article__raw_input", "article__raw_bytes")  # the reader shows the rest
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            ),
            "tags",
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch(
                "links_out",
                queryset=ClaimLink.objects.select_related("to_claim__article", "author").defer(
                    *article_deferred("to_claim__article")
                ),
            ),
            Prefetch(
                "links_in",
                queryset=ClaimLink.objects.select_related("from_claim__article", "author").defer(
                    *article_deferred("from_claim__article")
                ),
            ),
        )
        .get(pk=pk)
    )


def claim_panel(claim: Claim, user) -> dict:
    """What the claim panel shows of `claim` to `user`: notes (rendered, which the user may
    change), links both ways, history, and the choices of its forms."""
    from articles.markdown import render_markdown
    from articles.roles import is_desk_admin
    from articles.services.permissions import can_change_note

    now = timezone.now()
    window = dt.timedelta(minutes=Note.EDIT_WINDOW_MINUTES)
    admin = is_desk_admin(user)
    threads: list[Note] = []
    replies: dict[int, list[Note]] = {}
    for note in claim.notes.all():
        note.html = render_markdown(note.body)
        note.editable = can_change_note(user, note) and (admin or now - note.created <= window)
        note.deletable = can_change_note(user, note)
        if note.parent_id:
            replies.setdefault(note.parent_id, []).append(note)
        else:
            threads.append(note)
    for note in threads:
        note.thread = replies.get(note.pk, [])
    links = [
        {
            "link": link,
            "direction": "out",
            "other": link.to_claim,
            "label": ClaimLink.LABELS[link.kind],
        }
        for link in claim.links_out.all()
    ] + [
        {
            "link": link,
            "direction": "in",
            "other": link.from_claim,
            "label": ClaimLink.LABELS[ClaimLink.PASSIVE[link.kind]],
        }
        for link in claim.links_in.all()
    ]
    prepare_claim(claim)
    statuses = statuses_with_keys()
    return {
        "claim": claim,
        "open_claim": claim,
        "article": claim.article,
        "links": links,
        "history": claim_history(claim, statuses=statuses),
        "statuses": statuses,
        "all_sources": list(Source.objects.active().only("name", "kind", "reliability")),
        "all_tags": list(Tag.objects.values_list("name", flat=True)),
        "stances": Claim.Stance.choices,
        "cue_kinds": Claim.CueKind.choices,
        "credibility_grades": CREDIBILITY_GRADES,
        "reliability_grades": RELIABILITY_GRADES,
        "link_kinds": ClaimLink.Kind.choices,
        "threads": threads,
        **desk_panel(claim, user),
        "suggestions": claim_suggestions(claim),
        "story": story_view(claim.story) if claim.story_id else None,
    }


# --- suggested sources: unresolved mentions across the corpus ----------------------------


@dataclass
class UnresolvedMention:
    """Mentions no registry source matches, grouped by their normalised form."""

    key: str
    mention: str  # the most frequent spelling
    count: int
    examples: list  # a few Attribution rows, with their claim and article


# How many unresolved attributions the page groups (the newest first on a huge corpus).
UNRESOLVED_SCAN_LIMIT = 50_000


def unresolved_mentions(limit: int = 100, examples: int = 3) -> list[UnresolvedMention]:
    """The unresolved source mentions of visible claims, most frequent first, with a few
    sentences each. Pronouns and anaphors (`il`, `the agency`) are left out: they cannot
    become aliases."""
    from articles.extraction import lexicon as lx
    from articles.extraction.resolve import strip_determiner
    from articles.textnorm import normalize_mention

    skip = lx.FR_PRONOUNS | lx.EN_PRONOUNS
    rows = (
        Attribution.objects.filter(source__isnull=True, claim__is_rejected=False)
        .order_by("-pk")
        .values_list("pk", "mention")[:UNRESOLVED_SCAN_LIMIT]
    )
    groups: dict[str, dict] = {}
    for pk, mention in rows:
        bare = strip_determiner(mention)
        if mention.strip().casefold() in skip or (
            len(bare.split()) == 1 and bare.casefold() in lx.ANAPHORIC_NOUNS
        ):
            continue
        key = normalize_mention(mention)
        if not key:
            continue
        group = groups.setdefault(key, {"count": 0, "spellings": {}, "pks": []})
        group["count"] += 1
        group["spellings"][mention] = group["spellings"].get(mention, 0) + 1
        if len(group["pks"]) < examples:
            group["pks"].append(pk)
    top = sorted(groups.items(), key=lambda kv: (-kv[1]["count"], kv[0]))[:limit]
    wanted = [pk for _, g in top for pk in g["pks"]]
    by_pk = Attribution.objects.select_related("claim__article").in_bulk(wanted)
    return [
        UnresolvedMention(
            key=key,
            mention=max(g["spellings"].items(), key=lambda kv: kv[1])[0],
            count=g["count"],
            examples=[by_pk[pk] for pk in g["pks"] if pk in by_pk],
        )
        for key, g in top
    ]


def headline_claims(article):
    """The claims found in an article's title, with their sources (the reader's header)."""
    from articles.models import HeadlineAttribution

    return list(
        article.headline_claims.prefetch_related(
            Prefetch(
                "attributions",
                queryset=HeadlineAttribution.objects.select_related("source").only(
                    "claim_id", "mention", "position", "source__name", "source__slug"
                ),
            )
        ).order_by("cue_start", "id")
    )


# -- the reader's workspace -------------------------------------------------------------


def statuses_with_keys() -> list[ClaimStatus]:
    """Every review status in display order, each with its keyboard shortcut as `.key`."""
    statuses = list(ClaimStatus.objects.all())
    keys = status_keys((s.pk, s.slug, s.name) for s in statuses)
    for status in statuses:
        status.key = keys.get(status.slug, "")
    return statuses


def source_by_name(name: str) -> Source | None:
    """The active registry source called `name` (its name or one of its aliases), if one is."""
    name = " ".join((name or "").split())
    if not name:
        return None
    active = Source.objects.active()
    found = active.filter(name__iexact=name).first()
    if found is None:
        found = active.filter(aliases__alias__iexact=name).distinct().first()
    return found


PICKER_LIMIT = 15


def picker_claims(q: str, exclude: int | None = None) -> list[Claim]:
    """Claims to link to: their text matches `q`, or who makes them does (source or mention)."""
    by_text = search_claim_text(Claim.objects.visible(), q, notes="no").values("pk")
    by_source = Attribution.objects.filter(
        Q(source__name__icontains=q)
        | Q(mention__icontains=q)
        | Q(source__aliases__alias__icontains=q)
    ).values("claim_id")
    qs = Claim.objects.visible().filter(Q(pk__in=by_text) | Q(pk__in=by_source))
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(
        qs.select_related("article")
        .defer(*article_deferred())
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            )
        )
        .order_by("-pk")[:PICKER_LIMIT]
    )


def article_versions(article) -> list[dict]:
    """Each stored version of an article with its sentence diff against the text before it."""
    from articles.models import ArticleVersion
    from articles.services.tracking import sentence_diff

    rows = []
    previous = None
    for version in ArticleVersion.objects.filter(article=article).defer("raw_bytes"):
        diff = []
        if previous is not None and version.kind == ArticleVersion.Kind.EDITED:
            diff = sentence_diff(previous.text, version.text)
        rows.append({"version": version, "diff": diff})
        if version.kind != ArticleVersion.Kind.DELETED:
            previous = version
    return rows


# --- the desk at work: queue, inbox, reviews, agreement ------------------------------------


def _count_of(qs, outer: str):
    """A correlated COUNT(*) of `qs` per row of the outer query (0 when none)."""
    from django.db.models import IntegerField, Subquery

    return Coalesce(
        Subquery(
            qs.order_by().values(outer).annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def nav_counts(user) -> dict[str, int]:
    """Open assignments and unread notifications of `user`, in one query."""
    from django.contrib.auth import get_user_model

    from articles.models import Assignment, Notification

    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            queue=_count_of(
                Assignment.objects.filter(assignee=OuterRef("pk"), done_at__isnull=True),
                "assignee",
            ),
            unread=_count_of(
                Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True),
                "recipient",
            ),
        )
        .first()
    )
    return row or {"queue": 0, "unread": 0}


def my_queue(user) -> QuerySet:
    """The user's open assignments, what needs attention first: claims still unreviewed,
    then those the extractor was least sure of, then the oldest assignments."""
    from django.db.models import Case, F, IntegerField, Value, When

    from articles.models import Assignment, ClaimReview

    pending = ClaimReview.objects.filter(claim=OuterRef("claim_id"), state="pending")
    return (
        Assignment.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("claim__status", "claim__article", "assigned_by")
        .defer(*article_deferred("claim__article"), "claim__article__text")
        .annotate(
            unreviewed=Case(
                When(claim__status__slug=ClaimStatus.UNREVIEWED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            awaiting_review=Exists(pending),
        )
        .order_by("unreviewed", F("claim__confidence").asc(nulls_last=True), "created", "id")
    )


def inbox(user) -> QuerySet:
    """The user's notifications, newest first."""
    from articles.models import Notification

    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "claim", "saved_search")
        .defer("claim__search_text")
        .order_by("-created", "-id")
    )


def pending_review(claim: Claim):
    """The verdict on `claim` waiting for a second researcher, if any."""
    from articles.models import ClaimReview

    return (
        ClaimReview.objects.filter(claim=claim, state=ClaimReview.State.PENDING)
        .select_related("status", "previous_status", "proposed_by")
        .first()
    )


def desk_panel(claim: Claim, user) -> dict:
    """What the claim panel shows of the desk's work on `claim` to `user`."""
    from articles.models import Assignment, BlindGrade

    review = pending_review(claim)
    assignments = list(
        Assignment.objects.filter(claim=claim, done_at__isnull=True).select_related("assignee")
    )
    blind = next((a for a in assignments if a.assignee_id == user.pk and a.blind), None)
    return {
        "review": review,
        "can_review": bool(review and review.proposed_by_id != user.pk),
        "assignments": assignments,
        "blind_assignment": blind,
        "my_blind_grade": BlindGrade.objects.filter(claim=claim, grader=user).first(),
    }


def researcher_names() -> list[str]:
    """Usernames of the people claims can be assigned to (the researcher role)."""
    from django.contrib.auth import get_user_model

    can_work = Q(
        groups__permissions__codename="change_claim",
        groups__permissions__content_type__app_label="articles",
    )
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | can_work)
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)[:500]
    )


def desk_history(claim: Claim) -> list[Change]:
    """Reviews and assignments of `claim`, as lines of its history."""
    from articles.models import Assignment, ClaimReview

    changes = []
    for review in ClaimReview.objects.filter(claim=claim).select_related(
        "status", "proposed_by", "reviewer"
    ):
        who = review.proposed_by.get_username() if review.proposed_by else "someone"
        changes.append(
            Change(review.proposed_at, who, "asked for review of the verdict",
                   [("status", review.status.name, "")])
        )  # fmt: skip
        if review.decided_at and review.state != ClaimReview.State.WITHDRAWN:
            reviewer = review.reviewer.get_username() if review.reviewer else "someone"
            action = (
                "approved the verdict" if review.state == "approved" else "sent back the verdict"
            )
            details = [("status", review.status.name, "")]
            if review.comment:
                details.append(("comment", review.comment, ""))
            changes.append(Change(review.decided_at, reviewer, action, details))
    for assignment in Assignment.objects.filter(claim=claim).select_related(
        "assignee", "assigned_by"
    ):
        who = assignment.assigned_by.get_username() if assignment.assigned_by else "someone"
        action = (
            "assigned the claim for blind grading" if assignment.blind else "assigned the claim"
        )
        changes.append(
            Change(
                assignment.created, who, action, [("to", assignment.assignee.get_username(), "")]
            )
        )
    return changes


def review_table() -> list[dict]:
    """Per researcher: verdicts they asked review of, approved or sent back, and the
    reviews they gave (approvals, send-backs)."""
    from django.contrib.auth import get_user_model

    from articles.models import ClaimReview

    State = ClaimReview.State
    rows: dict[int, dict] = {}

    def row(pk):
        return rows.setdefault(
            pk,
            {"proposed": 0, "agreed": 0, "sent_back": 0, "approvals_given": 0,
             "send_backs_given": 0},
        )  # fmt: skip

    for pk, state, n in (
        ClaimReview.objects.exclude(proposed_by=None)
        .values_list("proposed_by", "state")
        .annotate(n=Count("*"))
        .order_by()
    ):
        r = row(pk)
        if state != State.WITHDRAWN:
            r["proposed"] += n
        if state == State.APPROVED:
            r["agreed"] += n
        elif state == State.SENT_BACK:
            r["sent_back"] += n
    for pk, state, n in (
        ClaimReview.objects.exclude(reviewer=None)
        .filter(state__in=[State.APPROVED, State.SENT_BACK])
        .values_list("reviewer", "state")
        .annotate(n=Count("*"))
        .order_by()
    ):
        row(pk)["approvals_given" if state == State.APPROVED else "send_backs_given"] += n
    names = dict(get_user_model().objects.filter(pk__in=rows).values_list("pk", "username"))
    result = []
    for pk, r in rows.items():
        decided = r["agreed"] + r["sent_back"]
        r["username"] = names.get(pk, f"user {pk}")
        r["agreement"] = round(100 * r["agreed"] / decided) if decided else None
        result.append(r)
    return sorted(result, key=lambda r: r["username"])


def grading_agreement() -> dict:
    """Cohen's kappa of blind double grades (the first two graders of each claim), overall
    and per kind of the claim's first resolved source."""
    from articles.agreement import cohens_kappa
    from articles.models import BlindGrade

    by_claim: dict[int, list[str]] = {}
    for claim_id, reliability, credibility in BlindGrade.objects.order_by(
        "claim_id", "created", "id"
    ).values_list("claim_id", "reliability", "credibility"):
        by_claim.setdefault(claim_id, []).append(f"{reliability}{credibility}")
    pairs = {pk: (g[0], g[1]) for pk, g in by_claim.items() if len(g) >= 2}
    kinds: dict[int, str] = {}
    for claim_id, kind in (
        Attribution.objects.filter(claim_id__in=list(pairs), source__isnull=False)
        .order_by("claim_id", "-position", "-id")
        .values_list("claim_id", "source__kind")
    ):
        kinds[claim_id] = kind  # the last one written is the first by position
    per_kind: dict[str, list[tuple[str, str]]] = {}
    for pk, pair in pairs.items():
        per_kind.setdefault(kinds.get(pk, ""), []).append(pair)
    labels = dict(Source.Kind.choices)
    return {
        "overall": {"claims": len(pairs), "kappa": cohens_kappa(pairs.values())},
        "kinds": [
            {
                "kind": labels.get(kind, gettext("no resolved source")),
                "claims": len(items),
                "kappa": cohens_kappa(items),
            }
            for kind, items in sorted(per_kind.items())
        ],
    }


# --- stories: one claim across articles -------------------------------------------------


def origin_of(claim: Claim) -> list[tuple[str, str]]:
    """The claim's origins as (key, label): the speaker(s) at the head of its attribution
    chain (position 0), resolved to a registry source where possible; with no attribution,
    the outlet's own reporting."""
    attributions = list(claim.attributions.all())
    if attributions:
        head = min(a.position for a in attributions)
        found = []
        for a in attributions:
            if a.position != head:
                continue
            if a.source_id:
                found.append((f"s:{a.source_id}", a.source.name if a.source else a.mention))
            else:
                found.append((f"m:{normalize_mention(a.mention)}"[:100], a.mention))
        return found
    article = claim.article
    if article.publisher_id:
        return [(f"s:{article.publisher_id}", article.outlet_name)]
    if article.publisher_name:
        return [(f"m:{normalize_mention(article.publisher_name)}"[:100], article.publisher_name)]
    untitled = gettext("Article %(number)s") % {"number": article.pk}
    return [(f"a:{article.pk}", article.title or untitled)]


def _chain(claim: Claim) -> list[str]:
    """Who heard it from whom, speaker first: `NIS ← Yonhap ← franceinfo`."""
    names = [
        a.source.name if a.source_id and a.source else a.mention
        for a in sorted(claim.attributions.all(), key=lambda a: (a.position, a.start or 0))
    ]
    outlet = claim.article.outlet_name
    if outlet and outlet not in names:
        names.append(outlet)
    return names


def _story_claims(story: Story) -> list[Claim]:
    return list(
        story.claims.select_related("article", "article__publisher", "status")
        .defer(*article_deferred())
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            )
        )
    )


@dataclass
class Appearance:
    """One claim of a story as the story page lists it."""

    claim: Claim
    outlet: str
    when: datetime
    language: str
    chain: list[str]
    origins: list[tuple[str, str]]


@dataclass
class StoryView:
    """A story with what is derived from its claims: appearances (oldest first), the first
    appearance, independent origins (the heads of the chains) and the timeline by day."""

    story: Story
    appearances: list[Appearance]
    origins: dict[str, dict]  # key -> {"label", "chains": [...]}
    pending: list = field(default_factory=list)  # suggestions still open on its claims

    @property
    def first(self) -> Appearance | None:
        return self.appearances[0] if self.appearances else None

    @property
    def article_count(self) -> int:
        return len({a.claim.article_id for a in self.appearances})

    @property
    def origin_count(self) -> int:
        return len(self.origins)

    @property
    def suggest_credibility(self) -> bool:
        """Credibility 2 ("probably true: confirmed by independent sources") may be suggested
        only with at least two independent origins; it is never set automatically."""
        return self.origin_count >= 2

    def timeline(self) -> list[tuple[dt.date, dict[str, int]]]:
        """Appearances per day and outlet, oldest day first."""
        days: dict[dt.date, dict[str, int]] = {}
        for a in self.appearances:
            outlets = days.setdefault(a.when.date(), {})
            outlets[a.outlet] = outlets.get(a.outlet, 0) + 1
        return sorted(days.items())

    def as_dict(self) -> dict:
        """The story as `manage.py stories show --format json` and the JSON export give it."""
        first = self.first
        return {
            "id": self.story.pk,
            "canonical": self.story.canonical,
            "articles": self.article_count,
            "independent_origins": self.origin_count,
            "origins": [
                {"key": key, "label": o["label"], "chains": o["chains"]}
                for key, o in self.origins.items()
            ],
            "first_appearance": (
                {
                    "claim": first.claim.pk,
                    "article": first.claim.article_id,
                    "outlet": first.outlet,
                    "published": first.when.isoformat(),
                }
                if first
                else None
            ),
            "appearances": [
                {
                    "claim": a.claim.pk,
                    "article": a.claim.article_id,
                    "outlet": a.outlet,
                    "published": a.when.isoformat(),
                    "language": a.language,
                    "sentence": a.claim.quote,
                    "chain": a.chain,
                    "status": a.claim.status.name,
                    "grade": a.claim.grade,
                }
                for a in self.appearances
            ],
        }


def story_view(story: Story) -> StoryView:
    """Everything the story page shows, derived from the story's claims."""
    from articles.models import MatchSuggestion

    appearances = []
    origins: dict[str, dict] = {}
    for claim in _story_claims(story):
        article = claim.article
        found = origin_of(claim)
        chain = _chain(claim)
        appearances.append(
            Appearance(
                claim=claim,
                outlet=article.outlet_name or article.title or f"Article {article.pk}",
                when=article.published_at or article.imported_at,
                language=article.language,
                chain=chain,
                origins=found,
            )
        )
        for key, label in found:
            entry = origins.setdefault(key, {"label": label, "chains": []})
            if chain not in entry["chains"]:
                entry["chains"].append(chain)
    appearances.sort(key=lambda a: (a.when, a.claim.pk))
    ids = [a.claim.pk for a in appearances]
    pending = list(
        MatchSuggestion.objects.filter(state=MatchSuggestion.State.SUGGESTED)
        .filter(Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids))
        .select_related("claim_a__article", "claim_b__article")
        .defer(*article_deferred("claim_a__article"), *article_deferred("claim_b__article"))
    )
    return StoryView(story=story, appearances=appearances, origins=origins, pending=pending)


def claim_suggestions(claim: Claim) -> list[dict]:
    """The open match suggestions of `claim`, best first, each with the other claim."""
    from articles.models import MatchSuggestion

    rows = (
        MatchSuggestion.objects.filter(state=MatchSuggestion.State.SUGGESTED)
        .filter(Q(claim_a=claim) | Q(claim_b=claim))
        .select_related("claim_a__article__publisher", "claim_b__article__publisher")
        .defer(*article_deferred("claim_a__article"), *article_deferred("claim_b__article"))
        .order_by("-score", "id")
    )
    return [
        {
            "suggestion": s,
            "other": s.claim_b if s.claim_a_id == claim.pk else s.claim_a,
            "evidence": s.evidence,
        }
        for s in rows
    ]


def source_stories(source: Source, limit: int = 50) -> list[Story]:
    """Stories the source originated: it heads the attribution chain of one of their claims."""
    return list(
        Story.objects.filter(
            claims__attributions__source=source, claims__attributions__position=0
        )
        .distinct()
        .order_by("-id")[:limit]
    )


def user_export_jobs(user):
    """The API export jobs `user` started (nobody else's), without their files."""
    from articles.models import ExportJob

    return ExportJob.objects.filter(created_by=user).defer("data")
