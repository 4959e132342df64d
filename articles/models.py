"""Newsdesk's data: articles, the claims found in them, who makes each claim, and the desk's notes.

Queries live on QuerySets here; writes that touch several rows live in
`articles.services`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.extraction.descriptions import ROLES
from articles.textnorm import fold_for_search, normalize_mention

RELIABILITY_GRADES = [
    ("A", _("A — completely reliable")),
    ("B", _("B — usually reliable")),
    ("C", _("C — fairly reliable")),
    ("D", _("D — not usually reliable")),
    ("E", _("E — unreliable")),
    ("F", _("F — reliability cannot be judged")),
]
CREDIBILITY_GRADES = [
    (1, _("1 — confirmed by other sources")),
    (2, _("2 — probably true")),
    (3, _("3 — possibly true")),
    (4, _("4 — doubtful")),
    (5, _("5 — improbable")),
    (6, _("6 — truth cannot be judged")),
]
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
COUNTRIES = {
    "KP": _("North Korea"),
    "KR": _("South Korea"),
    "RU": _("Russia"),
    "UA": _("Ukraine"),
    "US": _("United States"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "JP": _("Japan"),
    "CN": _("China"),
    "DE": _("Germany"),
}


# The roles of articles.extraction.descriptions (plain Python, so not marked there), as the
# interface names them; the test of the catalogue checks that every role has its label.
ROLE_LABELS = {
    "intelligence": _("Intelligence service"),
    "military_intelligence": _("Military intelligence"),
    "defence_ministry": _("Defence ministry"),
    "foreign_ministry": _("Foreign ministry"),
    "military": _("Army / armed forces"),
    "joint_chiefs": _("Joint chiefs / general staff"),
    "air_force": _("Air force"),
    "ruling_party": _("Ruling party"),
    "head_of_state": _("President / head of state"),
    "presidency": _("Presidential office"),
    "government": _("Government"),
    "spokesperson": _("Spokesperson"),
    "state_news_agency": _("State news agency"),
    "news_agency": _("News agency"),
    "newspaper": _("Newspaper"),
}

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour as #rrggbb."))


def safe_colour(value: str, fallback: str) -> str:
    """`value` if it is a #rrggbb colour, else `fallback`: colours reach CSS, never raw text."""
    try:
        HEX_COLOUR(value or "")
    except ValidationError:
        return fallback
    return value


def format_grade(reliability: str, credibility: int | None) -> str:
    """The Admiralty grade as the desk writes it: `B2`, with `?` for what is not set."""
    return f"{reliability or '?'}{credibility or '?'}"


@dataclass(frozen=True, slots=True)
class Assessment:
    """A claim's grade as shown everywhere (pages and exports): the one place it is computed.

    Once a researcher has set the status, credibility or reliability, the reliability
    letter they saw is frozen with the claim (`reviewed_reliability`); a later change of
    the source's grade is shown beside it ("B2 at review, source now C"), never over it.
    """

    reliability: str  # the letter the grade uses: frozen at review, else the current one
    credibility: int | None
    current: str  # the reliability the claim would get today (override, else its source)
    reviewed: bool

    @classmethod
    def of(cls, claim, current: str) -> Assessment:
        """The assessment of `claim` (a Claim or an export record) given today's letter."""
        reviewed = getattr(claim, "reviewed_at", None) is not None
        letter = (claim.reviewed_reliability or "") if reviewed else current
        return cls(letter, claim.credibility, current or "", reviewed)

    @property
    def grade(self) -> str:
        """`B2`: the grade as judged (at review, for a reviewed claim)."""
        return format_grade(self.reliability, self.credibility)

    @property
    def changed(self) -> bool:
        """True when the source's grade moved since the review."""
        return self.reviewed and self.current != self.reliability

    @property
    def now(self) -> str:
        """ "source now C" (or "source now not graded"), when the grade moved since review."""
        if not self.changed:
            return ""
        if self.current:
            return gettext("source now %(grade)s") % {"grade": self.current}
        return gettext("source now not graded")

    @property
    def text(self) -> str:
        """`B2`, or `B2 at review, source now C` when the source's grade changed since."""
        if not self.changed:
            return self.grade
        return gettext("%(grade)s at review, %(now)s") % {"grade": self.grade, "now": self.now}


class SourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


def safe_http_url(value: str) -> str:
    """`value` if it is an http or https URL with a host, else ""."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def unique_slug(obj: models.Model, name: str, max_length: int) -> str:
    """A slug for `name` that no other row of `obj`'s model has: "zeta-agency", "zeta-agency-2"...

    Two names can slugify alike ("Zeta Agency", "Zeta agency!"); the second one
    gets the first free numbered suffix instead of an IntegrityError.
    """
    base = slugify(name)[:max_length] or uuid.uuid4().hex[:12]
    others = type(obj)._default_manager.exclude(pk=obj.pk)
    taken = set(
        others.filter(slug__startswith=base[: max_length - 12]).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


class Source(models.Model):
    """Who makes claims: a state news agency, an intelligence service, an official, a wire..."""

    class Kind(models.TextChoices):
        STATE_MEDIA = "state_media", _("State media")
        NEWS_AGENCY = "news_agency", _("News agency")
        NEWS_OUTLET = "news_outlet", _("News outlet")
        INTELLIGENCE = "intelligence", _("Intelligence service")
        GOVERNMENT = "government", _("Government")
        MILITARY = "military", _("Military")
        OFFICIAL = "official", _("Official / person")
        INTERNATIONAL = "international", _("International body")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 code, e.g. KP, KR, RU, UA; empty if none."),
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        blank=True,
        choices=[(key, ROLE_LABELS[key]) for key in sorted(ROLES, key=ROLES.__getitem__)],
        help_text=_(
            "What the source is in its country (intelligence service, defence ministry, "
            "president...). With the country, it resolves descriptions such as “South Korea's spy "
            "agency” or “le président ukrainien” when no alias matches."
        ),
    )
    reliability = models.CharField(
        _("reliability grade"), max_length=1, choices=RELIABILITY_GRADES, default="F"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_collective = models.BooleanField(
        _("is collective"),
        default=False,
        help_text=_("A group cited as one (e.g. 'Western intelligence agencies')."),
    )
    is_active = models.BooleanField(_("is active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("historical source"),
        verbose_name_plural=_("historical sources"),
    )
    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=["A", "B", "C", "D", "E", "F"]),
                name="source_reliability_a_to_f",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, 200)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:source_detail", args=[self.slug])

    @property
    def country_name(self) -> str:
        return str(COUNTRIES.get(self.country, self.country))


class SourceAlias(models.Model):
    """Another name a source goes by, in one language; matched through its normalised form."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=300)
    language = models.CharField(_("language"), max_length=8, blank=True)
    normalized = models.CharField(_("normalized"), max_length=300, db_index=True, editable=False)

    history = HistoricalRecords(
        verbose_name=_("historical source alias"),
        verbose_name_plural=_("historical source aliases"),
    )

    class Meta:
        verbose_name = _("source alias")
        ordering = ["source", "alias"]
        verbose_name_plural = _("source aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "normalized"], name="sourcealias_unique_per_source"
            ),
        ]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        self.normalized = normalize_mention(self.alias)
        super().save(*args, **kwargs)


class SearchTextQuerySet(models.QuerySet):
    """Keeps `search_text` (the folded text a SQLite search reads) in step with the fields it
    is made of, on every bulk write path too: bulk_create, bulk_update and update()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if set(fields) & set(self.model.SEARCHED_FIELDS):
            for obj in objs:
                obj.refresh_search_text()
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        changed = set(kwargs) & set(self.model.SEARCHED_FIELDS)
        if not changed or "search_text" in kwargs:  # bulk_update() passes it along
            return super().update(**kwargs)
        # The folded text depends on each row's other fields: write row by row.
        rows = 0
        for obj in self.iterator():
            for name, value in kwargs.items():
                setattr(obj, name, value)
            obj.save(update_fields=list(kwargs))
            rows += 1
        return rows


class SearchTextMixin:
    """`search_text` is recomputed from `SEARCHED_FIELDS` whenever the model saves them."""

    SEARCHED_FIELDS: tuple[str, ...] = ()

    def refresh_search_text(self) -> None:
        """Recompute `search_text` from the searched fields."""
        self.search_text = fold_for_search(
            "\n".join(str(getattr(self, name) or "") for name in self.SEARCHED_FIELDS)
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.SEARCHED_FIELDS):
            self.refresh_search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class ArticleQuerySet(SearchTextQuerySet):
    def with_claim_counts(self):
        visible = Q(claims__is_rejected=False)
        return self.annotate(
            claim_count=models.Count("claims", filter=visible, distinct=True),
            unreviewed_count=models.Count(
                "claims",
                filter=visible & Q(claims__status__slug=ClaimStatus.UNREVIEWED),
                distinct=True,
            ),
        )


class Article(SearchTextMixin, models.Model):
    """One imported news item: the raw input kept exactly as given, and what was cleaned from it."""

    SEARCHED_FIELDS = ("title", "text")

    class InputKind(models.TextChoices):
        PASTE_TEXT = "paste_text", _("Pasted text")
        PASTE_HTML = "paste_html", _("Pasted HTML")
        FILE = "file", _("File")
        URL = "url", _("URL")

    raw_input = models.TextField(
        _("raw input"), help_text=_("The input exactly as given, never modified.")
    )
    raw_bytes = models.BinaryField(
        _("raw bytes"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Original bytes of a file or page."),
    )
    raw_filename = models.CharField(_("raw filename"), max_length=500, blank=True)
    raw_content_type = models.CharField(_("raw content type"), max_length=200, blank=True)
    input_kind = models.CharField(_("input kind"), max_length=20, choices=InputKind.choices)

    text = models.TextField(
        _("text"), blank=True, help_text=_("The cleaned text; claim offsets index it.")
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    url = models.URLField(_("url"), max_length=2000, blank=True)
    canonical_url = models.URLField(_("canonical url"), max_length=2000, blank=True, db_index=True)
    publisher = models.ForeignKey(
        Source,
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_articles",
    )
    publisher_name = models.CharField(
        _("publisher name"), max_length=300, blank=True, help_text=_("As written.")
    )
    authors = models.JSONField(_("authors"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    reading_time_minutes = models.PositiveSmallIntegerField(
        _("reading time minutes"), null=True, blank=True
    )
    captions = models.JSONField(
        _("captions"), default=list, blank=True, help_text=_("[{text, credit}]")
    )
    paragraphs = models.JSONField(
        _("paragraphs"), default=list, blank=True, help_text=_("[[start, end], ...]")
    )
    dropped_lines = models.JSONField(
        _("dropped lines"),
        default=list,
        blank=True,
        help_text=_("[{text, reason}]: what the cleaner removed."),
    )
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    parser_version = models.CharField(_("parser version"), max_length=20, blank=True)
    extractor_version = models.CharField(_("extractor version"), max_length=20, blank=True)

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_articles",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    metadata_doubts = models.JSONField(
        _("metadata doubts"),
        default=list,
        blank=True,
        help_text=_(
            "What the cleaner was unsure of (no date, outlet not known, title guessed); "
            "emptied once a researcher checks the metadata."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Optimistic lock (metadata edits).")
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Title and text folded for search."),
    )
    # Change tracking of URL imports: re-fetched until `track_until`; `versions` keep
    # every differing text, the first being the original.
    track_until = models.DateTimeField(_("track until"), null=True, blank=True, db_index=True)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    edited_at = models.DateTimeField(
        _("edited at"), null=True, blank=True, help_text=_("Last edit seen at the source.")
    )
    deleted_at = models.DateTimeField(
        _("deleted at"),
        null=True,
        blank=True,
        help_text=_("When the source was found deleted (404/410, home)."),
    )

    # The metadata a researcher can edit is recorded; the text, raw input and what the
    # cleaner derived from them never change after import, so they are left out.
    history = HistoricalRecords(
        verbose_name=_("historical article"),
        verbose_name_plural=_("historical articles"),
        excluded_fields=[
            "raw_input",
            "raw_bytes",
            "text",
            "paragraphs",
            "dropped_lines",
            "captions",
            "content_hash",
            "canonical_url",
            "modified",
            "search_text",
            # polling bookkeeping of change tracking, not an edit
            "track_until",
            "last_checked_at",
        ],
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-imported_at", "-id"]
        indexes = [
            # The article list's outlet filter: outlets written but not in the registry.
            models.Index(
                fields=["publisher_name"],
                condition=Q(publisher__isnull=True) & ~Q(publisher_name=""),
                name="article_written_outlet",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", args=[self.pk])

    @property
    def display_date(self):
        return self.published_at or self.imported_at

    @property
    def outlet_name(self) -> str:
        """The outlet as the desk knows it: the registry source, else the name as written."""
        return self.publisher.name if self.publisher_id and self.publisher else self.publisher_name

    @property
    def safe_url(self) -> str:
        """The URL to link to: only an http(s) address, else "" (never a javascript: href)."""
        return safe_http_url(self.url)

    @property
    def lead_is_separate(self) -> bool:
        """True when the lead is not already a paragraph of the text (the reader shows it once)."""
        return bool(self.lead) and self.lead.strip() not in self.text


class ClaimStatus(models.Model):
    """A claim's review state. The desk starts with five; admins can add more."""

    UNREVIEWED = "unreviewed"

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#888888",
        help_text=_("#rrggbb"),
        validators=[HEX_COLOUR],
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "A final verdict: setting it puts the claim in “awaiting review” until a "
            "second researcher approves it or sends it back."
        ),
    )

    class Meta:
        verbose_name = _("claim status")
        ordering = ["order", "name"]
        verbose_name_plural = _("claim statuses")

    def __str__(self) -> str:
        return self.name

    STARTER = [
        ("unreviewed", "Unreviewed", "#8a94a0", 0),
        ("corroborated", "Corroborated", "#2d7a46", 10),
        ("disputed", "Disputed", "#b07d00", 20),
        ("refuted", "Refuted", "#a33a2b", 30),
        ("unverifiable", "Unverifiable", "#6a5a8c", 40),
    ]

    # The starting statuses' names in the interface's language (the names stored are English).
    # A status an admin added or renamed is shown as typed.
    STARTER_NAMES = {
        "unreviewed": pgettext_lazy("claim status", "Unreviewed"),
        "corroborated": pgettext_lazy("claim status", "Corroborated"),
        "disputed": pgettext_lazy("claim status", "Disputed"),
        "refuted": pgettext_lazy("claim status", "Refuted"),
        "unverifiable": pgettext_lazy("claim status", "Unverifiable"),
    }

    @property
    def display_name(self) -> str:
        """The name as shown: a starting status in the active language, others as typed."""
        return self.name_shown(self.slug, self.name)

    @classmethod
    def name_shown(cls, slug: str, name: str) -> str:
        """A status's name as shown, from its slug and stored name (see `display_name`)."""
        starter = {key: english for key, english, _colour, _order in cls.STARTER}
        if starter.get(slug) == name:
            return str(cls.STARTER_NAMES[slug])
        return name

    # The starting statuses a second researcher checks before they stand.
    REVIEWED_BY_DEFAULT = frozenset({"corroborated", "refuted"})

    @classmethod
    def ensure_starter(cls) -> None:
        """Create the five starting statuses if missing (a migration also does)."""
        for slug, name, colour, order in cls.STARTER:
            cls.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "colour": colour,
                    "order": order,
                    "needs_review": slug in cls.REVIEWED_BY_DEFAULT,
                },
            )

    @classmethod
    def default(cls) -> ClaimStatus:
        status, _ = cls.objects.get_or_create(
            slug=cls.UNREVIEWED, defaults={"name": "Unreviewed", "order": 0}
        )
        return status


def default_status_id() -> int:
    return ClaimStatus.default().pk


class Tag(models.Model):
    """The desk's tag vocabulary."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#5b6b7f",
        help_text=_("#rrggbb"),
        validators=[HEX_COLOUR],
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(
        verbose_name=_("historical tag"),
        verbose_name_plural=_("historical tags"),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, 100)
        super().save(*args, **kwargs)


class ClaimQuerySet(SearchTextQuerySet):
    def visible(self):
        """Claims shown by default: rejected automatic claims are kept but hidden."""
        return self.filter(is_rejected=False)

    def for_source(self, source: Source):
        return self.filter(attributions__source=source).distinct()

    def in_reading_order(self):
        return self.order_by("article_id", "start", "end", "id")


class Claim(SearchTextMixin, models.Model):
    """An assertion in an article, anchored to an exact span of its cleaned text.

    The span is stored the W3C Web Annotation way: offsets (TextPositionSelector)
    and exact quote with prefix and suffix (TextQuoteSelector), so a claim can
    be re-anchored when the text is re-cleaned.
    """

    SEARCHED_FIELDS = ("quote",)

    class CueKind(models.TextChoices):
        PREPOSITION = "preposition", _("Preposition (selon, according to)")
        VERB = "verb", _("Reporting verb")
        QUOTE = "quote", _("Quotation marks")
        COLON = "colon", _("Colon")
        NONE = "", _("None")

    class Stance(models.TextChoices):
        ASSERTS = "asserts", _("asserts")
        ACKNOWLEDGES = "acknowledges", _("acknowledges")
        DENIES = "denies", _("denies")
        REPORTS = "reports", _("reports")
        ACCUSES = "accuses", _("accuses")
        ESTIMATES = "estimates", _("estimates")
        WARNS = "warns", _("warns")
        UNKNOWN = "", _("unknown")

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", _("Automatic")
        MANUAL = "manual", _("Added by hand")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="claims"
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(
        _("quote"), help_text=_("text[start:end] when the claim was anchored.")
    )
    prefix = models.CharField(_("prefix"), max_length=64, blank=True)
    suffix = models.CharField(_("suffix"), max_length=64, blank=True)
    content_start = models.PositiveIntegerField(_("content start"), null=True, blank=True)
    content_end = models.PositiveIntegerField(_("content end"), null=True, blank=True)
    cue_text = models.CharField(_("cue text"), max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(_("cue start"), null=True, blank=True)
    cue_end = models.PositiveIntegerField(_("cue end"), null=True, blank=True)
    cue_kind = models.CharField(_("cue kind"), max_length=20, choices=CueKind.choices, blank=True)
    direct_quote = models.BooleanField(_("direct quote"), default=False)
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices, blank=True)

    status = models.ForeignKey(
        ClaimStatus,
        verbose_name=_("status"),
        on_delete=models.PROTECT,
        related_name="claims",
        default=default_status_id,
    )
    credibility = models.PositiveSmallIntegerField(
        _("credibility"), null=True, blank=True, choices=CREDIBILITY_GRADES
    )
    reliability_override = models.CharField(
        _("reliability override"), max_length=1, blank=True, choices=RELIABILITY_GRADES
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="claims")

    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.AUTOMATIC
    )
    extractor_version = models.CharField(_("extractor version"), max_length=20, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    is_rejected = models.BooleanField(
        _("is rejected"),
        default=False,
        help_text=_("Rejected by a researcher: hidden, and not re-extracted."),
    )
    curated = models.BooleanField(
        _("curated"),
        default=False,
        help_text=_("A person has touched this claim; re-extraction keeps it as it is."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic lock."))
    reviewed_reliability = models.CharField(
        _("reliability at review"),
        max_length=1,
        blank=True,
        help_text=_(
            "The reliability letter the researcher saw when they last set the status, "
            "credibility or reliability; a later change of the source's grade does not alter it."
        ),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    search_text = models.TextField(
        _("search text"),
        blank=True,
        default="",
        editable=False,
        help_text=_("The quote folded for search."),
    )
    story = models.ForeignKey(
        "Story",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )

    history = HistoricalRecords(
        verbose_name=_("historical claim"),
        verbose_name_plural=_("historical claims"),
        m2m_fields=[tags],
        excluded_fields=["search_text"],
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["article", "start", "end", "id"]
        indexes = [models.Index(fields=["article", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="claim_span_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(credibility__isnull=True) | Q(credibility__gte=1, credibility__lte=6),
                name="claim_credibility_1_to_6",
            ),
            models.CheckConstraint(
                condition=Q(reliability_override__in=["", "A", "B", "C", "D", "E", "F"]),
                name="claim_reliability_override_a_to_f",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_reliability__in=["", "A", "B", "C", "D", "E", "F"]),
                name="claim_reviewed_reliability_a_to_f",
            ),
            models.CheckConstraint(
                condition=Q(content_start__isnull=True)
                | Q(content_end__isnull=True)
                | Q(content_start__lt=models.F("content_end")),
                name="claim_content_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    def get_absolute_url(self) -> str:
        return reverse("articles:claim_detail", args=[self.article_id, self.pk])

    @property
    def content_text(self) -> str:
        if self.content_start is None or self.content_end is None:
            return ""
        return self.article.text[self.content_start : self.content_end]

    def reliability(self, sources: list[Source] | None = None) -> str:
        """The claim's reliability letter: the override, else its first resolved source's grade."""
        if self.reliability_override:
            return self.reliability_override
        if sources is None:
            sources = [a.source for a in self.attributions.all() if a.source_id]
        sources = [s for s in sources if s is not None]
        return sources[0].reliability if sources else ""

    def assessment(self, sources: list[Source] | None = None) -> Assessment:
        """The grade as judged at review, and the source's grade now (see Assessment)."""
        return Assessment.of(self, self.reliability(sources))

    @property
    def grade(self) -> str:
        """The Admiralty grade shown to researchers, e.g. `B2` (`?` for what is not set)."""
        return self.assessment().grade


class Attribution(models.Model):
    """Who makes a claim: the mention as written and the registry source it resolves to.

    An unresolved mention (source empty) is kept, never dropped. `position` is
    the place in the attribution chain: 0 is the speaker, 1 whoever relayed
    it, and so on (`Kim Jong-un ... publié par KCNA` -> KCNA at 1).
    """

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="attributions"
    )
    mention = models.CharField(_("mention"), max_length=500)
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attributions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(
        verbose_name=_("historical attribution"),
        verbose_name_plural=_("historical attributions"),
    )

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["claim", "position", "start", "id"]
        # A source's claims, in claim order, without reading the attribution rows.
        indexes = [models.Index(fields=["source", "claim"], name="attribution_source_claim")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lt=models.F("end")),
                name="attribution_span_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mention} → {self.source or 'unresolved'}"


class HeadlineClaim(models.Model):
    """A claim made in the article's title (`N. Korean troops in combat: spy agency`).

    The title is not part of the article text, so these are kept apart from `Claim`
    (whose offsets point into the text): offsets here point into `article.title`. They
    are replaced at each extraction and shown in the reader's header.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="headline_claims"
    )
    cue_text = models.CharField(_("cue text"), max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(_("cue start"))
    cue_end = models.PositiveIntegerField(_("cue end"))
    content_start = models.PositiveIntegerField(_("content start"))
    content_end = models.PositiveIntegerField(_("content end"))
    stance = models.CharField(_("stance"), max_length=20, blank=True)
    direct_quote = models.BooleanField(_("direct quote"), default=False)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    extractor_version = models.CharField(_("extractor version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("headline claim")
        verbose_name_plural = _("headline claims")
        ordering = ["article", "cue_start", "id"]

    def __str__(self) -> str:
        return self.content

    @property
    def content(self) -> str:
        """The claimed proposition, as written in the title."""
        return self.article.title[self.content_start : self.content_end]


class HeadlineAttribution(models.Model):
    """Who makes a headline claim: the mention in the title and its registry source."""

    claim = models.ForeignKey(
        HeadlineClaim,
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="attributions",
    )
    mention = models.CharField(_("mention"), max_length=500)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("headline attribution")
        verbose_name_plural = _("headline attributions")
        ordering = ["claim", "position", "start", "id"]

    def __str__(self) -> str:
        return f"{self.mention} → {self.source or 'unresolved'}"


class Note(SearchTextMixin, models.Model):
    """A researcher's note on a claim, in Markdown (rendered sanitised); a reply answers a
    note (one level: a reply to a reply answers the same note)."""

    SEARCHED_FIELDS = ("body",)
    # An author may edit a note for this long after writing it (desk admins at any time).
    EDIT_WINDOW_MINUTES = 15

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="notes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    search_text = models.TextField(
        _("search text"),
        blank=True,
        default="",
        editable=False,
        help_text=_("The body folded for search."),
    )

    history = HistoricalRecords(
        verbose_name=_("historical note"),
        verbose_name_plural=_("historical notes"),
        excluded_fields=["search_text"],
    )
    objects = SearchTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ClaimLink(models.Model):
    """A relation between two claims, in any articles."""

    class Kind(models.TextChoices):
        CORROBORATES = "corroborates", _("corroborates")
        CONTRADICTS = "contradicts", _("contradicts")
        REPEATS = "repeats", _("repeats")
        CITES = "cites", _("cites")

    # How a link reads from the claim it points to ("corroborated by ...").
    PASSIVE = {
        "corroborates": "corroborated by",
        "contradicts": "contradicted by",
        "repeats": "repeated by",
        "cites": "cited by",
    }
    # Both ways of reading a link, as pages and reports show them in the active language
    # (the English words above stay the data formats' words).
    LABELS = {
        "corroborates": pgettext_lazy("claim link", "corroborates"),
        "contradicts": pgettext_lazy("claim link", "contradicts"),
        "repeats": pgettext_lazy("claim link", "repeats"),
        "cites": pgettext_lazy("claim link", "cites"),
        "corroborated by": pgettext_lazy("claim link", "corroborated by"),
        "contradicted by": pgettext_lazy("claim link", "contradicted by"),
        "repeated by": pgettext_lazy("claim link", "repeated by"),
        "cited by": pgettext_lazy("claim link", "cited by"),
    }

    from_claim = models.ForeignKey(
        Claim, verbose_name=_("from claim"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_claim = models.ForeignKey(
        Claim, verbose_name=_("to claim"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("historical claim link"),
        verbose_name_plural=_("historical claim links"),
    )

    class Meta:
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claimlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=models.F("to_claim")), name="claimlink_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.kind} {self.to_claim_id}"


class ImportJob(models.Model):
    """A bulk import running in the background, with its progress and summary."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    imported = models.JSONField(
        _("imported"), default=list, blank=True, help_text=_("[{name, article_id}]")
    )
    duplicates = models.JSONField(
        _("duplicates"), default=list, blank=True, help_text=_("[{name, article_id}]")
    )
    failures = models.JSONField(
        _("failures"), default=list, blank=True, help_text=_("[{name, reason}]")
    )
    skipped = models.JSONField(
        _("skipped"),
        default=list,
        blank=True,
        help_text=_("[{name, reason}]: junk files left out on purpose."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Import {self.id} ({self.state})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class ImportItem(models.Model):
    """A file uploaded for a background import, kept in the database until its job has read it.

    Stored in the database (not on a web server's disk) so any worker can run the job.
    """

    job = models.ForeignKey(
        ImportJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("name"), max_length=500)
    data = models.BinaryField(_("data"))
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # How many of this file's outcomes (one, or one per archive member) are recorded on the
    # job. Saved in the same transaction as each outcome, so a job resumed after its worker
    # died skips exactly what was done and imports nothing twice.
    done = models.PositiveIntegerField(_("done"), default=0)

    class Meta:
        verbose_name = _("import item")
        verbose_name_plural = _("import items")
        ordering = ["job", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ExportJob(models.Model):
    """An export asked for through the API, written by the task worker; its file is kept in
    the database (any worker writes it, any web process serves it) until `run_schedule`
    deletes jobs older than NEWSDESK_EXPORT_JOB_DAYS."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("created by"),
    )
    token_name = models.CharField(_("token name"), max_length=100, blank=True)
    format = models.CharField(_("format"), max_length=20)
    params = models.JSONField(
        _("claims filter"), default=dict, blank=True, help_text=_("The claims page's parameters.")
    )
    include = models.JSONField(_("parts included"), default=list, blank=True)
    report_title = models.CharField(_("report title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    error = models.TextField(_("error"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    data = models.BinaryField(_("file"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [models.Index(fields=["created"])]

    def __str__(self) -> str:
        return f"Export {self.id} ({self.format}, {self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, int(100 * self.processed / self.total)) if self.total else 0


class WorkerHeartbeat(models.Model):
    """A background worker (`manage.py db_worker`) that says it is alive.

    Each worker updates its row every few seconds from a thread of its own, also while it
    runs a long task. A task still marked running whose worker has fallen silent was cut
    off (the process was killed, the machine restarted): another worker queues it again.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("hostname"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("pid"), default=0)
    started = models.DateTimeField(_("started"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)
    # When the worker began its current task; empty while it waits for work.
    task_started = models.DateTimeField(_("task started"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"Worker {self.worker_id} on {self.hostname}:{self.pid}"


class ApiToken(models.Model):
    """A user's personal API token. Only a SHA-256 hash of the secret is stored: the secret
    is shown once, when the token is created. The token acts as its user (the user's role
    is the ceiling of what it can do) and, if read-only, refuses every write."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The secret's first characters, shown.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    rate_per_minute = models.PositiveIntegerField(_("rate per minute"), default=120)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("api token")
        verbose_name_plural = _("api tokens")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Webhook(models.Model):
    """An address told about claim events that match a saved claims filter.

    Each delivery is a JSON POST signed with HMAC-SHA256 over the body with `secret`
    (`X-Newsdesk-Signature: sha256=<hex>`), sent by the task queue and retried with backoff.
    """

    class Event(models.TextChoices):
        CLAIM_CREATED = "claim.created", _("Claim created")
        STATUS_CHANGED = "claim.status_changed", _("Claim status changed")
        STORY_CONFIRMED = "story.confirmed", _("Story confirmed")

    url = models.URLField(_("url"), max_length=2000)
    events = models.JSONField(_("events"), default=list, help_text=_("Event names to send."))
    filter_params = models.JSONField(
        _("filter params"),
        default=dict,
        blank=True,
        help_text=_("A claims filter (the claims page's parameters)."),
    )
    secret = models.CharField(_("secret"), max_length=100)
    is_active = models.BooleanField(_("is active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook, with every attempt's outcome."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    log = models.JSONField(_("log"), default=list, help_text=_("[{at, code, error}] per attempt."))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id} ({self.state})"


class WatchedFeed(models.Model):
    """An RSS or Atom feed the desk polls for new articles (admins add them on /feeds/)."""

    class Status(models.TextChoices):
        NEW = "new", _("Not polled yet")
        OK = "ok", _("New items read")
        NOT_MODIFIED = "not_modified", _("Unchanged since the last poll")
        ERROR = "error", _("Error")

    url = models.URLField(_("url"), max_length=2000, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("added by"),
        related_name="+",
    )  # fmt: skip
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Validators from the last answer, sent back so an unchanged feed costs a 304.
    etag = models.CharField(_("etag"), max_length=500, blank=True)
    last_modified = models.CharField(_("last modified"), max_length=100, blank=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    last_status = models.CharField(
        _("last status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    last_new_items = models.PositiveIntegerField(_("last new items"), default=0)
    last_duplicates = models.PositiveIntegerField(_("last duplicates"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    imported_total = models.PositiveIntegerField(_("imported total"), default=0)
    # Entry ids (or links) already handled, newest last, so a poll reads only new entries.
    seen = models.JSONField(_("seen"), default=list, blank=True)

    class Meta:
        verbose_name = _("watched feed")
        verbose_name_plural = _("watched feeds")
        ordering = ["title", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleVersion(models.Model):
    """One text of a tracked article as fetched: the original, each edit, a deletion."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original")
        EDITED = "edited", _("Edited at the source")
        DELETED = "deleted", _("Deleted at the source")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fetched_at = models.DateTimeField(_("fetched at"))
    http_status = models.PositiveIntegerField(_("http status"), null=True, blank=True)
    final_url = models.URLField(_("final url"), max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    raw_bytes = models.BinaryField(_("raw bytes"), null=True, blank=True, editable=False)
    sentences_changed = models.PositiveIntegerField(_("sentences changed"), default=0)
    lost_claims = models.JSONField(
        _("lost claims"), default=list, blank=True, help_text=_("Claims not re-anchored.")
    )

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article} v{self.number} ({self.kind})"


class UserPreference(models.Model):
    """What a person chose for the interface, saved on the account: today, the language.

    Blank follows the browser (Accept-Language). Read into the session at login
    (`articles.services.preferences`), so pages do not query it on every request.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("fr", "Français")],
        help_text=_("The interface's language; blank follows the browser."),
    )

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"{self.user} ({self.language or 'browser'})"


# --- the desk at work: assignments, reviews, notifications, saved searches ------------------


class Assignment(models.Model):
    """A claim given to a researcher to work on; open until they act on it.

    A blind assignment asks for an independent grade (BlindGrade) that does not touch the
    claim, so two researchers' grades of the same claim can be compared.
    """

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("assigned by"),
        related_name="+",
    )  # fmt: skip
    blind = models.BooleanField(
        _("blind"), default=False, help_text=_("Grade independently, blind.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "assignee"],
                condition=Q(done_at__isnull=True),
                name="one_open_assignment_per_claim_and_person",
            )
        ]
        indexes = [models.Index(fields=["assignee", "done_at"], name="assignment_queue")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} → {self.assignee_id}"


class BlindGrade(models.Model):
    """A researcher's independent grade of a claim (blind double grading): kept apart from
    the claim's own grade, and never shown to the other grader."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="blind_grades"
    )
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grader"),
        on_delete=models.CASCADE,
        related_name="blind_grades",
    )
    reliability = models.CharField(_("reliability"), max_length=1, choices=RELIABILITY_GRADES)
    credibility = models.PositiveSmallIntegerField(_("credibility"), choices=CREDIBILITY_GRADES)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("blind grade")
        verbose_name_plural = _("blind grades")
        constraints = [
            models.UniqueConstraint(fields=["claim", "grader"], name="one_blind_grade_per_grader")
        ]

    def __str__(self) -> str:
        return f"{self.grade} by {self.grader_id} on claim {self.claim_id}"

    @property
    def grade(self) -> str:
        return format_grade(self.reliability, self.credibility)


class ClaimReview(models.Model):
    """A verdict waiting for a second pair of eyes: a final status one researcher set, which
    another approves or sends back (with a comment, the claim's status then goes back)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        SENT_BACK = "sent_back", _("Sent back")
        WITHDRAWN = "withdrawn", _("Withdrawn (the status changed again)")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.ForeignKey(
        ClaimStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+"
    )
    previous_status = models.ForeignKey(
        ClaimStatus, verbose_name=_("previous status"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
        verbose_name=_("proposed by"),
        related_name="proposed_reviews",
    )  # fmt: skip
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("reviewer"),
        related_name="decided_reviews",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("claim review")
        verbose_name_plural = _("claim reviews")
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state="pending"),
                name="one_pending_review_per_claim",
            )
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.state}"


def new_feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A claims-page filter kept with a name; private to its owner or shared with the desk."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    params = models.JSONField(
        _("params"), default=dict, help_text=_("The claims page's query parameters.")
    )
    shared = models.BooleanField(_("shared"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_per_owner")
        ]
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from urllib.parse import urlencode

        return reverse("articles:claim_list") + "?" + urlencode(self.params)


class Subscription(models.Model):
    """A researcher follows a saved search: new matching claims raise an alert, and the
    private Atom feed (by its revocable token) lists the search's claims."""

    saved_search = models.ForeignKey(
        SavedSearch,
        verbose_name=_("saved search"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    feed_token = models.CharField(
        _("feed token"), max_length=64, unique=True, default=new_feed_token
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "user"], name="one_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.saved_search_id}"


class Notification(models.Model):
    """One line of a researcher's inbox (and of their e-mail digest)."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assignment")
        MENTION = "mention", _("Mention")
        REPLY = "reply", _("Reply")
        APPROVED = "approved", _("Verdict approved")
        SENT_BACK = "sent_back", _("Verdict sent back")
        ALERT = "alert", _("Saved-search alert")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("actor"),
        related_name="+",
    )  # fmt: skip
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("claim"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    saved_search = models.ForeignKey(
        SavedSearch,
        verbose_name=_("saved search"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What the line says beyond its kind: a review's decision and comment, a note's
    # opening words, an alert's number of claims.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """How a researcher hears of their notifications besides the inbox."""

    class Digest(models.TextChoices):
        NONE = "none", _("No e-mail")
        IMMEDIATE = "immediate", _("E-mail each notification")
        DAILY = "daily", _("One e-mail a day")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    digest = models.CharField(
        _("digest"), max_length=10, choices=Digest.choices, default=Digest.NONE
    )
    last_digest_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class Story(models.Model):
    """One claim followed across articles, outlets and languages.

    Its claims are the connected claims of confirmed `repeats` links (`Claim.story`);
    the first appearance and the independent origins are derived from them, never
    stored. The canonical wording is the desk's, editable.
    """

    canonical = models.TextField(_("canonical wording"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("story")
        ordering = ["-id"]
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.canonical[:80] or _("Story %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("articles:story_detail", args=[self.pk])


class ClaimKey(models.Model):
    """A key a claim is found by when matching (a figure, an origin with a place, a band of
    its wording's MinHash), with the day it was published: new claims are compared only
    with the claims sharing a key within the date window, never with the whole corpus."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="match_keys"
    )
    key = models.CharField(_("key"), max_length=128)
    day = models.IntegerField(
        _("day"), help_text=_("Publication date as a day number (date.toordinal).")
    )
    # The claim's article, copied here so a lookup leaves out the claim's own article
    # without joining the claims table.
    article_id = models.IntegerField(_("article id"))

    class Meta:
        verbose_name = _("claim key")
        verbose_name_plural = _("claim keys")
        # On PostgreSQL the index also carries the claim and article, so a lookup reads the
        # index only, never the table's pages (an index-only scan).
        indexes = [
            models.Index(
                fields=["key", "day"], include=["claim", "article_id"], name="claimkey_key_day"
            )
        ]

    def __str__(self) -> str:
        return self.key


class MatchSuggestion(models.Model):
    """Two claims the matcher thinks assert the same thing, with its evidence.

    `claim_a` is always the one with the lower id, so a pair is stored once. A confirmed
    suggestion is a `repeats` link; a rejected one is kept so the pair is never suggested
    again.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", pgettext_lazy("match suggestion", "Suggested")
        CONFIRMED = "confirmed", pgettext_lazy("match suggestion", "Confirmed")
        REJECTED = "rejected", pgettext_lazy("match suggestion", "Rejected")

    claim_a = models.ForeignKey(
        Claim, verbose_name=_("claim a"), on_delete=models.CASCADE, related_name="+"
    )
    claim_b = models.ForeignKey(
        Claim, verbose_name=_("claim b"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("decided by"),
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["claim_b", "state"], name="suggestion_b_state"),
            models.Index(fields=["state"], name="suggestion_state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="suggestion_pair_once"),
            models.CheckConstraint(
                condition=Q(claim_a__lt=models.F("claim_b")), name="suggestion_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a_id} ~ {self.claim_b_id} ({self.state})"

    def other(self, claim_id: int) -> int:
        """The id of the pair's other claim."""
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id


class StoryJob(models.Model):
    """A full rebuild of the match index, suggestions and stories, run in the background."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    suggestions = models.PositiveIntegerField(_("suggestions"), default=0)
    stories = models.PositiveIntegerField(_("stories"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("story job")
        verbose_name_plural = _("story jobs")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"Story rebuild {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
