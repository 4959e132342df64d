"""STIX 2.1: one bundle for threat-intelligence platforms (OpenCTI, MISP), built with the
OASIS `stix2` library.

- the desk: an `identity` (organization) that created every object;
- each registry source a claim cites: an `identity` (individual for officials and
  persons, organization otherwise);
- each claim: a `note` whose content is the claim, with the Admiralty credibility as
  STIX `confidence` (the STIX 2.1 specification's Admiralty mapping: 1→90, 2→70, 3→50,
  4→30, 5→10; 6 "cannot be judged" leaves it out), the grade, status and tags as
  `labels`, its sources in `object_refs`, and the claim's page as an external reference;
- each article: a `report` that refers to its claims and sources, with the article's
  web address as an external reference;
- each note on a claim: a `note` on the claim's note;
- each reviewed status: an `opinion` on the claim's note (corroborated → agree,
  disputed → disagree, refuted → strongly-disagree, other statuses → neutral).

Identifiers are UUIDv5 names of the claim, article, source or note on this desk's
address, so exporting again gives the same ids and a platform updates, not duplicates.
Claims arrive in reading order, so each article's report is written after its last
claim: the bundle streams with memory for one article at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import stix2

from articles.exports.base import (
    ExportContext,
    attribution_chain,
    claim_sources,
    grade,
    notes_of,
    tags_of,
)
from articles.models import Source

ADMIRALTY_CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
OPINIONS = {"corroborated": "agree", "disputed": "disagree", "refuted": "strongly-disagree"}
PERSON_KINDS = {Source.Kind.OFFICIAL}


def confidence(credibility: int | None) -> int | None:
    """STIX confidence for an Admiralty credibility (None: not set or cannot be judged)."""
    return ADMIRALTY_CONFIDENCE.get(credibility or 0)


class Ids:
    """Stable STIX identifiers for this desk's objects."""

    def __init__(self, base_url: str):
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, base_url.rstrip("/") + "/")

    def __call__(self, kind: str, *parts) -> str:
        name = "/".join(str(part) for part in parts)
        return f"{kind}--{uuid.uuid5(self.namespace, name)}"


def _dump(obj) -> str:
    return obj.serialize(ensure_ascii=False)


def render(ctx: ExportContext) -> Iterator[str]:
    """The bundle, streamed one STIX object at a time."""
    ids = Ids(ctx.base_url)
    desk = stix2.Identity(
        id=ids("identity", "desk"),
        name=ctx.desk,
        identity_class="organization",
        description=f"The research desk that exported this bundle ({ctx.title}).",
        created=ctx.exported_at,
        modified=ctx.exported_at,
    )
    # Named by what it holds and when, so the page and the command give the same bundle.
    selection = sorted(ctx.selection.to_params().items())
    bundle_id = ids("bundle", "export", ctx.exported_at.isoformat(), selection)
    yield f'{{"type": "bundle", "id": "{bundle_id}", "objects": [\n' + _dump(desk)
    seen_sources: set[int] = set()
    article = None
    refs: list[str] = []
    for claim in ctx.claims():
        if article is not None and claim.article_id != article.pk:
            yield ",\n" + _dump(_report(article, refs, ids, desk, ctx))
            refs = []
        article = claim.article
        claim_id = ids("note", "claim", claim.pk)
        sources = claim_sources(claim) if ctx.has("sources") else []
        for source in sources:
            if source.pk not in seen_sources:
                seen_sources.add(source.pk)
                yield ",\n" + _dump(_identity(source, ids, desk, ctx))
        source_ids = [ids("identity", "source", s.pk) for s in sources]
        refs += [claim_id, *[ref for ref in source_ids if ref not in refs]]
        yield ",\n" + _dump(_claim_note(claim, claim_id, source_ids, ids, desk, ctx))
        if ctx.has("notes"):
            for index, note in enumerate(notes_of(claim)):
                yield ",\n" + _dump(
                    stix2.Note(
                        id=ids("note", "claim", claim.pk, "note", index),
                        created_by_ref=desk.id,
                        created=note.created,
                        modified=max(note.modified, note.created),
                        content=note.body,
                        authors=[note.author] if note.author else None,
                        object_refs=[claim_id],
                    )
                )
        opinion = OPINIONS.get(claim.status.slug, "neutral")
        if ctx.has("status") and claim.status.slug != "unreviewed":
            yield ",\n" + _dump(
                stix2.Opinion(
                    id=ids("opinion", "claim", claim.pk, "status"),
                    created_by_ref=desk.id,
                    created=claim.modified,
                    modified=claim.modified,
                    opinion=opinion,
                    explanation=f"Status on {ctx.desk}: {claim.status.name}",
                    object_refs=[claim_id],
                )
            )
    if article is not None:
        yield ",\n" + _dump(_report(article, refs, ids, desk, ctx))
    yield "\n]}\n"


def _identity(source, ids: Ids, desk, ctx: ExportContext):
    return stix2.Identity(
        id=ids("identity", "source", source.pk),
        created_by_ref=desk.id,
        name=source.name,
        identity_class="individual" if source.kind in PERSON_KINDS else "organization",
        description=f"{Source.Kind(source.kind).label}; reliability {source.reliability}",
        created=ctx.exported_at,
        modified=ctx.exported_at,
        external_references=(
            [{"source_name": "website", "url": source.website}] if source.website else None
        ),
    )


def _claim_note(claim, claim_id: str, source_ids: list[str], ids: Ids, desk, ctx):
    labels = []
    if ctx.has("grades"):
        labels.append(f"admiralty:{grade(claim)}")
    if ctx.has("status"):
        labels.append(f"status:{claim.status.slug}")
    if ctx.has("tags"):
        labels += [f"tag:{tag.slug}" for tag in tags_of(claim)]
    chain = attribution_chain(claim) if ctx.has("sources") else ""
    references = [
        {
            "source_name": ctx.desk,
            "url": ctx.claim_url(claim),
            "external_id": f"claim-{claim.pk}",
        }
    ]
    story_id = getattr(claim, "story_id", None)
    if story_id:  # the same claim elsewhere: its story, and where it first appeared
        labels.append(f"story:{story_id}")
        story = {"source_name": ctx.desk, "url": ctx.story_url(story_id),
                 "external_id": f"story-{story_id}"}  # fmt: skip
        first = getattr(claim, "first_appearance", None)
        if first:
            story["description"] = (
                f"first appearance {first['published'][:10]} in {first['outlet']}"
            )
        references.append(story)
    return stix2.Note(
        id=claim_id,
        created_by_ref=desk.id,
        created=claim.created,
        modified=max(claim.modified, claim.created),
        abstract=f"Claim attributed to {chain}" if chain else "Claim",
        content=claim.quote,
        object_refs=[ids("report", "article", claim.article_id), *source_ids],
        confidence=confidence(claim.credibility) if ctx.has("grades") else None,
        labels=labels or None,
        lang=claim.article.language or None,
        external_references=references,
    )


def _report(article, refs: list[str], ids: Ids, desk, ctx: ExportContext):
    references = [{"source_name": article.publisher_name or "article", "url": article.url}]
    return stix2.Report(
        id=ids("report", "article", article.pk),
        created_by_ref=desk.id,
        name=article.title or f"Article {article.pk}",
        published=article.published_at or ctx.exported_at,
        created=ctx.exported_at,
        modified=ctx.exported_at,
        report_types=["threat-report"],
        object_refs=refs,
        lang=article.language or None,
        external_references=references if article.url else None,
    )
