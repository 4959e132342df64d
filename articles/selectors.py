"""Read queries for the desk's pages: article and claim search, filters, sorting, source stats.

Full-text search uses PostgreSQL's French and English configurations with accents
ignored (`fr_unaccent`, `en_unaccent`, created by migration 0003 together with the
GIN indexes that serve these exact expressions). On SQLite (a laptop, the tests),
search falls back to `icontains` over the same fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from articles.models import (
    LANGUAGES,
    Article,
    Attribution,
    Claim,
    ClaimStatus,
    Source,
    Tag,
)
from articles.params import parse_id

# Kept in step with the expression indexes in migration 0003 (the planner only uses an
# expression index for the very same expression).
CLAIM_VECTOR = (
    "(to_tsvector('public.fr_unaccent'::regconfig, {table}.quote) || "
    "to_tsvector('public.en_unaccent'::regconfig, {table}.quote))"
)
ARTICLE_VECTOR = (
    "(to_tsvector('public.fr_unaccent'::regconfig, {table}.title || ' ' || {table}.text) || "
    "to_tsvector('public.en_unaccent'::regconfig, {table}.title || ' ' || {table}.text))"
)
QUERY = (
    "(websearch_to_tsquery('public.fr_unaccent'::regconfig, %s) || "
    "websearch_to_tsquery('public.en_unaccent'::regconfig, %s))"
)


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def _full_text(qs: QuerySet, vector: str, q: str) -> QuerySet:
    table = qs.model._meta.db_table
    where = f"{vector.format(table=table)} @@ {QUERY}"
    return qs.extra(where=[where], params=[q, q])  # noqa: S610 (params are bound, not formatted)


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
        "raw_input", "raw_bytes", "text", "dropped_lines", "captions", "paragraphs"
    )
    if filters.q:
        if uses_full_text_search():
            qs = _full_text(qs, ARTICLE_VECTOR, filters.q)
        else:
            qs = qs.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q))
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
    return qs.order_by("-published_at", "-imported_at", "-id")


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
    """(value, label) for the outlet filter: registry publishers and names as written."""
    rows = (
        Article.objects.exclude(publisher_name="", publisher__isnull=True)
        .values_list("publisher__slug", "publisher__name", "publisher_name")
        .distinct()
    )
    seen: dict[str, str] = {}
    for slug, name, written in rows:
        if slug:
            seen[slug] = name
        elif written:
            seen[written] = written
    return sorted(seen.items(), key=lambda item: item[1].lower())


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: a COUNT(*) over 100,000 matching claims costs more than
    the page itself. `capped` says the real number is higher than `count`."""

    cap = 2000

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False


# -- claims --------------------------------------------------------------------------

CLAIM_SORTS = {
    "newest": ("-article__published_at", "-article__imported_at", "-id"),
    "oldest": ("article__published_at", "article__imported_at", "id"),
    "credibility": ("credibility", "-article__published_at", "-id"),
    "status": ("status__order", "-article__published_at", "-id"),
    "article": ("article_id", "start", "id"),
}


@dataclass
class ClaimFilters:
    q: str = ""
    source: str = ""
    kind: str = ""
    country: str = ""
    tag: str = ""
    status: str = ""
    reliability: str = ""
    credibility: int | None = None
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    origin: str = ""
    rejected: bool = False
    sort: str = "newest"

    @property
    def active(self) -> bool:
        return any(
            [
                self.q,
                self.source,
                self.kind,
                self.country,
                self.tag,
                self.status,
                self.reliability,
                self.credibility,
                self.language,
                self.date_from,
                self.date_to,
                self.origin,
                self.rejected,
            ]
        )


def claim_filters(params) -> ClaimFilters:
    grade = params.get("grade", "").strip().upper()
    reliability = params.get("reliability", "").strip().upper()[:1]
    credibility = params.get("credibility", "").strip()
    if grade:  # "B2", "B" or "2"
        letters = [c for c in grade if c.isalpha()]
        digits = [c for c in grade if c.isdigit()]
        reliability = reliability or (letters[0] if letters else "")
        credibility = credibility or (digits[0] if digits else "")
    sort = params.get("sort", "newest")
    return ClaimFilters(
        q=params.get("q", "").strip()[:200],
        source=params.get("source", "").strip()[:200],
        kind=params.get("kind", "").strip()[:20],
        country=params.get("country", "").strip().upper()[:2],
        tag=params.get("tag", "").strip()[:100],
        status=params.get("status", "").strip()[:50],
        reliability=reliability if reliability in "ABCDEF" else "",
        credibility=int(credibility) if credibility in {"1", "2", "3", "4", "5", "6"} else None,
        language=params.get("language", "").strip()[:8],
        date_from=_date(params.get("from")),
        date_to=_date(params.get("to")),
        origin=params.get("origin", "").strip()[:10],
        rejected=params.get("rejected") in {"1", "on", "true"},
        sort=sort if sort in CLAIM_SORTS else "newest",
    )


def search_claims(filters: ClaimFilters) -> QuerySet[Claim]:
    """Claims across all articles, filtered and sorted, ready for a page of the claims list."""
    qs = Claim.objects.all()
    qs = qs.filter(is_rejected=True) if filters.rejected else qs.filter(is_rejected=False)
    if filters.q:
        if uses_full_text_search():
            qs = _full_text(qs, CLAIM_VECTOR, filters.q)
        else:
            qs = qs.filter(Q(quote__icontains=filters.q))
    # Source filters are a semi-join on the claims cited by the matching sources.
    if filters.source:
        sources = Source.objects.filter(Q(slug=filters.source) | _id_q(filters.source))
        qs = qs.filter(pk__in=_cited_by(sources))
    if filters.kind:
        qs = qs.filter(pk__in=_cited_by(Source.objects.filter(kind=filters.kind)))
    if filters.country:
        qs = qs.filter(pk__in=_cited_by(Source.objects.filter(country=filters.country)))
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.status:
        qs = qs.filter(status__slug=filters.status)
    if filters.reliability:
        first_source = Attribution.objects.filter(claim=OuterRef("pk"), source__isnull=False)
        qs = qs.filter(
            Q(reliability_override=filters.reliability)
            | Q(
                Q(reliability_override=""),
                Exists(first_source.filter(source__reliability=filters.reliability)),
            )
        )
    if filters.credibility:
        qs = qs.filter(credibility=filters.credibility)
    if filters.language:
        qs = qs.filter(article__language=filters.language)
    if filters.date_from:
        qs = qs.filter(_date_q("article__", filters.date_from, "gte"))
    if filters.date_to:
        qs = qs.filter(_date_q("article__", filters.date_to, "lte"))
    if filters.origin in Claim.Origin.values:
        qs = qs.filter(origin=filters.origin)
    return qs.order_by(*CLAIM_SORTS[filters.sort])


def _id_q(value: str) -> Q:
    pk = parse_id(value)
    return Q(pk__in=[]) if pk is None else Q(pk=pk)


def _cited_by(sources: QuerySet[Source]):
    ids = list(sources.values_list("pk", flat=True)[:500])
    return Attribution.objects.filter(source_id__in=ids).values("claim_id")


# What a list of claims never shows of their articles: the raw input kept for provenance
# (as large as the upload), the cleaned text and its per-line bookkeeping.
ARTICLE_BULK_FIELDS = ("raw_input", "raw_bytes", "text", "paragraphs", "dropped_lines", "captions")


def article_deferred(path: str = "article") -> list[str]:
    """`defer()` arguments leaving out the bulky fields of the article at `path`."""
    return [f"{path}__{name}" for name in ARTICLE_BULK_FIELDS]


def with_list_data(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """What a list of claims shows: article, status, sources, tags (constant queries)."""
    return (
        qs.select_related("article", "status")
        .defer(*article_deferred())
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("source").order_by("position", "id"),
            ),
            "tags",
        )
    )


def filter_choices() -> dict:
    """The options of the claims page's filters."""
    return {
        "statuses": list(ClaimStatus.objects.all()),
        "tags": list(Tag.objects.only("name", "slug")),
        "sources": list(Source.objects.only("name", "slug")),
        "kinds": Source.Kind.choices,
        "countries": sorted(
            set(Source.objects.exclude(country="").values_list("country", flat=True))
        ),
        "languages": LANGUAGES,
        "origins": Claim.Origin.choices,
        "sorts": list(CLAIM_SORTS),
    }


# -- sources --------------------------------------------------------------------------


def source_claims(source: Source) -> QuerySet[Claim]:
    return Claim.objects.visible().filter(
        Exists(Attribution.objects.filter(claim=OuterRef("pk"), source=source))
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
