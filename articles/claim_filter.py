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

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_date

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
    "reviewed", "ids", "suggested", "story",
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
    suggested_only: bool = False  # claims with a match suggestion waiting for a decision
    story: int | None = None
    sort: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ClaimFilter:
        """Read a filter from query parameters; raise ClaimFilterError on a wrong value."""
        raw = {PARAM_ALIASES.get(k, k): v for k, v in params.items()}
        get = lambda name: str(raw.get(name) or "").strip()  # noqa: E731
        values: dict = {}
        if get("article"):
            values["article"] = parse_id(get("article"))
            if values["article"] is None:
                raise ClaimFilterError(f"“{get('article')}” is not an article number.")
            if not Article.objects.filter(pk=values["article"]).exists():
                raise ClaimFilterError(f"There is no article {values['article']}.")
        if get("source"):
            values["source"] = resolve_source(get("source"))
        if get("tag"):
            tag = Tag.objects.filter(Q(slug=get("tag")) | Q(name__iexact=get("tag"))).first()
            if tag is None:
                raise ClaimFilterError(f"There is no tag “{get('tag')}”.")
            values["tag"] = tag
        if get("status"):
            status = ClaimStatus.objects.filter(
                Q(slug=get("status")) | Q(name__iexact=get("status"))
            ).first()
            if status is None:
                raise ClaimFilterError(f"There is no status “{get('status')}”.")
            values["status"] = status
        for name, field in (("from", "date_from"), ("to", "date_to")):
            if get(name):
                try:
                    day = parse_date(get(name))
                except ValueError:
                    day = None
                if day is None:
                    raise ClaimFilterError(f"“{get(name)}” is not a date; write it as 2025-12-27.")
                values[field] = day
        grade = get("grade").upper()
        if len(grade) > 2 or not all(c in "ABCDEF123456" for c in grade):
            raise ClaimFilterError(f"“{get('grade')}” is not an Admiralty grade (e.g. B2, B or 2).")
        reliability = get("reliability").upper() or next((c for c in grade if c.isalpha()), "")
        credibility = get("credibility") or next((c for c in grade if c.isdigit()), "")
        if reliability and (len(reliability) != 1 or reliability not in "ABCDEF"):
            raise ClaimFilterError(f"“{reliability}” is not a reliability grade (A to F).")
        if credibility and credibility not in {"1", "2", "3", "4", "5", "6"}:
            raise ClaimFilterError(f"“{credibility}” is not a credibility grade (1 to 6).")
        kind = get("kind")
        if kind and kind not in Source.Kind.values:
            raise ClaimFilterError(f"“{kind}” is not a kind of source.")
        country = get("country").upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise ClaimFilterError(f"“{get('country')}” is not a two-letter country code.")
        origin = get("origin")
        if origin and origin not in Claim.Origin.values:
            raise ClaimFilterError(f"“{origin}” is not an origin (automatic or manual).")
        sort = get("sort")
        if sort and sort not in SORTS:
            raise ClaimFilterError(f"“{sort}” is not a sort order ({', '.join(SORTS)}).")
        if get("ids"):
            values["claim_ids"] = parse_claim_ids(get("ids"))
        if get("story"):
            values["story"] = parse_id(get("story"))
            if values["story"] is None:
                raise ClaimFilterError(f"“{get('story')}” is not a story number.")
            if not Story.objects.filter(pk=values["story"]).exists():
                raise ClaimFilterError(f"There is no story {values['story']}.")
        for name in ("rejected", "with_rejected", "reviewed", "suggested"):
            if get(name).lower() not in TRUE | FALSE:
                raise ClaimFilterError(f"“{get(name)}” is not a yes/no value for {name} (1 or 0).")
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
            if f.name not in {"include_rejected", "sort"}
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
            parts.append(f"{n} selected claim{'s' if n != 1 else ''}")
        if self.reviewed_only:
            parts.append("reviewed claims only")
        if self.suggested_only:
            parts.append("claims with suggested matches")
        if self.story:
            parts.append(f"story {self.story}")
        if self.article:
            article = Article.objects.filter(pk=self.article).only("title").first()
            parts.append(f"article “{article}”")
        if self.source:
            parts.append(f"source {self.source.name}")
        if self.tag:
            parts.append(f"tag {self.tag.name}")
        if self.query:
            parts.append(f"search “{self.query}”")
        if self.status:
            parts.append(f"status {self.status.name}")
        if self.language:
            parts.append(f"language {self.language}")
        if self.kind:
            parts.append(f"sources of kind {Source.Kind(self.kind).label}")
        if self.country:
            parts.append(f"sources from {COUNTRIES.get(self.country, self.country)}")
        if self.reliability or self.credibility:
            parts.append(f"grade {self.reliability or '*'}{self.credibility or '*'}")
        if self.origin:
            parts.append(f"{Claim.Origin(self.origin).label.lower()} claims")
        if self.only_rejected:
            parts.append("rejected claims only")
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "…"
            end = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"dates {start} to {end}")
        scope = "; ".join(parts) if parts else "all claims"
        if self.include_rejected:
            scope += " (rejected claims included)"
        return scope[:1].upper() + scope[1:]

    def filtered(self, *, rank: bool = False) -> QuerySet[Claim]:
        """The selected claims, filtered only: no order, no prefetching (`rank` annotates
        `search_rank` for a relevance order)."""
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
        if self.query:
            claims = search_claim_text(claims, self.query, rank=rank)
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
            first_source = Subquery(
                Attribution.objects.filter(claim=OuterRef("pk"), source__isnull=False)
                .order_by("position", "id")
                .values("source__reliability")[:1]
            )
            claims = claims.alias(first_reliability=first_source).filter(
                Q(reviewed_at__isnull=False, reviewed_reliability=self.reliability)
                | Q(reviewed_at__isnull=True)
                & (
                    Q(reliability_override=self.reliability)
                    | Q(reliability_override="", first_reliability=self.reliability)
                )
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
            if self.date_from:
                claims = claims.filter(article_day__date__gte=self.date_from)
            if self.date_to:
                claims = claims.filter(article_day__date__lte=self.date_to)
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


def parse_claim_ids(value: str) -> tuple[int, ...]:
    """Claim numbers from `12,15,40` (commas or spaces); ClaimFilterError on anything else."""
    ids: list[int] = []
    for item in value.replace(",", " ").split():
        pk = parse_id(item)
        if pk is None:
            raise ClaimFilterError(f"“{item[:20]}” is not a claim number.")
        if pk not in ids:
            ids.append(pk)
    if len(ids) > MAX_SELECTED_CLAIMS:
        raise ClaimFilterError(
            f"{len(ids)} claims are selected; a hand selection is at most {MAX_SELECTED_CLAIMS}. "
            "Export a search or a filter instead."
        )
    if ids and not Claim.objects.filter(pk__in=ids).exists():
        raise ClaimFilterError("None of the selected claims exists any more; select them again.")
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
        raise ClaimFilterError(f"There is no source “{value}” in the registry.")
    return source
