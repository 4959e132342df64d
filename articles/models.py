"""Newsdesk's data: articles, the claims found in them, who makes each claim, and the desk's notes.

Queries live on QuerySets here; writes that touch several rows live in
`articles.services`.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from articles.textnorm import normalize_mention

RELIABILITY_GRADES = [
    ("A", "A — completely reliable"),
    ("B", "B — usually reliable"),
    ("C", "C — fairly reliable"),
    ("D", "D — not usually reliable"),
    ("E", "E — unreliable"),
    ("F", "F — reliability cannot be judged"),
]
CREDIBILITY_GRADES = [
    (1, "1 — confirmed by other sources"),
    (2, "2 — probably true"),
    (3, "3 — possibly true"),
    (4, "4 — doubtful"),
    (5, "5 — improbable"),
    (6, "6 — truth cannot be judged"),
]
LANGUAGES = [
    ("fr", "French"),
    ("en", "English"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
]
COUNTRIES = {
    "KP": "North Korea",
    "KR": "South Korea",
    "RU": "Russia",
    "UA": "Ukraine",
    "US": "United States",
    "FR": "France",
    "GB": "United Kingdom",
    "JP": "Japan",
    "CN": "China",
    "DE": "Germany",
}


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Give a colour as #rrggbb.")


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
        STATE_MEDIA = "state_media", "State media"
        NEWS_AGENCY = "news_agency", "News agency"
        NEWS_OUTLET = "news_outlet", "News outlet"
        INTELLIGENCE = "intelligence", "Intelligence service"
        GOVERNMENT = "government", "Government"
        MILITARY = "military", "Military"
        OFFICIAL = "official", "Official / person"
        INTERNATIONAL = "international", "International body"
        NGO = "ngo", "NGO"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 code, e.g. KP, KR, RU, UA; empty if none."
    )
    reliability = models.CharField(
        "reliability grade", max_length=1, choices=RELIABILITY_GRADES, default="F"
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    is_collective = models.BooleanField(
        default=False, help_text="A group cited as one (e.g. 'Western intelligence agencies')."
    )
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
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
        return COUNTRIES.get(self.country, self.country)


class SourceAlias(models.Model):
    """Another name a source goes by, in one language; matched through its normalised form."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    language = models.CharField(max_length=8, blank=True)
    normalized = models.CharField(max_length=300, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "alias"]
        verbose_name_plural = "source aliases"
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


class ArticleQuerySet(models.QuerySet):
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


class Article(models.Model):
    """One imported news item: the raw input kept exactly as given, and what was cleaned from it."""

    class InputKind(models.TextChoices):
        PASTE_TEXT = "paste_text", "Pasted text"
        PASTE_HTML = "paste_html", "Pasted HTML"
        FILE = "file", "File"
        URL = "url", "URL"

    raw_input = models.TextField(help_text="The input exactly as given, never modified.")
    raw_bytes = models.BinaryField(
        null=True, blank=True, editable=False, help_text="Original bytes of a file or page."
    )
    raw_filename = models.CharField(max_length=500, blank=True)
    raw_content_type = models.CharField(max_length=200, blank=True)
    input_kind = models.CharField(max_length=20, choices=InputKind.choices)

    text = models.TextField(blank=True, help_text="The cleaned text; claim offsets index it.")
    title = models.CharField(max_length=500, blank=True)
    lead = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True, db_index=True)
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="published_articles"
    )
    publisher_name = models.CharField(max_length=300, blank=True, help_text="As written.")
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True, db_index=True)
    reading_time_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    captions = models.JSONField(default=list, blank=True, help_text="[{text, credit}]")
    paragraphs = models.JSONField(default=list, blank=True, help_text="[[start, end], ...]")
    dropped_lines = models.JSONField(
        default=list, blank=True, help_text="[{text, reason}]: what the cleaner removed."
    )
    content_hash = models.CharField(max_length=64, unique=True)
    parser_version = models.CharField(max_length=20, blank=True)
    extractor_version = models.CharField(max_length=20, blank=True)

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_articles",
    )
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True)
    # Change tracking of URL imports: re-fetched until `track_until`; `versions` keep
    # every differing text, the first being the original.
    track_until = models.DateTimeField(null=True, blank=True, db_index=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="Last edit seen at the source."
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the source was found deleted (404/410, home)."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", args=[self.pk])

    @property
    def display_date(self):
        return self.published_at or self.imported_at

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

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    colour = models.CharField(
        max_length=7, default="#888888", help_text="#rrggbb", validators=[HEX_COLOUR]
    )
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "claim statuses"

    def __str__(self) -> str:
        return self.name

    STARTER = [
        ("unreviewed", "Unreviewed", "#8a94a0", 0),
        ("corroborated", "Corroborated", "#2d7a46", 10),
        ("disputed", "Disputed", "#b07d00", 20),
        ("refuted", "Refuted", "#a33a2b", 30),
        ("unverifiable", "Unverifiable", "#6a5a8c", 40),
    ]

    @classmethod
    def ensure_starter(cls) -> None:
        """Create the five starting statuses if missing (a migration also does)."""
        for slug, name, colour, order in cls.STARTER:
            cls.objects.get_or_create(
                slug=slug, defaults={"name": name, "colour": colour, "order": order}
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

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    colour = models.CharField(
        max_length=7, default="#5b6b7f", help_text="#rrggbb", validators=[HEX_COLOUR]
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, 100)
        super().save(*args, **kwargs)


class ClaimQuerySet(models.QuerySet):
    def visible(self):
        """Claims shown by default: rejected automatic claims are kept but hidden."""
        return self.filter(is_rejected=False)

    def for_source(self, source: Source):
        return self.filter(attributions__source=source).distinct()

    def in_reading_order(self):
        return self.order_by("article_id", "start", "end", "id")


class Claim(models.Model):
    """An assertion in an article, anchored to an exact span of its cleaned text.

    The span is stored the W3C Web Annotation way: offsets (TextPositionSelector)
    and exact quote with prefix and suffix (TextQuoteSelector), so a claim can
    be re-anchored when the text is re-cleaned.
    """

    class CueKind(models.TextChoices):
        PREPOSITION = "preposition", "Preposition (selon, according to)"
        VERB = "verb", "Reporting verb"
        QUOTE = "quote", "Quotation marks"
        COLON = "colon", "Colon"
        NONE = "", "None"

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "asserts"
        ACKNOWLEDGES = "acknowledges", "acknowledges"
        DENIES = "denies", "denies"
        REPORTS = "reports", "reports"
        ACCUSES = "accuses", "accuses"
        ESTIMATES = "estimates", "estimates"
        WARNS = "warns", "warns"
        UNKNOWN = "", "unknown"

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", "Automatic"
        MANUAL = "manual", "Added by hand"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(help_text="text[start:end] when the claim was anchored.")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    content_start = models.PositiveIntegerField(null=True, blank=True)
    content_end = models.PositiveIntegerField(null=True, blank=True)
    cue_text = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_kind = models.CharField(max_length=20, choices=CueKind.choices, blank=True)
    direct_quote = models.BooleanField(default=False)
    stance = models.CharField(max_length=20, choices=Stance.choices, blank=True)

    status = models.ForeignKey(
        ClaimStatus, on_delete=models.PROTECT, related_name="claims", default=default_status_id
    )
    credibility = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=CREDIBILITY_GRADES
    )
    reliability_override = models.CharField(max_length=1, blank=True, choices=RELIABILITY_GRADES)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")

    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTOMATIC)
    extractor_version = models.CharField(max_length=20, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    is_rejected = models.BooleanField(
        default=False, help_text="Rejected by a researcher: hidden, and not re-extracted."
    )
    curated = models.BooleanField(
        default=False,
        help_text="A person has touched this claim; re-extraction keeps it as it is.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock.")

    history = HistoricalRecords(m2m_fields=[tags])
    objects = ClaimQuerySet.as_manager()

    class Meta:
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

    @property
    def grade(self) -> str:
        """The Admiralty grade shown to researchers, e.g. `B2` (`?` for what is not set)."""
        return format_grade(self.reliability(), self.credibility)


class Attribution(models.Model):
    """Who makes a claim: the mention as written and the registry source it resolves to.

    An unresolved mention (source empty) is kept, never dropped. `position` is
    the place in the attribution chain: 0 is the speaker, 1 whoever relayed
    it, and so on (`Kim Jong-un ... publié par KCNA` -> KCNA at 1).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    mention = models.CharField(max_length=500)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="attributions"
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "start", "id"]
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


class Note(models.Model):
    """A researcher's note on a claim, in Markdown (rendered sanitised)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="notes"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ClaimLink(models.Model):
    """A relation between two claims, in any articles."""

    class Kind(models.TextChoices):
        CORROBORATES = "corroborates", "corroborates"
        CONTRADICTS = "contradicts", "contradicts"
        REPEATS = "repeats", "repeats"
        CITES = "cites", "cites"

    # How a link reads from the claim it points to ("corroborated by ...").
    PASSIVE = {
        "corroborates": "corroborated by",
        "contradicts": "contradicted by",
        "repeats": "repeated by",
        "cites": "cited by",
    }

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
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
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    imported = models.JSONField(default=list, blank=True, help_text="[{name, article_id}]")
    duplicates = models.JSONField(default=list, blank=True, help_text="[{name, article_id}]")
    failures = models.JSONField(default=list, blank=True, help_text="[{name, reason}]")
    skipped = models.JSONField(
        default=list, blank=True, help_text="[{name, reason}]: junk files left out on purpose."
    )
    error = models.TextField(blank=True)

    class Meta:
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

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=500)
    data = models.BinaryField()
    content_type = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "position", "id"]

    def __str__(self) -> str:
        return self.name


class WatchedFeed(models.Model):
    """An RSS or Atom feed the desk polls for new articles (admins add them on /feeds/)."""

    class Status(models.TextChoices):
        NEW = "new", "Not polled yet"
        OK = "ok", "New items read"
        NOT_MODIFIED = "not_modified", "Unchanged since the last poll"
        ERROR = "error", "Error"

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created = models.DateTimeField(auto_now_add=True)
    # Validators from the last answer, sent back so an unchanged feed costs a 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    last_new_items = models.PositiveIntegerField(default=0)
    last_duplicates = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    imported_total = models.PositiveIntegerField(default=0)
    # Entry ids (or links) already handled, newest last, so a poll reads only new entries.
    seen = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["title", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleVersion(models.Model):
    """One text of a tracked article as fetched: the original, each edit, a deletion."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "Original"
        EDITED = "edited", "Edited at the source"
        DELETED = "deleted", "Deleted at the source"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    fetched_at = models.DateTimeField()
    http_status = models.PositiveIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    raw_bytes = models.BinaryField(null=True, blank=True, editable=False)
    sentences_changed = models.PositiveIntegerField(default=0)
    lost_claims = models.JSONField(default=list, blank=True, help_text="Claims not re-anchored.")

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article} v{self.number} ({self.kind})"
