"""Load a JSON export (schema `newsdesk-export`, version 1) into this instance.

Sources, tags and statuses are matched by their natural keys (name or slug) and
updated from the file; aliases are added. Articles are matched by content hash:
one already here is kept and its claims are not loaded twice. Into an empty
instance the articles and claims keep their ids, so `urn:newsdesk:article:<id>`
links from other tools still point at the same thing. People named in the file
(importers, note authors) are matched by username; a missing one is created as
an inactive account without a password, so authorship is kept and nobody gains
a login.
"""

from __future__ import annotations

import base64
import contextlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.exports.json_export import SCHEMA, VERSION
from articles.models import (
    Article,
    ArticleVersion,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    MatchSuggestion,
    Note,
    Source,
    SourceAlias,
    Story,
    Tag,
    WatchedFeed,
    safe_http_url,
)
from articles.textnorm import normalize_mention

BATCH = 1000


class RestoreError(ValueError):
    """The file is not a Newsdesk JSON export this version can load; the message says why."""


@dataclass
class RestoreSummary:
    articles: int = 0
    articles_skipped: int = 0
    claims: int = 0
    attributions: int = 0
    notes: int = 0
    links: int = 0
    stories: int = 0
    suggestions: int = 0
    sources: int = 0
    aliases: int = 0
    tags: int = 0
    versions: int = 0
    feeds: int = 0
    feeds_skipped: int = 0
    kept_ids: bool = False
    warnings: list[str] = field(default_factory=list)


@contextlib.contextmanager
def stored_timestamps(*models):
    """Let `created`/`modified`/`imported_at` take the file's values instead of now.

    auto_now and auto_now_add overwrite any value on save and bulk_create; this
    switches them off for the duration of a restore (a management command, one
    thread) and back on afterwards.
    """
    switched = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def when(value):
    return parse_datetime(value) if value else None


def check(data) -> None:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RestoreError('This is not a Newsdesk JSON export (no "schema": "newsdesk-export").')
    if data.get("version") != VERSION:
        raise RestoreError(
            f"This export is version {data.get('version')!r}; "
            f"this Newsdesk loads version {VERSION}."
        )
    missing = {"article", "quote", "sources", "grades", "status", "tags", "notes", "links"} - set(
        data.get("includes", [])
    )
    if missing:
        raise RestoreError(
            "This export left out " + ", ".join(sorted(missing)) + "; only a full JSON export "
            "(everything included) can be loaded."
        )


class _People:
    def __init__(self):
        self.model = get_user_model()
        self.cache: dict[str, object] = {}

    def get(self, username: str):
        if not username:
            return None
        if username not in self.cache:
            user = self.model.objects.filter(**{self.model.USERNAME_FIELD: username}).first()
            if user is None:
                user = self.model(**{self.model.USERNAME_FIELD: username}, is_active=False)
                user.set_unusable_password()
                user.save()
            self.cache[username] = user
        return self.cache[username]


@transaction.atomic
def restore(data: dict) -> RestoreSummary:
    """Load one parsed JSON export; all of it or, on an error, nothing."""
    check(data)
    summary = RestoreSummary()
    people = _People()
    statuses = {}
    for s in data.get("statuses", []):
        status, _ = ClaimStatus.objects.update_or_create(
            slug=s["slug"],
            defaults={k: s[k] for k in ("name", "colour", "description", "order") if k in s},
        )
        statuses[status.slug] = status
    tags = {}
    for t in data.get("tags", []):
        tag, created = Tag.objects.update_or_create(
            slug=t["slug"],
            defaults={k: t[k] for k in ("name", "colour", "description") if k in t},
        )
        tags[tag.slug] = tag
        summary.tags += created
    sources = {}
    for s in data.get("sources", []):
        fields = ("kind", "country", "reliability", "description", "website", "is_collective",
                  "is_active")
        defaults = {"slug": s["slug"], **{k: s[k] for k in fields if k in s}}
        if defaults.get("website") and not safe_http_url(defaults["website"]):
            summary.warnings.append(
                f"source {s['name']!r}: website {defaults['website'][:80]!r} is not an http(s) "
                "address; left out"
            )
            defaults["website"] = ""
        source, created = Source.objects.update_or_create(name=s["name"], defaults=defaults)
        summary.sources += created
        sources[s["slug"]] = source
        known = set(source.aliases.values_list("normalized", flat=True))
        for alias in s.get("aliases", []):
            key = normalize_mention(alias["alias"])
            if key in known:
                continue
            SourceAlias.objects.create(
                source=source, alias=alias["alias"], language=alias.get("language", "")
            )
            known.add(key)
            summary.aliases += 1

    keep_ids = not Article.objects.exists() and not Claim.objects.exists()
    summary.kept_ids = keep_ids
    article_ids: dict[int, int] = {}
    skipped: set[int] = set()
    with stored_timestamps(Article, Claim, Note, ClaimLink, WatchedFeed):
        _restore_feeds(data.get("feeds", []), people, summary)
        for a in data.get("articles", []):
            existing = Article.objects.filter(content_hash=a["content_hash"]).first()
            if existing is not None:
                article_ids[a["id"]] = existing.pk
                skipped.add(a["id"])
                summary.articles_skipped += 1
                continue
            raw_bytes = a.get("raw_bytes_base64")
            urls = {}
            for name in ("url", "canonical_url"):
                value = a.get(name) or ""
                urls[name] = safe_http_url(value)
                if value and not urls[name]:
                    summary.warnings.append(
                        f"article {a['id']}: {name} {value[:80]!r} is not an http(s) address; "
                        "left out"
                    )
            article = Article(
                id=a["id"] if keep_ids else None,
                raw_input=a["raw_input"],
                raw_bytes=base64.b64decode(raw_bytes) if raw_bytes is not None else None,
                raw_filename=a.get("raw_filename", ""),
                raw_content_type=a.get("raw_content_type", ""),
                input_kind=a["input_kind"],
                text=a["text"],
                title=a["title"],
                lead=a.get("lead", ""),
                url=urls["url"],
                canonical_url=urls["canonical_url"],
                publisher=sources.get(a.get("publisher")) if a.get("publisher") else None,
                publisher_name=a.get("publisher_name", ""),
                authors=a.get("authors", []),
                published_at=when(a.get("published_at")),
                updated_at=when(a.get("updated_at")),
                language=a.get("language", ""),
                reading_time_minutes=a.get("reading_time_minutes"),
                captions=a.get("captions", []),
                paragraphs=a.get("paragraphs", []),
                dropped_lines=a.get("dropped_lines", []),
                content_hash=a["content_hash"],
                parser_version=a.get("parser_version", ""),
                extractor_version=a.get("extractor_version", ""),
                imported_by=people.get(a.get("imported_by", "")),
                imported_at=when(a.get("imported_at")),
                modified=when(a.get("modified")),
                track_until=when(a.get("track_until")),
                last_checked_at=when(a.get("last_checked_at")),
                edited_at=when(a.get("edited_at")),
                deleted_at=when(a.get("deleted_at")),
            )
            article.save()
            article_ids[a["id"]] = article.pk
            summary.articles += 1

        claim_ids: dict[int, int] = {}
        claims_data = [c for c in data.get("claims", []) if c["article"] not in skipped]
        for start in range(0, len(claims_data), BATCH):
            batch = claims_data[start : start + BATCH]
            objs = [_claim(c, article_ids, statuses, people, keep_ids) for c in batch]
            Claim.objects.bulk_create(objs)
            if any(o.pk is None for o in objs):  # a backend that does not return ids
                raise RestoreError("This database did not return the new claims' ids.")
            for c, obj in zip(batch, objs, strict=True):
                claim_ids[c["id"]] = obj.pk
            attributions, notes, tagged = [], [], []
            note_keys = []  # (the note's id in the file, its parent's) beside `notes`
            for c, obj in zip(batch, objs, strict=True):
                for a in c.get("attributions", []):
                    attributions.append(
                        Attribution(
                            claim=obj,
                            mention=a["mention"],
                            start=a.get("start"),
                            end=a.get("end"),
                            source=sources.get(a["source"]) if a.get("source") else None,
                            position=a.get("position", 0),
                        )
                    )
                for n in c.get("notes", []):
                    notes.append(
                        Note(
                            claim=obj,
                            body=n["body"],
                            author=people.get(n.get("author", "")),
                            created=when(n.get("created")),
                            modified=when(n.get("modified")),
                            resolved=bool(n.get("resolved", False)),
                        )
                    )
                    note_keys.append((n.get("id"), n.get("parent")))
                for slug in c.get("tags", []):
                    if slug in tags:
                        tagged.append(Claim.tags.through(claim=obj, tag=tags[slug]))
                    else:
                        summary.warnings.append(f"claim {c['id']}: unknown tag {slug!r} left out")
            Attribution.objects.bulk_create(attributions)
            Note.objects.bulk_create(notes)
            _thread_notes(notes, note_keys, summary)
            Claim.tags.through.objects.bulk_create(tagged)
            summary.claims += len(objs)
            summary.attributions += len(attributions)
            summary.notes += len(notes)

        links = []
        for link in data.get("links", []):
            source_id = claim_ids.get(link["from_claim"])
            target_id = claim_ids.get(link["to_claim"])
            if source_id is None or target_id is None:
                continue
            links.append(
                ClaimLink(
                    from_claim_id=source_id,
                    to_claim_id=target_id,
                    kind=link["kind"],
                    author=people.get(link.get("author", "")),
                    created=when(link.get("created")),
                )
            )
        ClaimLink.objects.bulk_create(links, ignore_conflicts=True)
        summary.links = len(links)
        _restore_versions(data.get("articles", []), article_ids, skipped, claim_ids, summary)
        _restore_stories(data, claim_ids, people, summary)
    if keep_ids:
        _reset_sequences()
    return summary


def _restore_feeds(feeds: list[dict], people: _People, summary: RestoreSummary) -> None:
    """Add the watched feeds this instance lacks, with their polling state (items seen,
    validators), so the restored desk does not import old items again. A feed already
    watched here (same address) keeps its own state."""
    known = set(WatchedFeed.objects.values_list("url", flat=True))
    for feed in feeds:
        url = feed.get("url") or ""
        if not safe_http_url(url):
            summary.warnings.append(f"feed {url[:80]!r} is not an http(s) address; left out")
            continue
        if url in known:
            summary.feeds_skipped += 1
            continue
        WatchedFeed.objects.create(
            url=url,
            title=feed.get("title", ""),
            active=feed.get("active", True),
            added_by=people.get(feed.get("added_by", "")),
            created=when(feed.get("created")) or timezone.now(),
            etag=feed.get("etag", ""),
            last_modified=feed.get("last_modified", ""),
            last_polled_at=when(feed.get("last_polled_at")),
            last_status=feed.get("last_status") or WatchedFeed.Status.NEW,
            last_new_items=feed.get("last_new_items", 0),
            last_duplicates=feed.get("last_duplicates", 0),
            last_error=feed.get("last_error", ""),
            imported_total=feed.get("imported_total", 0),
            seen=feed.get("seen", []),
        )
        known.add(url)
        summary.feeds += 1


def _restore_versions(
    articles: list[dict], article_ids: dict[int, int], skipped: set[int],
    claim_ids: dict[int, int], summary: RestoreSummary,
) -> None:
    """The tracked articles' versions, once the claims are in (a version names the claims
    it could not re-anchor by id, mapped here to the ids they were given)."""
    versions = []
    for a in articles:
        if a["id"] in skipped:
            continue
        for v in a.get("versions", []):
            fetched_at = when(v.get("fetched_at"))
            if fetched_at is None or not isinstance(v.get("number"), int):
                raise RestoreError(
                    f"Article {a['id']}: a version has no number or no fetch date; "
                    "this file was not written by a Newsdesk export."
                )
            raw_bytes = v.get("raw_bytes_base64")
            lost = [claim_ids[i] for i in v.get("lost_claims", []) if i in claim_ids]
            versions.append(
                ArticleVersion(
                    article_id=article_ids[a["id"]],
                    number=v["number"],
                    kind=v["kind"],
                    fetched_at=fetched_at,
                    http_status=v.get("http_status"),
                    final_url=safe_http_url(v.get("final_url") or ""),
                    title=v.get("title", ""),
                    text=v.get("text", ""),
                    raw_bytes=base64.b64decode(raw_bytes) if raw_bytes is not None else None,
                    sentences_changed=v.get("sentences_changed", 0),
                    lost_claims=lost,
                )
            )
    ArticleVersion.objects.bulk_create(versions, batch_size=BATCH)
    summary.versions = len(versions)


def _restore_stories(data: dict, claim_ids: dict[int, int], people, summary) -> None:
    """Stories (their wording; their claims are the file's claims that name them) and match
    suggestions, rejected ones included, so a rejected pair stays rejected here too."""
    members: dict[int, list[int]] = {}
    for c in data.get("claims", []):
        if c.get("story") and c["id"] in claim_ids:
            members.setdefault(c["story"], []).append(claim_ids[c["id"]])
    for s in data.get("stories", []):
        claims = members.get(s["id"])
        if not claims:
            continue
        story = Story.objects.create(canonical=s.get("canonical", ""))
        if s.get("created"):
            Story.objects.filter(pk=story.pk).update(created=when(s["created"]))
        Claim.objects.filter(pk__in=claims).update(story=story)
        summary.stories += 1
    suggestions = []
    for s in data.get("suggestions", []):
        a, b = claim_ids.get(s["claim_a"]), claim_ids.get(s["claim_b"])
        if a is None or b is None or a == b:
            continue
        a, b = min(a, b), max(a, b)
        state = s.get("state", MatchSuggestion.State.SUGGESTED)
        if state not in MatchSuggestion.State.values:
            summary.warnings.append(f"suggestion {a}~{b}: unknown state {state!r} left out")
            continue
        suggestions.append(
            MatchSuggestion(
                claim_a_id=a, claim_b_id=b, score=s.get("score") or 0.0,
                evidence=s.get("evidence") or {}, state=state,
                decided_by=people.get(s.get("decided_by", "")),
                decided_at=when(s["decided_at"]) if s.get("decided_at") else None,
            )
        )
    MatchSuggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
    summary.suggestions = len(suggestions)


def _claim(c: dict, article_ids, statuses, people, keep_ids: bool) -> Claim:
    status = statuses.get(c.get("status")) or ClaimStatus.default()
    return Claim(
        id=c["id"] if keep_ids else None,
        article_id=article_ids[c["article"]],
        start=c["start"],
        end=c["end"],
        quote=c["quote"],
        prefix=c.get("prefix", ""),
        suffix=c.get("suffix", ""),
        content_start=c.get("content_start"),
        content_end=c.get("content_end"),
        cue_text=c.get("cue_text", ""),
        cue_start=c.get("cue_start"),
        cue_end=c.get("cue_end"),
        cue_kind=c.get("cue_kind", ""),
        direct_quote=c.get("direct_quote", False),
        stance=c.get("stance", ""),
        status=status,
        credibility=c.get("credibility"),
        reliability_override=c.get("reliability_override", ""),
        # A reviewed claim keeps the letter it was graded with (the export's `reliability`).
        reviewed_reliability=(c.get("reliability") or "") if c.get("reviewed_at") else "",
        reviewed_at=when(c.get("reviewed_at")) if c.get("reviewed_at") else None,
        origin=c.get("origin", Claim.Origin.AUTOMATIC),
        extractor_version=c.get("extractor_version", ""),
        confidence=c.get("confidence"),
        is_rejected=c.get("is_rejected", False),
        curated=c.get("curated", False),
        author=people.get(c.get("author", "")),
        created=when(c.get("created")),
        modified=when(c.get("modified")),
        version=c.get("version", 1),
    )


def _reset_sequences() -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article, Claim])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _thread_notes(notes: list, keys: list[tuple], summary: RestoreSummary) -> None:
    """Hang each restored reply under its restored parent (replies are one level deep, on
    the same claim). Files from before replies existed carry no ids: every note stays a
    note of its own."""
    pairs = list(zip(notes, keys, strict=True))
    new_ids = {key: note.pk for note, (key, _parent) in pairs if key is not None}
    replies = []
    for note, (key, parent) in pairs:
        if parent is None:
            continue
        if parent in new_ids and note.pk is not None:
            note.parent_id = new_ids[parent]
            replies.append(note)
        else:
            summary.warnings.append(
                f"note {key}: its parent note {parent} is not on the same claim in this file; "
                "restored as a note of its own"
            )
    if replies:
        Note.objects.bulk_update(replies, ["parent"])
