"""What every export format shares: the export's context and how a claim is described."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from articles.exports.records import ClaimRecord, iter_claims
from articles.exports.selection import CHUNK_SIZE, Selection
from articles.models import Assessment, Attribution, Claim

# What a report can include, in the builder's order.
INCLUDES: list[tuple[str, str]] = [
    ("quote", "Claim text"),
    ("content", "Content (what is claimed)"),
    ("sources", "Sources and attribution chain"),
    ("grades", "Grades"),
    ("status", "Status"),
    ("tags", "Tags"),
    ("notes", "Notes"),
    ("links", "Links between claims"),
    ("article", "Article metadata"),
]
ALL_INCLUDES = frozenset(key for key, _ in INCLUDES)


def parse_include(values: Iterable[str] | None) -> frozenset[str]:
    """The parts to include; nothing given means everything, unknown names are ignored."""
    chosen = frozenset(v for v in (values or []) if v in ALL_INCLUDES)
    return chosen or ALL_INCLUDES


@dataclass
class ExportContext:
    """One export: what is selected, what to include, who asked, when, and the site's address."""

    selection: Selection
    include: frozenset[str] = ALL_INCLUDES
    exported_by: str = ""
    # Looked up at call time, so a test can fix the clock.
    exported_at: dt.datetime = field(default_factory=lambda: timezone.now())
    base_url: str = "http://localhost:8000"
    desk: str = field(default_factory=lambda: settings.NEWSDESK_DESK_NAME)
    chunk_size: int = CHUNK_SIZE

    def has(self, part: str) -> bool:
        return part in self.include

    def absolute(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def claim_url(self, claim: Claim) -> str:
        """The claim's address in Newsdesk (reverse() once, not once per claim)."""
        if not hasattr(self, "_claim_url"):
            sample = reverse("articles:claim_detail", kwargs={"article_pk": 4242, "pk": 4343})
            self._claim_url = self.absolute(sample).replace("4242", "{a}").replace("4343", "{c}")
        return self._claim_url.format(a=claim.article_id, c=claim.pk)

    def claims(
        self, claims: QuerySet[Claim] | None = None, *, timestamps: bool = True
    ) -> Iterator[ClaimRecord]:
        """The selected claims (or `claims`), streamed in chunks, as records."""
        if claims is None:
            claims = self.selection.claims()
        return iter_claims(claims, self.chunk_size, timestamps=timestamps)

    @property
    def scope(self) -> str:
        return self.selection.describe()

    @property
    def title(self) -> str:
        return f"{self.desk} report: {self.scope}"


# Prefetched lists (Prefetch(..., to_attr=...)): a related manager per claim would clone a
# queryset for every claim and relation, which costs more than the rest of an export row.
def _related(claim: Claim, name: str) -> list:
    cached = getattr(claim, f"export_{name}", None)
    return cached if cached is not None else list(getattr(claim, name).all())


def attributions(claim: Claim) -> list:
    return _related(claim, "attributions")


def tags_of(claim: Claim) -> list:
    return _related(claim, "tags")


def notes_of(claim: Claim) -> list:
    return _related(claim, "notes")


def links_out(claim: Claim) -> list:
    return _related(claim, "links_out")


def links_in(claim: Claim) -> list:
    return _related(claim, "links_in")


def reliability(claim: Claim) -> str:
    """Claim.reliability() on the prefetched attributions: the claim's reliability today."""
    return claim.reliability([a.source for a in attributions(claim) if a.source_id])


def assessment(claim: Claim) -> Assessment:
    """Claim.assessment() on the prefetched attributions: the grade as judged, and now."""
    return Assessment.of(claim, reliability(claim))


def grade(claim: Claim) -> str:
    """The grade as the pages show it: `B2`, or `B2 at review, source now C`."""
    return assessment(claim).text


def iso(value: dt.datetime | dt.date | None) -> str:
    """ISO 8601 (UTC offset kept), or an empty string."""
    return value.isoformat() if value else ""


def source_label(attribution: Attribution) -> str:
    """The registry name, or the mention as written when it resolved to nothing."""
    if attribution.source is not None:
        return attribution.source.name
    return f"{attribution.mention} (unresolved)"


def attribution_chain(claim: Claim) -> str:
    """Who said it, and who relayed it: `Kim Jong-un via KCNA`."""
    links = []
    for _, group in groupby(attributions(claim), key=lambda a: a.position):
        links.append(" & ".join(source_label(a) for a in group))
    return " via ".join(links)


def claim_sources(claim: Claim) -> list:
    """The claim's resolved registry sources, speaker first, without repeats."""
    seen: dict[int, object] = {}
    for attribution in attributions(claim):
        if attribution.source is not None:
            seen.setdefault(attribution.source_id, attribution.source)
    return list(seen.values())


def content_text(claim: Claim) -> str:
    """What is claimed (the content span), or the whole quote when no content was marked."""
    return claim.content_text or claim.quote


def person(user) -> str:
    """A username, from a user or a record's username string."""
    if isinstance(user, str):
        return user
    return user.get_username() if user is not None else ""
