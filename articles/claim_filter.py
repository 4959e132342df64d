"""The one claim filter: the claims page, the exports (report builder, `manage.py export`)
and the API read the same query parameters into a `ClaimFilter` and get the same claims.

A saved claims-page link, a download and an API call with the same parameters therefore
select the same claims; only the order differs where the caller asks for one (`sort`).
Every parameter that names nothing, or is not a value the filter understands, raises
`ClaimFilterError` with a message saying which and why, instead of being ignored.

Text search is one call, `selectors.search_claim_text`, so its internals can change
(a stored search vector, normalised text) without touching the filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from articles.models import (
    COUNTRIES,
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    MatchSuggestion,
    Source,
    SourceAlias,
    Story,
    Tag,
)
from articles.params import parse_id
from articles.textnorm import normalize_mention

# Query-string names. `rejected=1` means only rejected claims (as on the claims page);
# `with_rejected=1` adds them to the others (a whole-instance backup). `sort` orders the
# claims page and the API; exports keep reading order.
PARAMS = (
    "article", "source", "tag", "q", "from", "to", "status", "language", "kind", "country",
    "grade", "reliability", "credibility", "origin", "rejected", "with_rejected", "sort",
    "reviewed", "ids", "notes", "suggested", "story",
)
# Names other pages may use for the same thing.
PARAM_ALIASES = {"query": "q", "date_from": "from", "date_to": "to", "lang": "language"}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}

# The claims a researcher ticks on the claims page travel in the URL: a report of more
# is a search or a filter, not a hand selection.
MAX_SELECTED_CLAIMS = 1000

# An undated article sorts by when it was imported, among the dated ones.
_NEWEST = (Coalesce("article__published_at", "article__imported_at").desc(),)
# Orders of the claims page and the API; the final `id` makes every order total, so
# pages (and API cursors) never skip or repeat a claim.
SORTS = {
    # The PostgreSQL index `article_newest_first` serves this order.
    "newest": (*_NEWEST, "-id"),
    "oldest": (Coalesce("article__published_at", "article__imported_at").asc(), "id"),
    # Then the latest found first (the index `claim_credibility_order`; an article date as the
    # second key would sort every claim of the database for each page).
    "credibility": (F("credibility").asc(nulls_last=True), "-id"),
    "status": ("status__order", *_NEWEST, "-id"),
    "article": ("article_id", "start", "id"),
    # "check these first": the claims the extractor is least sure of (hand-made ones last)
    "confidence": (F("confidence").asc(nulls_last=True), *_NEWEST, "-id"),
    # Grouped by story (a story's claims side by side, oldest story first), then the rest.
    "story": (F("story_id").asc(nulls_last=True), *_NEWEST, "-id"),
    # Best match first; without search text (or where the database cannot rank), newest first.
    "relevance": ("-search_rank", *_NEWEST, "-id"),
}
DEFAULT_SORT = "newest"
# The orders as the claims page's menu names them.
SORT_LABELS = {
    "newest": pgettext_lazy("sort", "newest"),
    "oldest": pgettext_lazy("sort", "oldest"),
    "credibility": pgettext_lazy("sort", "credibility"),
    "status": pgettext_lazy("sort", "status"),
    "article": pgettext_lazy("sort", "article"),
    "confidence": pgettext_lazy("sort", "confidence"),
    "story": pgettext_lazy("sort", "story"),
    "relevance": pgettext_lazy("sort", "relevance"),
}
# An origin as a report's scope says it.
ORIGIN_SCOPES = {
    Claim.Origin.AUTOMATIC: gettext_lazy("automatic claims"),
    Claim.Origin.MANUAL: gettext_lazy("claims added by hand"),
}


class ClaimFilterError(ValueError):
    """A filter parameter names nothing that exists or is not a valid value; says which."""


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims: empty fields do not filter."""

    article: int | None = None
    source: Source | None = None
    tag: Tag | None = None
    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: ClaimStatus | None = None
    language: str = ""
    kind: str = ""
    country: str = ""
    reliability: str = ""
    credibility: int | None = None
    origin: str = ""
    only_rejected: bool = False
    include_rejected: bool = False
    reviewed_only: bool = False
    claim_ids: tuple[int, ...] = ()
    notes_only: bool = False
    suggested_only: bool = False  # claims with a match suggestion waiting for a decision
    story: int | None = None
    sort: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str], *, memo: dict | None = None) -> ClaimFilter:
        """Read a filter from query parameters; raise ClaimFilterError on a wrong value.

        `memo` (a dict the caller keeps) remembers the tags, statuses, sources and articles
        already looked up, for a caller that reads many filters at once (saved searches).
        """
        if memo is not None:
            return cls._from_params(params, _Memo(memo))
        return cls._from_params(params, None)

    @classmethod
    def _from_params(cls, params: Mapping[str, str], memo: _Memo | None) -> ClaimFilter:
        raw = {PARAM_ALIASES.get(k, k): v for k, v in params.items()}
        cached = memo.get if memo is not None else (lambda kind, value, look: look(value))
        get = lambda name: str(raw.get(name) or "").strip()  # noqa: E731
        values: dict = {}
        if get("article"):
            values["article"] = parse_id(get("article"))
            if values["article"] is None:
                raise ClaimFilterError(
                    _("“%(value)s” is not an article number.") % {"value": get("article")}
                )
            exists = cached(
                "article", values["article"], lambda pk: Article.objects.filter(pk=pk).exists()
            )
            if not exists:
                raise ClaimFilterError(
                    _("There is no article %(number)s.") % {"number": values["article"]}
                )
        if get("source"):
            values["source"] = cached("source", get("source"), resolve_source)
        if get("tag"):
            tag = cached(
                "tag",
                get("tag"),
                lambda v: Tag.objects.filter(Q(slug=v) | Q(name__iexact=v)).first(),
            )
            if tag is None:
                raise ClaimFilterError(_("There is no tag “%(name)s”.") % {"name": get("tag")})
            values["tag"] = tag
        if get("status"):
            status = cached(
                "status",
                get("status"),
                lambda v: ClaimStatus.objects.filter(Q(slug=v) | Q(name__iexact=v)).first(),
            )
            if status is None:
                raise ClaimFilterError(
                    _("There is no status “%(name)s”.") % {"name": get("status")}
                )
            values["status"] = status
        for name, field in (("from", "date_from"), ("to", "date_to")):
            if get(name):
                try:
                    day = parse_date(get(name))
                except ValueError:
                    day = None
                if day is None:
                    raise ClaimFilterError(
                        _("“%(value)s” is not a date; write it as 2025-12-27.")
                        % {"value": get(name)}
                    )
                values[field] = day
        grade = get("grade").upper()
        if len(grade) > 2 or not all(c in "ABCDEF123456" for c in grade):
            raise ClaimFilterError(
                _("“%(value)s” is not an Admiralty grade (e.g. B2, B or 2).")
                % {"value": get("grade")}
            )
        reliability = get("reliability").upper() or next((c for c in grade if c.isalpha()), "")
        credibility = get("credibility") or next((c for c in grade if c.isdigit()), "")
        if reliability and (len(reliability) != 1 or reliability not in "ABCDEF"):
            raise ClaimFilterError(
                _("“%(value)s” is not a reliability grade (A to F).") % {"value": reliability}
            )
        if credibility and credibility not in {"1", "2", "3", "4", "5", "6"}:
            raise ClaimFilterError(
                _("“%(value)s” is not a credibility grade (1 to 6).") % {"value": credibility}
            )
        kind = get("kind")
        if kind and kind not in Source.Kind.values:
            raise ClaimFilterError(_("“%(value)s” is not a kind of source.") % {"value": kind})
        country = get("country").upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise ClaimFilterError(
                _("“%(value)s” is not a two-letter country code.") % {"value": get("country")}
            )
        origin = get("origin")
        if origin and origin not in Claim.Origin.values:
            raise ClaimFilterError(
                _("“%(value)s” is not an origin (automatic or manual).") % {"value": origin}
            )
        sort = get("sort")
        if sort and sort not in SORTS:
            raise ClaimFilterError(
                _("“%(value)s” is not a sort order (%(orders)s).")
                % {"value": sort, "orders": ", ".join(SORTS)}
            )
        if get("ids"):
            values["claim_ids"] = parse_claim_ids(get("ids"))
        if get("story"):
            values["story"] = parse_id(get("story"))
            if values["story"] is None:
                raise ClaimFilterError(
                    _("“%(value)s” is not a story number.") % {"value": get("story")}
                )
            if not Story.objects.filter(pk=values["story"]).exists():
                raise ClaimFilterError(
                    _("There is no story %(number)s.") % {"number": values["story"]}
                )
        for name in ("rejected", "with_rejected", "reviewed", "notes", "suggested"):
            if get(name).lower() not in TRUE | FALSE:
                raise ClaimFilterError(
                    _("“%(value)s” is not a yes/no value for %(name)s (1 or 0).")
                    % {"value": get(name), "name": name}
                )
        values.update(
            query=get("q")[:500],
            language=get("language")[:8],
            kind=kind,
            country=country,
            reliability=reliability,
            credibility=int(credibility) if credibility else None,
            origin=origin,
            only_rejected=get("rejected").lower() in TRUE,
            include_rejected=get("with_rejected").lower() in TRUE,
            reviewed_only=get("reviewed").lower() in TRUE,
            notes_only=get("notes").lower() in TRUE,
            suggested_only=get("suggested").lower() in TRUE,
            sort=sort,
        )
        return cls(**values)

    def to_params(self) -> dict[str, str]:
        """The query parameters that rebuild this filter (empty ones left out)."""
        params = {
            "article": str(self.article or ""),
            "source": self.source.slug if self.source else "",
            "tag": self.tag.slug if self.tag else "",
            "q": self.query,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "status": self.status.slug if self.status else "",
            "language": self.language,
            "kind": self.kind,
            "country": self.country,
            "reliability": self.reliability,
            "credibility": str(self.credibility or ""),
            "origin": self.origin,
            "rejected": "1" if self.only_rejected else "",
            "with_rejected": "1" if self.include_rejected else "",
            "reviewed": "1" if self.reviewed_only else "",
            "ids": ",".join(str(pk) for pk in self.claim_ids),
            "notes": "1" if self.notes_only else "",
            "suggested": "1" if self.suggested_only else "",
            "story": str(self.story or ""),
            "sort": self.sort,
        }
        return {k: v for k, v in params.items() if v}

    @property
    def is_everything(self) -> bool:
        """True when nothing filters: the export is of the whole instance."""
        return not any(
            getattr(self, f.name)
            for f in fields(self)
            if f.name not in {"include_rejected", "sort", "notes_only"}
        )

    @property
    def active(self) -> bool:
        """True when something narrows the claims (the claims page offers to clear it)."""
        return not self.is_everything

    def describe(self) -> str:
        """The scope in words, for a report's title page."""
        parts = []
        if self.claim_ids:
            n = len(self.claim_ids)
            parts.append(ngettext("%(n)d selected claim", "%(n)d selected claims", n) % {"n": n})
        if self.reviewed_only:
            parts.append(_("reviewed claims only"))
        if self.suggested_only:
            parts.append(_("claims with suggested matches"))
        if self.story:
            parts.append(_("story %(number)s") % {"number": self.story})
        if self.article:
            article = Article.objects.filter(pk=self.article).only("title").first()
            parts.append(_("article “%(title)s”") % {"title": article})
        if self.source:
            parts.append(_("source %(name)s") % {"name": self.source.name})
        if self.tag:
            parts.append(_("tag %(name)s") % {"name": self.tag.name})
        if self.query and self.notes_only:
            parts.append(_("notes matching “%(query)s”") % {"query": self.query})
        elif self.query:
            parts.append(_("search “%(query)s”") % {"query": self.query})
        if self.status:
            parts.append(_("status %(name)s") % {"name": self.status.display_name})
        if self.language:
            parts.append(_("language %(code)s") % {"code": self.language})
        if self.kind:
            parts.append(_("sources of kind %(kind)s") % {"kind": Source.Kind(self.kind).label})
        if self.country:
            country = COUNTRIES.get(self.country, self.country)
            parts.append(_("sources from %(country)s") % {"country": country})
        if self.reliability or self.credibility:
            grade = f"{self.reliability or '*'}{self.credibility or '*'}"
            parts.append(_("grade %(grade)s") % {"grade": grade})
        if self.origin:
            parts.append(ORIGIN_SCOPES[self.origin])
        if self.only_rejected:
            parts.append(_("rejected claims only"))
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "…"
            end = self.date_to.isoformat() if self.date_to else "…"
            parts.append(_("dates %(start)s to %(end)s") % {"start": start, "end": end})
        scope = "; ".join(str(p) for p in parts) if parts else _("all claims")
        if self.include_rejected:
            scope = _("%(scope)s (rejected claims included)") % {"scope": scope}
        return scope[:1].upper() + scope[1:]

    def filtered(
        self, *, rank: bool = False, within: tuple[int, ...] | None = None
    ) -> QuerySet[Claim]:
        """The selected claims, filtered only: no order, no prefetching (`rank` annotates
        `search_rank` for a relevance order). `within` keeps only these claim ids, applied
        first (which of a few new claims a saved search selects)."""
        from articles.selectors import search_claim_text

        if self.claim_ids and not self.query:
            # Claims ticked by hand are exported as ticked, rejected or not.
            claims = Claim.objects.filter(pk__in=self.claim_ids)
        elif self.only_rejected:
            claims = Claim.objects.filter(is_rejected=True)
        elif self.include_rejected:
            claims = Claim.objects.all()
        else:
            claims = Claim.objects.visible()
        if within is not None:
            claims = claims.filter(pk__in=within)
        if self.query:
            # The search covers the claims' notes too; `notes=1` searches the notes only.
            claims = search_claim_text(
                claims,
                self.query,
                rank=rank,
                notes="only" if self.notes_only else "also",
                within=within,
            )
        if self.claim_ids:
            claims = claims.filter(pk__in=self.claim_ids)
        if self.reviewed_only:  # a researcher has given it a status other than unreviewed
            claims = claims.exclude(status__slug=ClaimStatus.UNREVIEWED)
        if self.article:
            claims = claims.filter(article_id=self.article)
        if self.story:
            claims = claims.filter(story_id=self.story)
        if self.suggested_only:
            waiting = MatchSuggestion.objects.filter(state=MatchSuggestion.State.SUGGESTED)
            claims = claims.filter(
                Q(pk__in=waiting.values("claim_a_id")) | Q(pk__in=waiting.values("claim_b_id"))
            )
        # Semi-joins written as `id IN (subquery)`: SQLite runs such a subquery once,
        # where a correlated EXISTS made it scan a source's attributions per claim.
        attributed = Attribution.objects.values("claim_id")
        if self.source:
            claims = claims.filter(pk__in=attributed.filter(source=self.source))
        if self.tag:
            tagged = Claim.tags.through.objects.filter(tag=self.tag).values("claim_id")
            claims = claims.filter(pk__in=tagged)
        if self.status:
            claims = claims.filter(status=self.status)
        if self.language:
            claims = claims.filter(article__language=self.language)
        if self.kind:
            claims = claims.filter(pk__in=attributed.filter(source__kind=self.kind))
        if self.country:
            claims = claims.filter(pk__in=attributed.filter(source__country=self.country))
        if self.reliability:
            # The grade a researcher sees (Claim.assessment): for a reviewed claim the letter
            # judged at review, whatever its source's grade became since; otherwise the
            # override, else the reliability of the claim's first resolved source (not of
            # any of its sources).
            # Written as EXISTS (a source of that grade is the first resolved one): the
            # planner reckons a boolean subquery matches half the claims and walks the page's
            # order, where `(subquery) = 'B'` looked rare (0.5 %) and made it compute the
            # grade of all million claims before sorting (docs/search-performance.md).
            first_source = Subquery(
                Attribution.objects.filter(claim=OuterRef(OuterRef("pk")), source__isnull=False)
                .order_by("position", "id")
                .values("source_id")[:1]
            )
            graded = Exists(Source.objects.filter(pk=first_source, reliability=self.reliability))
            claims = claims.filter(
                Q(reviewed_at__isnull=False, reviewed_reliability=self.reliability)
                | Q(reviewed_at__isnull=True)
                & (Q(reliability_override=self.reliability) | Q(reliability_override="") & graded)
            )
        if self.credibility:
            claims = claims.filter(credibility=self.credibility)
        if self.origin:
            claims = claims.filter(origin=self.origin)
        if self.date_from or self.date_to:
            # The article's date as shown everywhere: published, else imported.
            claims = claims.alias(
                article_day=Coalesce("article__published_at", "article__imported_at")
            )
            # Compared as instants (the day's start in the desk's time zone), not as the
            # date of each article: the index `article_newest_first` then reads the range.
            # A bound past what a datetime can hold (1 January of year 1 in Paris is still
            # year 0 in UTC) bounds nothing.
            start = day_start(self.date_from) if self.date_from else None
            if start is not None:
                claims = claims.filter(article_day__gte=start)
            if self.date_to and self.date_to < dt.date.max:
                end = day_start(self.date_to + dt.timedelta(days=1))
                if end is not None:
                    claims = claims.filter(article_day__lt=end)
        return claims

    def claims(self) -> QuerySet[Claim]:
        """The selected claims in reading order (exports)."""
        return self.filtered().in_reading_order()

    def sorted(self) -> QuerySet[Claim]:
        """The selected claims in the asked order, newest first by default (page, API)."""
        from articles import search

        sort = self.sort or DEFAULT_SORT
        if sort == "relevance":
            if self.query and search.has_rank():
                return self.filtered(rank=True).order_by(*SORTS[sort])
            sort = DEFAULT_SORT
        return self.filtered().order_by(*SORTS[sort])

    def articles(self) -> QuerySet[Article]:
        """The articles the selection covers: every article for a whole-instance export."""
        articles = Article.objects.select_related("publisher", "imported_by").order_by("id")
        if self.is_everything:
            return articles
        return articles.filter(pk__in=self.filtered().order_by().values("article_id"))


class _Memo:
    """Lookups by (kind, value), kept in the caller's dict; errors are remembered too."""

    def __init__(self, store: dict):
        self.store = store

    def get(self, kind: str, value, look):
        key = (kind, value)
        if key not in self.store:
            try:
                self.store[key] = (look(value), None)
            except ClaimFilterError as refused:
                self.store[key] = (None, refused)
        found, refused = self.store[key]
        if refused is not None:
            raise refused
        return found


def prefetch_lookups(memo: dict, many_params) -> None:
    """Fill a `from_params` memo with the tags, statuses and sources named by slug in
    `many_params`, three queries in all (names, ids and aliases are still looked up one by
    one, when a filter uses them)."""
    wanted: dict[str, set[str]] = {"tag": set(), "status": set(), "source": set()}
    for params in many_params:
        for kind, values in wanted.items():
            value = str(params.get(kind) or "").strip()
            if value:
                values.add(value)
    for kind, model in (("tag", Tag), ("status", ClaimStatus), ("source", Source)):
        if wanted[kind]:
            for obj in model.objects.filter(slug__in=wanted[kind]):
                memo.setdefault((kind, obj.slug), (obj, None))


def day_start(day: dt.date) -> dt.datetime | None:
    """Midnight at the start of `day` in the current time zone (what `__date` compares in),
    in UTC; None when that instant is outside the years a datetime holds."""
    local = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    try:
        return local.astimezone(dt.UTC)
    except OverflowError:
        return None


def parse_claim_ids(value: str) -> tuple[int, ...]:
    """Claim numbers from `12,15,40` (commas or spaces); ClaimFilterError on anything else."""
    ids: list[int] = []
    for item in value.replace(",", " ").split():
        pk = parse_id(item)
        if pk is None:
            raise ClaimFilterError(_("“%(value)s” is not a claim number.") % {"value": item[:20]})
        if pk not in ids:
            ids.append(pk)
    if len(ids) > MAX_SELECTED_CLAIMS:
        raise ClaimFilterError(
            _(
                "%(count)d claims are selected; a hand selection is at most %(max)d. "
                "Export a search or a filter instead."
            )
            % {"count": len(ids), "max": MAX_SELECTED_CLAIMS}
        )
    if ids and not Claim.objects.filter(pk__in=ids).exists():
        raise ClaimFilterError(_("None of the selected claims exists any more; select them again."))
    return tuple(ids)


def resolve_source(value: str) -> Source:
    """A source by slug, name, id or alias; ClaimFilterError when nothing matches."""
    source = Source.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
    if source is None and parse_id(value) is not None:  # links may name a source by id
        source = Source.objects.filter(pk=parse_id(value)).first()
    if source is None:
        alias = (
            SourceAlias.objects.filter(normalized=normalize_mention(value))
            .select_related("source")
            .first()
        )
        source = alias.source if alias else None
    if source is None:
        raise ClaimFilterError(
            _("There is no source “%(name)s” in the registry.") % {"name": value}
        )
    return source
