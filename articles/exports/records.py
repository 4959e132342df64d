"""Claims for export, read as plain values, not model instances.

Building a model instance per row, and a related manager per relation, costs
more than everything else an export does: with them a CSV export ran at about
2,000 rows/s. Here each chunk of claims is read with `values_list`, its
attributions, tags, notes and links with one query each, and the small tables
(sources, statuses, tags, people) once per export. The records carry the same
attribute names as the models, so formats read `claim.quote`,
`claim.article.title`, `claim.status.name` either way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from articles.models import (
    Article,
    Assessment,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    Note,
    Source,
    Tag,
    safe_http_url,
)

CLAIM_FIELDS = (
    "id", "article_id", "start", "end", "quote", "prefix", "suffix", "content_start",
    "content_end", "cue_text", "cue_start", "cue_end", "cue_kind", "direct_quote", "stance",
    "status_id", "credibility", "reliability_override", "origin", "extractor_version",
    "confidence", "is_rejected", "curated", "author_id", "created", "modified", "version",
    "reviewed_reliability", "reviewed_at", "story_id",
)
ARTICLE_FIELDS = (
    "id", "title", "url", "publisher_id", "publisher_name", "published_at", "language", "text",
)


@dataclass(slots=True)
class SourceRecord:
    pk: int
    name: str
    slug: str
    kind: str
    reliability: str
    website: str


@dataclass(slots=True)
class StatusRecord:
    pk: int
    slug: str
    name: str
    colour: str

    @property
    def display_name(self) -> str:
        """The name as reports show it (ClaimStatus.display_name)."""
        from articles.models import ClaimStatus

        return ClaimStatus.name_shown(self.slug, self.name)


@dataclass(slots=True)
class TagRecord:
    pk: int
    name: str
    slug: str


@dataclass(slots=True)
class ArticleRecord:
    pk: int
    title: str
    url: str
    publisher: SourceRecord | None
    publisher_name: str
    published_at: dt.datetime | None
    language: str
    text: str

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    @property
    def safe_url(self) -> str:
        """As Article.safe_url: the URL only if it is http(s), for links."""
        return safe_http_url(self.url)


@dataclass(slots=True)
class AttributionRecord:
    mention: str
    start: int | None
    end: int | None
    source_id: int | None
    source: SourceRecord | None
    position: int


@dataclass(slots=True)
class NoteRecord:
    body: str
    author: str
    created: dt.datetime
    modified: dt.datetime
    pk: int | None = None
    parent_id: int | None = None  # the note it replies to
    resolved: bool = False


@dataclass(slots=True)
class LinkRecord:
    from_claim_id: int
    to_claim_id: int
    kind: str
    author: str
    created: dt.datetime
    # The claim at the link's other end, so a report names it, not just its number.
    other_quote: str = ""
    other_article_id: int | None = None
    other_title: str = ""


@dataclass(slots=True)
class ClaimRecord:
    pk: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    content_start: int | None
    content_end: int | None
    cue_text: str
    cue_start: int | None
    cue_end: int | None
    cue_kind: str
    direct_quote: bool
    stance: str
    status: StatusRecord
    credibility: int | None
    reliability_override: str
    origin: str
    extractor_version: str
    confidence: float | None
    is_rejected: bool
    curated: bool
    author: str
    created: dt.datetime
    modified: dt.datetime
    version: int
    article: ArticleRecord
    export_attributions: list = field(default_factory=list)
    export_tags: list = field(default_factory=list)
    export_notes: list = field(default_factory=list)
    export_links_out: list = field(default_factory=list)
    export_links_in: list = field(default_factory=list)
    reviewed_reliability: str = ""
    reviewed_at: dt.datetime | None = None
    story_id: int | None = None
    # The story's first appearance: {"published", "outlet", "article", "claim"}.
    first_appearance: dict | None = None

    @property
    def id(self) -> int:
        return self.pk

    @property
    def content_text(self) -> str:
        if self.content_start is None or self.content_end is None:
            return ""
        return self.article.text[self.content_start : self.content_end]

    def reliability(self, sources: list | None = None) -> str:
        """As Claim.reliability(): the override, else the first resolved source's grade."""
        if self.reliability_override:
            return self.reliability_override
        if sources is None:
            sources = [a.source for a in self.export_attributions if a.source is not None]
        return sources[0].reliability if sources else ""

    @property
    def grade(self) -> str:
        return Assessment.of(self, self.reliability()).grade


class Lookups:
    """The small tables, read once per export: sources, statuses, tags, usernames."""

    def __init__(self):
        self.sources = {
            pk: SourceRecord(pk, name, slug, kind, reliability, website)
            for pk, name, slug, kind, reliability, website in Source.objects.values_list(
                "pk", "name", "slug", "kind", "reliability", "website"
            )
        }
        self.statuses = {
            pk: StatusRecord(pk, slug, name, colour)
            for pk, slug, name, colour in ClaimStatus.objects.values_list(
                "pk", "slug", "name", "colour"
            )
        }
        self.tags = {
            pk: TagRecord(pk, name, slug)
            for pk, name, slug in Tag.objects.values_list("pk", "name", "slug")
        }
        self.people: dict[int, str] = {}

    def usernames(self, ids: Iterable[int | None]) -> None:
        missing = {i for i in ids if i is not None and i not in self.people}
        if missing:
            model = get_user_model()
            self.people.update(
                model.objects.filter(pk__in=missing).values_list("pk", model.USERNAME_FIELD)
            )

    def person(self, pk: int | None) -> str:
        return self.people.get(pk, "") if pk is not None else ""


def among(ids: list[int]):
    """`IN` these ids as one parameter on PostgreSQL (an array), a plain list elsewhere.

    A 2,000-item `IN (...)` costs more to prepare and send, parameter by
    parameter, than the query takes to run.
    """
    if connection.vendor == "postgresql":
        # The array as its text form: psycopg adapts a list of 2,000 ints item by item
        # (4 ms a query, five queries a chunk), the text in one go.
        literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        return RawSQL("SELECT unnest(%s::bigint[])", [literal])
    return ids


def iter_claims(
    claims: QuerySet[Claim], chunk_size: int = 2000, *, timestamps: bool = True
) -> Iterator[ClaimRecord]:
    """The claims of `claims` (its filters and order kept) as records, chunk by chunk.

    `timestamps=False` leaves the claim's `created` and `modified` out (None): a
    format that does not show them saves parsing two dates per claim.
    """
    lookups = Lookups()
    fields = CLAIM_FIELDS
    if not timestamps:  # same positions, a cheap column in place of each date
        fields = tuple("id" if f in {"created", "modified"} else f for f in CLAIM_FIELDS)
    # In a transaction: outside one, Django declares PostgreSQL's server-side cursor WITH
    # HOLD, and PostgreSQL then runs the whole query and copies every row (400 MB for a
    # million claims) before the first one is read. In one, rows come as they are read,
    # from one snapshot. The transaction only reads; it ends with the export (or when a
    # client that went away closes the stream). Not on SQLite: it reads without server-side
    # cursors, and its transactions begin IMMEDIATE, which would keep writers out.
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else contextlib.nullcontext():
        batch: list[tuple] = []
        for row in claims.values_list(*fields).iterator(chunk_size=chunk_size):
            batch.append(row)
            if len(batch) >= chunk_size:
                yield from _build(batch, lookups, timestamps)
                batch = []
        if batch:
            yield from _build(batch, lookups, timestamps)


def _build(rows: list[tuple], lookups: Lookups, timestamps: bool = True) -> list[ClaimRecord]:
    ids = [r[0] for r in rows]
    in_batch = among(ids)
    articles = {
        pk: ArticleRecord(
            pk, title, url, lookups.sources.get(publisher_id), publisher_name, published,
            language, text,
        )
        for pk, title, url, publisher_id, publisher_name, published, language, text in (
            Article.objects.filter(pk__in=among(list({r[1] for r in rows}))).values_list(
                *ARTICLE_FIELDS
            )
        )
    }
    attributions = defaultdict(list)
    for claim_id, mention, start, end, source_id, position in (
        Attribution.objects.filter(claim_id__in=in_batch)
        .order_by("claim_id", "position", "start", "id")
        .values_list("claim_id", "mention", "start", "end", "source_id", "position")
    ):
        attributions[claim_id].append(
            AttributionRecord(
                mention, start, end, source_id, lookups.sources.get(source_id), position
            )
        )
    tags = defaultdict(list)
    for claim_id, tag_id in Claim.tags.through.objects.filter(claim_id__in=in_batch).values_list(
        "claim_id", "tag_id"
    ):
        tags[claim_id].append(lookups.tags[tag_id])
    notes_rows = list(
        Note.objects.filter(claim_id__in=in_batch)
        .order_by("created", "id")
        .values_list(
            "claim_id", "body", "author_id", "created", "modified", "id", "parent_id", "resolved"
        )
    )
    out_rows = list(
        ClaimLink.objects.filter(from_claim_id__in=in_batch)
        .order_by("id")
        .values_list("from_claim_id", "to_claim_id", "kind", "author_id", "created")
    )
    in_rows = list(
        ClaimLink.objects.filter(to_claim_id__in=in_batch)
        .order_by("id")
        .values_list("from_claim_id", "to_claim_id", "kind", "author_id", "created")
    )
    lookups.usernames(
        [r[23] for r in rows] + [n[2] for n in notes_rows] + [k[3] for k in out_rows + in_rows]
    )
    others = {
        pk: (quote, article_id, title)
        for pk, quote, article_id, title in Claim.objects.filter(
            pk__in={r[1] for r in out_rows} | {r[0] for r in in_rows}
        ).values_list("pk", "quote", "article_id", "article__title")
    }
    notes = defaultdict(list)
    for claim_id, body, author_id, created, modified, pk, parent_id, resolved in notes_rows:
        notes[claim_id].append(
            NoteRecord(
                body, lookups.person(author_id), created, modified, pk, parent_id, resolved
            )
        )
    links_out, links_in = defaultdict(list), defaultdict(list)
    for source, target, kind, author_id, created in out_rows:
        author = lookups.person(author_id)
        links_out[source].append(
            LinkRecord(source, target, kind, author, created, *others.get(target, ("", None, "")))
        )
    for source, target, kind, author_id, created in in_rows:
        author = lookups.person(author_id)
        links_in[target].append(
            LinkRecord(source, target, kind, author, created, *others.get(source, ("", None, "")))
        )

    firsts = first_appearances({r[29] for r in rows if r[29]})
    records = []
    for r in rows:
        pk = r[0]
        claim_tags = tags.get(pk, [])
        if len(claim_tags) > 1:
            claim_tags.sort(key=lambda t: t.name)
        records.append(
            ClaimRecord(
                pk, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                r[13], r[14], lookups.statuses[r[15]], r[16], r[17], r[18], r[19], r[20], r[21],
                r[22], lookups.person(r[23]), r[24] if timestamps else None,
                r[25] if timestamps else None, r[26], articles[r[1]],
                attributions.get(pk, []), claim_tags, notes.get(pk, []),
                links_out.get(pk, []), links_in.get(pk, []), r[27], r[28], r[29],
                firsts.get(r[29]),
            )
        )
    return records


def first_appearances(story_ids: set[int]) -> dict[int, dict]:
    """Each story's first appearance (earliest published, else imported, article)."""
    if not story_ids:
        return {}
    rows = (
        Claim.objects.filter(story_id__in=list(story_ids))
        .annotate(when=Coalesce("article__published_at", "article__imported_at"))
        .order_by("story_id", "when", "pk")
        .values_list(
            "story_id", "when", "article_id", "pk", "article__publisher__name",
            "article__publisher_name", "article__title",
        )
    )  # fmt: skip
    found: dict[int, dict] = {}
    for story_id, when, article_id, claim_id, registry_name, written, title in rows:
        if story_id not in found:
            found[story_id] = {
                "published": when.isoformat() if when else "",
                "outlet": registry_name or written or title or "",
                "article": article_id,
                "claim": claim_id,
            }
    return found
