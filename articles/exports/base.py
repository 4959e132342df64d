"""What every export format shares: the export's context and how a claim is described."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.exports.records import ClaimRecord, iter_claims
from articles.exports.selection import CHUNK_SIZE, Selection
from articles.models import Assessment, Attribution, Claim, ClaimLink

# What a report can include, in the builder's order.
INCLUDES: list[tuple[str, str]] = [
    ("quote", _("Claim text")),
    ("content", _("Content (what is claimed)")),
    ("sources", _("Sources and attribution chain")),
    ("grades", _("Grades")),
    ("status", _("Status")),
    ("tags", _("Tags")),
    ("notes", _("Notes")),
    ("links", _("Links between claims")),
    ("article", _("Article metadata")),
]
ALL_INCLUDES = frozenset(key for key, _ in INCLUDES)


def parse_include(values: Iterable[str] | None) -> frozenset[str]:
    """The parts to include; nothing given means everything, unknown names are ignored."""
    chosen = frozenset(v for v in (values or []) if v in ALL_INCLUDES)
    return chosen or ALL_INCLUDES


# CSV separators a researcher can choose: French spreadsheets expect ";".
CSV_DELIMITERS: dict[str, tuple[str, str]] = {
    "comma": (",", _("comma ( , )")),
    "semicolon": (";", _("semicolon ( ; ) for French spreadsheets")),
    "tab": ("\t", _("tab")),
}
MAX_REPORT_TITLE = 200
MAX_INTRODUCTION = 5000


def csv_delimiter(name: str | None) -> str:
    """The separator called `name` (comma, semicolon, tab); a comma for anything else."""
    return CSV_DELIMITERS.get(name or "", CSV_DELIMITERS["comma"])[0]


@dataclass
class ExportContext:
    """One export: what is selected, what to include, who asked, when, and the site's address.

    `base_url` is the desk's configured address (settings.SITE_URL), never the host a
    request happened to come in by. `report_title` and `introduction` are the
    researcher's words for the report's first page.
    """

    selection: Selection
    include: frozenset[str] = ALL_INCLUDES
    exported_by: str = ""
    # Looked up at call time, so a test can fix the clock.
    exported_at: dt.datetime = field(default_factory=lambda: timezone.now())
    base_url: str = field(default_factory=lambda: settings.SITE_URL)
    desk: str = field(default_factory=lambda: settings.NEWSDESK_DESK_NAME)
    chunk_size: int = CHUNK_SIZE
    report_title: str = ""
    introduction: str = ""
    csv_delimiter: str = ","
    # The language of the report formats (HTML, PDF, Markdown): the report builder's choice,
    # else the language active when the export was asked for. Data formats stay English.
    language: str = field(
        default_factory=lambda: translation.get_language() or settings.LANGUAGE_CODE
    )

    def __post_init__(self):
        self.report_title = " ".join((self.report_title or "").split())[:MAX_REPORT_TITLE]
        self.introduction = (self.introduction or "").strip()[:MAX_INTRODUCTION]

    def has(self, part: str) -> bool:
        return part in self.include

    def absolute(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def claim_url(self, claim: Claim) -> str:
        """The claim's address in Newsdesk (reverse() once, not once per claim)."""
        return self.claim_url_for(claim.article_id, claim.pk)

    def story_url(self, story_id: int) -> str:
        """The address of story `story_id`'s page in Newsdesk."""
        return self.absolute(reverse("articles:story_detail", args=[story_id]))

    def claim_url_for(self, article_id: int, claim_id: int) -> str:
        """The address of claim `claim_id` of article `article_id`."""
        if not hasattr(self, "_claim_url"):
            sample = reverse("articles:claim_detail", kwargs={"article_pk": 4242, "pk": 4343})
            self._claim_url = self.absolute(sample).replace("4242", "{a}").replace("4343", "{c}")
        return self._claim_url.format(a=article_id, c=claim_id)

    def local_time(self) -> dt.datetime:
        """When the export was made, in the desk's time zone (TIME_ZONE)."""
        return timezone.localtime(self.exported_at)

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
        if self.report_title:
            return self.report_title
        return gettext("%(desk)s report: %(scope)s") % {"desk": self.desk, "scope": self.scope}

    @property
    def heading(self) -> str:
        """The report's first-page heading: the researcher's title, else "Claims report"."""
        return self.report_title or gettext("Claims report")


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


@dataclass(frozen=True)
class LinkedClaim:
    """A link as a report shows it: how it reads from this claim, and the claim at its end."""

    label: str  # "corroborates", "contradicted by"...
    claim_id: int
    article_id: int
    quote: str
    article_title: str

    @property
    def label_shown(self) -> str:
        """The relation in the active language (`corroborates`, `corroborée par`…)."""
        return str(ClaimLink.LABELS.get(self.label, self.label))

    def describe(self, width: int = 120) -> str:
        """`corroborates #8 “Pyongyang fired…” (Yonhap, 3 Jan)`: the other claim in words."""
        quote = " ".join(self.quote.split())
        if len(quote) > width:
            quote = quote[: width - 1].rstrip() + "…"
        title = self.article_title or gettext("article %(number)s") % {"number": self.article_id}
        return gettext("%(relation)s #%(number)s “%(quote)s” in “%(title)s”") % {
            "relation": self.label_shown,
            "number": self.claim_id,
            "quote": quote,
            "title": title,
        }


def _other_end(link, outgoing: bool) -> LinkedClaim:
    if hasattr(link, "other_quote"):  # an export record
        quote, article_id, title = link.other_quote, link.other_article_id, link.other_title
    else:  # a model instance
        other = link.to_claim if outgoing else link.from_claim
        quote, article_id, title = other.quote, other.article_id, other.article.title
    # The English words (ClaimLink.LABELS translates them where a report shows them).
    label = link.kind if outgoing else ClaimLink.PASSIVE.get(link.kind, f"{link.kind} by")
    claim_id = link.to_claim_id if outgoing else link.from_claim_id
    return LinkedClaim(label, claim_id, article_id, quote, title)


def linked_claims(claim: Claim) -> list[LinkedClaim]:
    """The claim's links, out then in, each with the linked claim's text and article."""
    return [_other_end(link, True) for link in links_out(claim)] + [
        _other_end(link, False) for link in links_in(claim)
    ]


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
    for _position, group in groupby(attributions(claim), key=lambda a: a.position):
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
