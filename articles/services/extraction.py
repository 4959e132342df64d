"""Run claim extraction on stored articles.

The core (`articles.extraction`) is plain Python; this service builds its
registry from the database, runs it, and replaces the automatic claims of an
article in one transaction. What a person touched is never deleted or changed:
curated, rejected and manual claims are kept and re-anchored to the current
text, and the extractor does not re-create a claim over their spans.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.utils import bulk_create_with_history

from articles.extraction import (
    EXTRACTOR_VERSION,
    Registry,
    SourceEntry,
    extract_claims,
    extract_headline_claims,
)
from articles.extraction.anchor import quote_selector, reanchor
from articles.extraction.model import ExtractedClaim
from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    HeadlineAttribution,
    HeadlineClaim,
    MatchSuggestion,
    Note,
    Source,
    SourceAlias,
    Webhook,
)


@dataclass
class ExtractionResult:
    """What one extraction run did to an article."""

    article_id: int
    extractor_version: str = EXTRACTOR_VERSION
    created: int = 0
    deleted: int = 0
    kept: int = 0
    reanchored: int = 0
    lost: list[int] = field(default_factory=list)  # kept claims whose words are gone
    skipped: int = 0  # automatic claims not created over a kept claim
    headline: int = 0  # claims found in the title
    suggestions: int = 0  # story matches suggested against the corpus


@dataclass
class _DbRegistry:
    registry: Registry
    sources: dict[str, Source]


def _load_registry() -> _DbRegistry:
    """The registry from the database: one query for sources, one for all aliases."""
    sources = list(Source.objects.filter(is_active=True))
    aliases: dict[int, list[str]] = defaultdict(list)
    for source_id, alias in SourceAlias.objects.filter(source__is_active=True).values_list(
        "source_id", "alias"
    ):
        aliases[source_id].append(alias)
    entries = [
        SourceEntry(
            name=s.name,
            kind=s.kind,
            aliases=tuple(aliases[s.pk]),
            collective=s.is_collective,
            role=s.role,
            country=s.country,
        )
        for s in sources
    ]
    return _DbRegistry(Registry.from_entries(entries), {s.name: s for s in sources})


_CACHE_SECONDS = 60.0
_cache: dict[str, tuple[float, _DbRegistry]] = {}


def _cached_registry() -> _DbRegistry:
    """The database registry, rebuilt at most once a minute per process.

    Saving or deleting a source or an alias clears it at once in this process (signals
    below); other processes (workers) see the change within a minute. Imports of
    1,000 articles otherwise spend a fifth of their time rebuilding the alias index.
    """
    now = time.monotonic()
    hit = _cache.get("registry")
    if hit is not None and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    loaded = _load_registry()
    _cache["registry"] = (now, loaded)
    return loaded


@receiver([post_save, post_delete], sender=Source)
@receiver([post_save, post_delete], sender=SourceAlias)
def _forget_registry(**kwargs) -> None:
    _cache.clear()


def registry_from_db() -> Registry:
    """The extraction Registry built from the database's active sources and aliases."""
    return _load_registry().registry


def _spans_clash(claim: Claim, new: ExtractedClaim) -> bool:
    """True if `new` would duplicate a kept claim (overlapping span and the same cue or content,
    or any overlap with a claim that has no cue: a manual one)."""
    if not (claim.start < new.end and new.start < claim.end):
        return False
    if claim.quote == new.text and claim.cue_start is None:
        return True
    if claim.cue_start is None or claim.cue_end is None:
        return True
    if claim.cue_start < new.cue.end and new.cue.start < claim.cue_end:
        return True
    if new.content and claim.content_start is not None and claim.content_end is not None:
        return claim.content_start < new.content.end and new.content.start < claim.content_end
    return False


def _shift(claim: Claim, text: str, delta: int, start: int, end: int) -> None:
    """Move a kept claim and its inner spans to the re-anchored position."""
    old_start = claim.start
    claim.start, claim.end = start, end
    selector = quote_selector(text, start, end)
    claim.quote = selector["exact"]
    claim.prefix = selector["prefix"]
    claim.suffix = selector["suffix"]
    for a_name, b_name in (("content_start", "content_end"), ("cue_start", "cue_end")):
        a, b = getattr(claim, a_name), getattr(claim, b_name)
        if a is None or b is None:
            continue
        na, nb = a + delta, b + delta
        inside = old_start + delta <= na < nb <= end + max(0, b - a)
        if not inside or nb > len(text):
            na = nb = None
        setattr(claim, a_name, na)
        setattr(claim, b_name, nb)
    if claim.cue_start is None:
        claim.cue_end = None
    for attribution in claim.attributions.all():
        if attribution.start is not None and attribution.end is not None:
            ns, ne = attribution.start + delta, attribution.end + delta
            if 0 <= ns < ne <= len(text) and text[ns:ne] == attribution.mention:
                attribution.start, attribution.end = ns, ne
            else:
                found = text.find(attribution.mention, max(0, start - 200), end + 200)
                attribution.start, attribution.end = (
                    (found, found + len(attribution.mention)) if found >= 0 else (None, None)
                )
            attribution.save(update_fields=["start", "end"])


_rejected_matches = MatchSuggestion.objects.filter(state=MatchSuggestion.State.REJECTED)


def extract_article(
    article: Article, *, registry: _DbRegistry | None = None
) -> ExtractionResult:
    """Find the claims in `article.text` and store them, keeping what people touched.

    In one transaction: automatic, untouched claims are replaced; curated, rejected
    and manual claims are kept and re-anchored with `reanchor`; a new claim over a
    kept claim's span is not created (so a rejected claim does not come back).
    """
    loaded = registry or _cached_registry()
    text = article.text or ""
    result = ExtractionResult(article_id=article.pk)
    found = extract_claims(text, loaded.registry, language=article.language or None)
    with transaction.atomic():
        # Lock the article's claims so a researcher's edit and this run take turns: a claim
        # curated a moment ago is seen as curated here, and never overwritten from a stale copy.
        existing = list(
            article.claims.select_for_update()
            .annotate(
                worked_on=Exists(Note.objects.filter(claim=OuterRef("pk")))
                | Exists(Claim.tags.through.objects.filter(claim=OuterRef("pk")))
                | Exists(ClaimLink.objects.filter(from_claim=OuterRef("pk")))
                | Exists(ClaimLink.objects.filter(to_claim=OuterRef("pk")))
                # A rejected story match is a decision on this claim: kept, so the pair
                # is never suggested again.
                | Exists(_rejected_matches.filter(claim_a=OuterRef("pk")))
                | Exists(_rejected_matches.filter(claim_b=OuterRef("pk")))
            )
            .prefetch_related("attributions__source")
        )
        kept: list[Claim] = []
        untouched: list[Claim] = []
        for claim in existing:
            if (
                claim.curated
                or claim.is_rejected
                or claim.origin == Claim.Origin.MANUAL
                or claim.worked_on
            ):
                kept.append(claim)
            else:
                untouched.append(claim)
        # An untouched claim the extractor finds again, identical, stays as it is (same id,
        # so links to it from reports and exports keep working); the others are replaced.
        by_signature = {_signature(c): c for c in untouched}
        unchanged_ids: set[int] = set()
        fresh_found: list[ExtractedClaim] = []
        for new in found:
            same = by_signature.pop(_new_signature(new), None)
            if same is not None:
                unchanged_ids.add(same.pk)
            else:
                fresh_found.append(new)
        replace = [c.pk for c in untouched if c.pk not in unchanged_ids]
        if replace:
            Claim.objects.filter(
                pk__in=replace, curated=False, is_rejected=False, origin=Claim.Origin.AUTOMATIC
            ).delete()
        result.deleted = len(replace)
        result.kept = len(kept) + len(unchanged_ids)
        for claim in kept:
            if text[claim.start : claim.end] == claim.quote:
                continue
            span = reanchor(text, claim.quote, claim.prefix, claim.suffix, claim.start)
            if span is None:
                result.lost.append(claim.pk)
                continue
            _shift(claim, text, span[0] - claim.start, *span)
            # the offsets changed under any open edit form: its save must see a conflict
            claim.version += 1
            claim.save(update_fields=[*_SPAN_FIELDS, "version", "modified"])
            result.reanchored += 1
        live = [c for c in kept if c.pk not in result.lost]
        fresh = [new for new in fresh_found if not any(_spans_clash(c, new) for c in live)]
        result.skipped = len(fresh_found) - len(fresh)
        result.created = len(_store(article, text, fresh, loaded.sources))
        headline = extract_headline_claims(
            article.title or "", loaded.registry, language=article.language or None, body=found
        )
        result.headline = len(_store_headline(article, headline, loaded.sources))
        article.extractor_version = EXTRACTOR_VERSION
        article.save(update_fields=["extractor_version"])
        # Suggest the claims elsewhere that say the same thing (index lookups, not a scan).
        from articles.services.stories import match_article

        result.suggestions = match_article(article)
    return result


_SPAN_FIELDS = [
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "content_start",
    "content_end",
    "cue_start",
    "cue_end",
]


def _signature(claim: Claim) -> tuple:
    """What the extractor decides about a claim; equal signatures mean nothing changed."""
    return (
        claim.start,
        claim.end,
        claim.quote,
        claim.cue_start,
        claim.cue_end,
        claim.content_start,
        claim.content_end,
        claim.stance,
        claim.direct_quote,
        claim.extractor_version,
        tuple(
            (a.mention, a.start, a.end, a.source.name if a.source else None, a.position)
            for a in sorted(claim.attributions.all(), key=lambda a: (a.position, a.start or 0))
        ),
    )


def _new_signature(new: ExtractedClaim) -> tuple:
    return (
        new.start,
        new.end,
        new.text,
        new.cue.start,
        new.cue.end,
        new.content.start if new.content else None,
        new.content.end if new.content else None,
        new.stance if new.stance in Claim.Stance.values else "",
        new.direct_quote,
        EXTRACTOR_VERSION,
        tuple(
            (m.mention[:500], m.start, m.end, m.source, m.position)
            for m in sorted(new.sources, key=lambda m: (m.position, m.start or 0))
        ),
    )


def _store(
    article: Article, text: str, found: list[ExtractedClaim], sources: dict[str, Source]
) -> list[Claim]:
    """Insert the new automatic claims and their attributions in a few queries.

    Claims go in with their history rows in one bulk insert (an import of 1,000
    articles would otherwise spend most of its time on one INSERT per claim).
    """
    if not found:
        return []
    status = ClaimStatus.default()
    claims = []
    for new in found:
        selector = quote_selector(text, new.start, new.end)
        claims.append(
            Claim(
                article=article,
                start=new.start,
                end=new.end,
                quote=new.text,
                prefix=selector["prefix"],
                suffix=selector["suffix"],
                content_start=new.content.start if new.content else None,
                content_end=new.content.end if new.content else None,
                cue_text=new.cue.text[:200],
                cue_start=new.cue.start,
                cue_end=new.cue.end,
                cue_kind=new.cue.kind if new.cue.kind in Claim.CueKind.values else "",
                direct_quote=new.direct_quote,
                stance=new.stance if new.stance in Claim.Stance.values else "",
                status=status,
                origin=Claim.Origin.AUTOMATIC,
                extractor_version=EXTRACTOR_VERSION,
                confidence=new.confidence,
            )
        )
    claims = bulk_create_with_history(claims, Claim)
    attributions = [
        Attribution(
            claim=claim,
            mention=m.mention[:500],
            start=m.start,
            end=m.end,
            source=sources.get(m.source) if m.source else None,
            position=m.position,
        )
        for claim, new in zip(claims, found, strict=True)
        for m in new.sources
    ]
    bulk_create_with_history(attributions, Attribution)
    from articles.services import saved_searches, webhooks

    webhooks.claim_event(Webhook.Event.CLAIM_CREATED, [claim.pk for claim in claims])
    saved_searches.claims_created([claim.pk for claim in claims])
    return claims


def _store_headline(
    article: Article, found: list[ExtractedClaim], sources: dict[str, Source]
) -> list[HeadlineClaim]:
    """Replace the article's headline claims (always automatic: nobody edits them)."""
    article.headline_claims.all().delete()
    claims = HeadlineClaim.objects.bulk_create(
        [
            HeadlineClaim(
                article=article,
                cue_text=new.cue.text[:200],
                cue_start=new.cue.start,
                cue_end=new.cue.end,
                content_start=new.content.start,
                content_end=new.content.end,
                stance=new.stance if new.stance in Claim.Stance.values else "",
                direct_quote=new.direct_quote,
                confidence=new.confidence,
                extractor_version=EXTRACTOR_VERSION,
            )
            for new in found
            if new.content
        ]
    )
    HeadlineAttribution.objects.bulk_create(
        [
            HeadlineAttribution(
                claim=claim,
                mention=m.mention[:500],
                start=m.start,
                end=m.end,
                source=sources.get(m.source) if m.source else None,
                position=m.position,
            )
            for claim, new in zip(claims, [f for f in found if f.content], strict=True)
            for m in new.sources
        ]
    )
    return claims


def reextract(articles, *, registry: _DbRegistry | None = None) -> list[ExtractionResult]:
    """Re-run extraction on several articles, sharing one registry load."""
    loaded = registry or _load_registry()
    return [extract_article(a, registry=loaded) for a in articles]
