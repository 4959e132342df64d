"""schema.org ClaimReview JSON-LD, for claims the desk has reviewed (status not `unreviewed`).

Each review: `claimReviewed` (what is claimed), `itemReviewed` a `Claim` whose
`author` is the source (the speaker, position 0 of the chain) and whose
`appearance` is the article, `reviewRating` with the status as `alternateName`
(and the credibility 1–6 as `ratingValue`, 1 best, when graded), `author` the
desk (NEWSDESK_DESK_NAME), `datePublished` (the claim's last change) and `url`
(the claim in Newsdesk). See https://schema.org/ClaimReview.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.utils import timezone

from articles.exports.base import (
    ExportContext,
    attribution_chain,
    attributions,
    content_text,
    grade,
    iso,
)
from articles.models import Claim, ClaimStatus, Source

PEOPLE = {Source.Kind.OFFICIAL}


def party(attribution) -> dict:
    """A claim's author: the registry source, or the mention as written."""
    source = attribution.source
    if source is None:
        return {"@type": "Person", "name": attribution.mention}
    data = {"@type": "Person" if source.kind in PEOPLE else "Organization", "name": source.name}
    if source.website:
        data["url"] = source.website
    return data


def day(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def review(claim: Claim, ctx: ExportContext) -> dict:
    article = claim.article
    speakers = [a for a in attributions(claim) if a.position == 0]
    appearance = {
        "@type": "NewsArticle",
        "@id": article.url or f"urn:newsdesk:article:{article.pk}",
        "headline": article.title,
    }
    if article.url:
        appearance["url"] = article.url
    if article.published_at:
        appearance["datePublished"] = iso(article.published_at)
    outlet = article.publisher.name if article.publisher else article.publisher_name
    if outlet:
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    item = {"@type": "Claim", "appearance": appearance, "firstAppearance": appearance}
    story_id = getattr(claim, "story_id", None)
    if story_id:  # the claim as the desk followed it across articles: its story
        item["@id"] = ctx.story_url(story_id)
        first = getattr(claim, "first_appearance", None)
        if first and first.get("article") != article.pk:
            earliest = {"@type": "NewsArticle", "@id": f"urn:newsdesk:article:{first['article']}",
                        "datePublished": first["published"]}  # fmt: skip
            if first.get("outlet"):
                earliest["publisher"] = {"@type": "Organization", "name": first["outlet"]}
            item["firstAppearance"] = earliest
    if speakers:
        authors = [party(a) for a in speakers]
        item["author"] = authors[0] if len(authors) == 1 else authors
    if article.published_at:
        item["datePublished"] = day(article.published_at)
    rating = {"@type": "Rating", "alternateName": claim.status.name}
    explanation = [f"Status: {claim.status.name}.", f"Admiralty grade {grade(claim)}."]
    chain = attribution_chain(claim)
    if chain:
        explanation.append(f"Attributed to {chain}.")
    if claim.credibility:
        rating.update(ratingValue=claim.credibility, bestRating=1, worstRating=6)
    rating["ratingExplanation"] = " ".join(explanation)
    url = ctx.claim_url(claim)
    return {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "claimReviewed": content_text(claim),
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": ctx.desk, "url": ctx.absolute("/")},
        "datePublished": day(claim.modified),
        "inLanguage": article.language or None,
    }


def render(ctx: ExportContext) -> Iterator[str]:
    """A JSON-LD document with one ClaimReview per reviewed claim, streamed."""
    yield '{"@context":"https://schema.org","@graph":['
    first = True
    reviewed = ctx.selection.claims().exclude(status__slug=ClaimStatus.UNREVIEWED)
    for claim in ctx.claims(reviewed):
        data = {k: v for k, v in review(claim, ctx).items() if v is not None}
        yield ("\n" if first else ",\n") + json.dumps(data, ensure_ascii=False)
        first = False
    yield "\n]}\n"
