"""What an export covers: the same selection a researcher makes in the app.

A `Selection` is built from request or command-line parameters (one article, a
source, a tag, search text, a date range, a status, a language) and turns
into a Claim queryset in reading order; `articles.exports.records` then reads
it chunk by chunk (`.iterator(chunk_size=...)`) with everything an export
shows, a few queries per chunk, so exports stream with flat memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_date

from articles.models import (
    COUNTRIES,
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Source,
    SourceAlias,
    Tag,
)
from articles.params import parse_id
from articles.search import search_claims_text
from articles.textnorm import normalize_mention

# Query-string names, shared by the report builder, the export link and the claims page.
# `rejected=1` means only rejected claims (as on the claims page); `with_rejected=1` adds
# them to the others (a whole-instance backup).
PARAMS = (
    "article", "source", "tag", "q", "from", "to", "status", "language", "kind", "country",
    "grade", "reliability", "credibility", "origin", "rejected", "with_rejected",
    "reviewed", "ids",
)
# Names other pages may use for the same thing.
PARAM_ALIASES = {"query": "q", "date_from": "from", "date_to": "to", "lang": "language"}
TRUE = {"1", "true", "yes", "on"}

CHUNK_SIZE = 2000
# The claims a researcher ticks on the claims page travel in the URL: a report of more
# is a search or a filter, not a hand selection.
MAX_SELECTED_CLAIMS = 1000


class SelectionError(ValueError):
    """A selection parameter names nothing that exists; the message says which and why."""


@dataclass(frozen=True)
class Selection:
    """The claims an export covers. Empty fields do not filter."""

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

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Selection:
        """Read a selection from query parameters; raise SelectionError on a value that is wrong."""
        raw = {PARAM_ALIASES.get(k, k): v for k, v in params.items()}
        get = lambda name: str(raw.get(name) or "").strip()  # noqa: E731
        values: dict = {}
        if get("article"):
            values["article"] = parse_id(get("article"))
            if values["article"] is None:
                raise SelectionError(f"“{get('article')}” is not an article number.")
            if not Article.objects.filter(pk=values["article"]).exists():
                raise SelectionError(f"There is no article {values['article']}.")
        if get("source"):
            values["source"] = resolve_source(get("source"))
        if get("tag"):
            tag = Tag.objects.filter(Q(slug=get("tag")) | Q(name__iexact=get("tag"))).first()
            if tag is None:
                raise SelectionError(f"There is no tag “{get('tag')}”.")
            values["tag"] = tag
        if get("status"):
            status = ClaimStatus.objects.filter(slug=get("status")).first()
            if status is None:
                raise SelectionError(f"There is no status “{get('status')}”.")
            values["status"] = status
        for name, field in (("from", "date_from"), ("to", "date_to")):
            if get(name):
                try:
                    day = parse_date(get(name))
                except ValueError:
                    day = None
                if day is None:
                    raise SelectionError(f"“{get(name)}” is not a date; write it as 2025-12-27.")
                values[field] = day
        grade = get("grade").upper()
        reliability = get("reliability").upper()[:1] or next(
            (c for c in grade if c.isalpha()), ""
        )
        credibility = get("credibility") or next((c for c in grade if c.isdigit()), "")
        if reliability and reliability not in "ABCDEF":
            raise SelectionError(f"“{reliability}” is not a reliability grade (A to F).")
        if credibility and credibility not in {"1", "2", "3", "4", "5", "6"}:
            raise SelectionError(f"“{credibility}” is not a credibility grade (1 to 6).")
        if get("ids"):
            values["claim_ids"] = parse_claim_ids(get("ids"))
        kind = get("kind")
        if kind and kind not in Source.Kind.values:
            raise SelectionError(f"“{kind}” is not a kind of source.")
        values.update(
            query=get("q")[:500],
            language=get("language")[:8],
            kind=kind,
            country=get("country").upper()[:2],
            reliability=reliability,
            credibility=int(credibility) if credibility else None,
            origin=get("origin") if get("origin") in Claim.Origin.values else "",
            only_rejected=get("rejected") in TRUE,
            include_rejected=get("with_rejected") in TRUE,
            reviewed_only=get("reviewed") in TRUE,
        )
        return cls(**values)

    def to_params(self) -> dict[str, str]:
        """The query parameters that rebuild this selection (empty ones left out)."""
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
        }
        return {k: v for k, v in params.items() if v}

    @property
    def is_everything(self) -> bool:
        """True when nothing filters: the export is of the whole instance."""
        return not any(
            getattr(self, f.name) for f in fields(self) if f.name != "include_rejected"
        )

    def describe(self) -> str:
        """The scope in words, for a report's title page."""
        parts = []
        if self.claim_ids:
            n = len(self.claim_ids)
            parts.append(f"{n} selected claim{'s' if n != 1 else ''}")
        if self.reviewed_only:
            parts.append("reviewed claims only")
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

    def claims(self) -> QuerySet[Claim]:
        """The selected claims, filtered only (no prefetching), in reading order."""
        if self.claim_ids and not self.query:
            # Claims ticked by hand are exported as ticked, rejected or not.
            claims = Claim.objects.filter(pk__in=self.claim_ids)
        elif self.query:
            claims = search_claims(self.query, self.only_rejected, self.include_rejected)
        elif self.only_rejected:
            claims = Claim.objects.filter(is_rejected=True)
        elif self.include_rejected:
            claims = Claim.objects.all()
        else:
            claims = Claim.objects.visible()
        if self.claim_ids:
            claims = claims.filter(pk__in=self.claim_ids)
        if self.reviewed_only:  # a researcher has given it a status other than unreviewed
            claims = claims.exclude(status__slug=ClaimStatus.UNREVIEWED)
        if self.article:
            claims = claims.filter(article_id=self.article)
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
            graded = attributed.filter(source__reliability=self.reliability)
            claims = claims.filter(
                Q(reliability_override=self.reliability)
                | Q(reliability_override="", pk__in=graded)
            )
        if self.credibility:
            claims = claims.filter(credibility=self.credibility)
        if self.origin:
            claims = claims.filter(origin=self.origin)
        if self.date_from or self.date_to:
            claims = claims.alias(
                article_day=Coalesce("article__published_at", "article__imported_at")
            )
            if self.date_from:
                claims = claims.filter(article_day__date__gte=self.date_from)
            if self.date_to:
                claims = claims.filter(article_day__date__lte=self.date_to)
        return claims.in_reading_order()

    def articles(self) -> QuerySet[Article]:
        """The articles the export covers: every article for a whole-instance export."""
        articles = Article.objects.select_related("publisher", "imported_by").order_by("id")
        if self.is_everything:
            return articles
        return articles.filter(pk__in=self.claims().order_by().values("article_id"))


def parse_claim_ids(value: str) -> tuple[int, ...]:
    """Claim numbers from `12,15,40` (commas or spaces); SelectionError on anything else."""
    ids: list[int] = []
    for item in value.replace(",", " ").split():
        pk = parse_id(item)
        if pk is None:
            raise SelectionError(f"“{item[:20]}” is not a claim number.")
        if pk not in ids:
            ids.append(pk)
    if len(ids) > MAX_SELECTED_CLAIMS:
        raise SelectionError(
            f"{len(ids)} claims are selected; a hand selection is at most {MAX_SELECTED_CLAIMS}. "
            "Export a search or a filter instead."
        )
    if ids and not Claim.objects.filter(pk__in=ids).exists():
        raise SelectionError("None of the selected claims exists any more; select them again.")
    return tuple(ids)


def resolve_source(value: str) -> Source:
    """A source by slug, name or alias; SelectionError when nothing matches."""
    source = Source.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
    if source is None and parse_id(value) is not None:  # the claims page links sources by id
        source = Source.objects.filter(pk=parse_id(value)).first()
    if source is None:
        alias = (
            SourceAlias.objects.filter(normalized=normalize_mention(value))
            .select_related("source")
            .first()
        )
        source = alias.source if alias else None
    if source is None:
        raise SelectionError(f"There is no source “{value}” in the registry.")
    return source


def search_claims(text: str, only_rejected: bool, include_rejected: bool) -> QuerySet[Claim]:
    """Claims matching the search text, by the claims page's own search (`articles.search`)."""
    claims = Claim.objects.all()
    if only_rejected:
        claims = claims.filter(is_rejected=True)
    elif not include_rejected:
        claims = claims.visible()
    return search_claims_text(claims, text)
