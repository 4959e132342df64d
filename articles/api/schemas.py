"""What the API reads and writes, as pydantic schemas (they become the OpenAPI document)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class Error(Schema):
    """A refusal: `detail` says why and what to do."""

    detail: str = Field(examples=["There is no source “nobody” in the registry."])


class ChangeOut(Schema):
    when: dt.datetime
    who: str = Field(examples=["rita (API token “notebook”)"])
    action: str = Field(examples=["changed"])
    details: list[list[str]] = Field(examples=[[["status", "Unreviewed", "Disputed"]]])


class Conflict(Schema):
    """A stale `version`: what colleagues changed since, to re-apply or drop."""

    detail: str
    version: int = Field(description="The claim's current version.")
    changes: list[ChangeOut]


class SourceRef(Schema):
    slug: str = Field(examples=["kcna"])
    name: str = Field(examples=["KCNA"])
    reliability: str = Field(examples=["E"])


class SourceOut(SourceRef):
    id: int
    kind: str = Field(examples=["state_media"])
    country: str = Field(examples=["KP"])
    aliases: list[str] = Field(examples=[["Korean Central News Agency"]])
    url: str


class SourceIn(Schema):
    name: str = Field(examples=["Yonhap"])
    kind: str = Field(examples=["news_agency"])
    country: str = Field("", examples=["KR"])
    reliability: str = Field("", examples=["B"])


class TagOut(Schema):
    slug: str = Field(examples=["missiles"])
    name: str = Field(examples=["missiles"])
    colour: str = Field(examples=["#aa3300"])


class ArticleSummary(Schema):
    id: int
    title: str = Field(examples=["Pyongyang menace"])
    url: str = Field(examples=["https://www.franceinfo.fr/monde/article.html"])
    outlet: str = Field(examples=["franceinfo"])
    language: str = Field(examples=["fr"])
    published_at: dt.datetime | None
    imported_at: dt.datetime
    link: str = Field(description="The article's page in Newsdesk.")


class ArticleOut(ArticleSummary):
    lead: str
    authors: list[str]
    text: str = Field(description="The cleaned text; claim offsets index it.")
    canonical_url: str
    updated_at: dt.datetime | None
    reading_time_minutes: int | None
    input_kind: str
    claim_ids: list[int]


class ArticleIn(Schema):
    """One of `text`, `html` or `url`: the same import as the import page."""

    text: str = Field("", examples=["Pyongyang a tiré un missile, selon Séoul."])
    html: str = Field("", description="A whole web page or a copied fragment, as HTML.")
    url: str = Field("", description="A page to fetch on the server (http/https, web ports).")
    source_url: str = Field("", description="Where pasted text or HTML came from.")


class ImportOut(Schema):
    created: bool = Field(description="False: the same article was already imported.")
    article: ArticleOut


class AttributionOut(Schema):
    position: int
    mention: str = Field(examples=["l'agence d'État KCNA"])
    source: SourceRef | None


class NoteOut(Schema):
    id: int
    author: str
    body: str = Field(description="Markdown as written.")
    created: dt.datetime


class NoteIn(Schema):
    version: int = Field(description="The claim's version you read.")
    body: str = Field(examples=["Seen in **KCNA** too."])


class LinkOut(Schema):
    kind: str = Field(examples=["corroborates"])
    direction: str = Field(examples=["out"])
    claim_id: int


class FirstAppearance(Schema):
    claim: int
    article: int
    outlet: str = Field(examples=["KCNA"])
    published: dt.datetime


class StoryRef(Schema):
    """The story the claim belongs to: the same claim followed across articles."""

    id: int
    canonical: str
    articles: int = Field(description="Articles the story appears in.")
    independent_origins: int = Field(description="Independent origins of its claims.")
    first_appearance: FirstAppearance | None
    link: str


class ClaimSummary(Schema):
    id: int
    version: int
    article_id: int
    story: int | None = Field(None, description="The id of the claim's story, if any.")
    quote: str
    status: str = Field(examples=["disputed"])
    grade: str = Field(examples=["B2"])
    reliability: str = Field(
        examples=["B"], description="As judged: at review for a reviewed claim (see `grade`)."
    )
    reliability_now: str = Field(
        examples=["C"], description="The override, else the first source's grade today."
    )
    credibility: int | None
    sources: list[str] = Field(examples=[["KCNA"]])
    tags: list[str] = Field(examples=[["missiles"]])
    origin: str
    is_rejected: bool
    link: str


class ClaimOut(ClaimSummary):
    article: ArticleSummary
    start: int
    end: int
    stance: str
    cue_text: str
    direct_quote: bool
    reliability_override: str
    chain: list[AttributionOut] = Field(description="Who makes the claim, innermost first.")
    notes: list[NoteOut]
    links: list[LinkOut]
    story_detail: StoryRef | None = Field(
        None, description="The story: its first appearance and independent origins."
    )


class ClaimPatch(Schema):
    """Changes to a claim. `version` is the one you read: a newer save gets 409."""

    version: int = Field(examples=[3])
    status: str | None = Field(None, examples=["disputed"])
    credibility: int | None = Field(None, ge=1, le=6, examples=[2])
    reliability: str | None = Field(
        None, description="Override letter A-F; empty for the source's.", examples=["B"]
    )
    add_tags: list[str] = Field([], examples=[["missiles"]])
    remove_tags: list[str] = Field([], examples=[[]])


class ClaimPage(Schema):
    items: list[ClaimSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None


class SourcePage(Schema):
    items: list[SourceOut]
    next_cursor: str | None


class TagPage(Schema):
    items: list[TagOut]
    next_cursor: str | None


class ExportIn(Schema):
    """An export job: a format of the report builder and the claims page's filter."""

    format: str = Field(
        examples=["stix"],
        description="csv, json, md, html, pdf, w3c, claimreview or stix.",
    )
    filter: dict[str, str] = Field(
        {},
        examples=[{"tag": "missiles", "from": "2025-01-01"}],
        description="The claims page's filter parameters (as for `GET /claims`).",
    )
    include: list[str] = Field(
        [],
        examples=[["quote", "sources", "grades"]],
        description="Parts to include (all by default).",
    )
    title: str = Field("", examples=["Missile claims, January"], description="The report's title.")


class ExportJobOut(Schema):
    id: str = Field(examples=["6f1c7c1e-8d0a-4b5e-9a51-0f7f3b0c2a11"])
    format: str = Field(examples=["stix"])
    filter: dict[str, str]
    state: str = Field(examples=["done"], description="queued, running, done or failed.")
    total: int = Field(description="Claims selected.")
    processed: int = Field(description="Claims written so far.")
    percent: int
    error: str = Field(description="Why the job failed (empty otherwise).")
    created: dt.datetime
    finished: dt.datetime | None
    size: int = Field(description="The file's size in bytes, once done.")
    filename: str
    download_url: str | None = Field(
        description="Where to GET the file once the job is done (with the same token)."
    )
