"""W3C Web Annotation JSON-LD: one `AnnotationCollection`, one `Annotation` per claim.

Each annotation targets its article (`urn:newsdesk:article:<id>`, with the
article's web address as `scope` when known) through a `TextQuoteSelector`
(exact, prefix, suffix) and a `TextPositionSelector` (offsets into the cleaned
text), the two ways Newsdesk anchors a claim. Bodies: the attribution chain
(`describing`), the grade and status (`assessing`), each tag (`tagging`), each
note (`commenting`, Markdown) and each link to another claim (`linking`).
See https://www.w3.org/TR/annotation-model/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.urls import reverse
from django.utils.http import urlencode

from articles.exports.base import (
    ExportContext,
    attribution_chain,
    grade,
    iso,
    linked_claims,
    links_out,
    notes_of,
    person,
    tags_of,
)
from articles.models import Claim

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

def article_urn(article_id: int) -> str:
    return f"urn:newsdesk:article:{article_id}"


def claim_urn(claim_id: int) -> str:
    return f"urn:newsdesk:claim:{claim_id}"


def agent(user, claim: Claim | None = None) -> dict:
    """The annotation's creator: the researcher, or Newsdesk's extractor for automatic claims."""
    if user:
        return {"type": "Person", "nickname": person(user)}
    version = f" {claim.extractor_version}" if claim and claim.extractor_version else ""
    return {"type": "Software", "name": f"Newsdesk extractor{version}"}


def text_body(value: str, purpose: str, fmt: str = "text/plain", **extra) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": fmt, **extra}


def annotation(claim: Claim, ctx: ExportContext) -> dict:
    """One claim as a W3C annotation."""
    article = claim.article
    bodies = []
    if ctx.has("sources"):
        chain = attribution_chain(claim)
        if chain:
            bodies.append(text_body(f"Attributed to {chain}", "describing"))
    if ctx.has("grades"):
        bodies.append(text_body(f"Admiralty grade {grade(claim)}", "assessing"))
    if ctx.has("status"):
        bodies.append(text_body(f"Status: {claim.status.name}", "assessing"))
    if ctx.has("tags"):
        bodies += [text_body(tag.name, "tagging") for tag in tags_of(claim)]
    if ctx.has("notes"):
        for note in notes_of(claim):
            body = text_body(note.body, "commenting", "text/markdown", created=iso(note.created))
            if note.author:
                body["creator"] = agent(note.author)
            bodies.append(body)
    if ctx.has("links"):
        for link in links_out(claim):
            bodies.append({"type": "SpecificResource", "purpose": "linking",
                           "source": claim_urn(link.to_claim_id)})
        story_id = getattr(claim, "story_id", None)
        if story_id:  # the story the claim belongs to, and where it first appeared
            bodies.append({"type": "SpecificResource", "purpose": "linking",
                           "source": ctx.story_url(story_id)})  # fmt: skip
            first = getattr(claim, "first_appearance", None)
            words = f"Story {story_id}"
            if first:
                words += f", first appearance {first['published'][:10]} in {first['outlet']}"
            bodies.append(text_body(words, "describing"))
        for other in linked_claims(claim):  # each link in words, with the other claim's text
            words = other.describe().replace(f"#{other.claim_id}", claim_urn(other.claim_id), 1)
            bodies.append(text_body(words, "describing"))
    target = {
        "type": "SpecificResource",
        "source": article_urn(article.pk),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": claim.quote,
                "prefix": claim.prefix,
                "suffix": claim.suffix,
            },
            {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
        ],
    }
    if article.url:
        target["scope"] = article.url
    data = {
        "id": claim_urn(claim.pk),
        "type": "Annotation",
        "motivation": "highlighting",
        "creator": agent(claim.author, claim),
        "created": iso(claim.created),
        "modified": iso(claim.modified),
        "generator": {"type": "Software", "name": ctx.desk, "homepage": ctx.absolute("/")},
        "target": target,
    }
    if bodies:
        data["body"] = bodies
    data["via"] = ctx.claim_url(claim)
    return data


def render(ctx: ExportContext) -> Iterator[str]:
    """The collection with its one page of annotations, streamed."""
    # The collection is named by the address that downloads it again.
    query = urlencode({"format": "w3c", **ctx.selection.to_params()})
    collection_id = ctx.absolute(reverse("articles:report_download")) + "?" + query
    head = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": ctx.title,
        "creator": {"type": "Person", "nickname": ctx.exported_by} if ctx.exported_by else None,
        "created": iso(ctx.exported_at),
        "generator": {"type": "Software", "name": ctx.desk, "homepage": ctx.absolute("/")},
        "total": ctx.selection.claims().count(),
    }
    head = {k: v for k, v in head.items() if v is not None}
    page = {"id": f"{collection_id}&page=0", "type": "AnnotationPage", "startIndex": 0}
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "first": '
    yield json.dumps(page, ensure_ascii=False)[:-1] + ',"items":['
    first = True
    for claim in ctx.claims():
        yield ("\n" if first else ",\n") + json.dumps(annotation(claim, ctx), ensure_ascii=False)
        first = False
    yield "\n]}\n}\n"
