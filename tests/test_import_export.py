"""Nothing lost: a full JSON export loads into an empty instance and gives everything back."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimLink,
    ClaimStatus,
    Source,
    Tag,
    WatchedFeed,
)
from tests.test_export_world import build_world

FEED_FIELDS = (
    "url", "title", "active", "added_by__username", "created", "etag", "last_modified",
    "last_polled_at", "last_status", "last_new_items", "last_duplicates", "last_error",
    "imported_total", "seen",
)  # fmt: skip


def snapshot() -> dict:
    """Everything the desk keeps, by natural keys and ids, ready to compare."""
    articles = {
        a["content_hash"]: a
        for a in Article.objects.values(
            "id",
            "raw_input",
            "raw_bytes",
            "raw_filename",
            "raw_content_type",
            "input_kind",
            "text",
            "title",
            "lead",
            "url",
            "canonical_url",
            "publisher__name",
            "publisher_name",
            "authors",
            "published_at",
            "updated_at",
            "language",
            "reading_time_minutes",
            "captions",
            "paragraphs",
            "dropped_lines",
            "content_hash",
            "parser_version",
            "extractor_version",
            "imported_by__username",
            "imported_at",
            "modified",
            "track_until",
            "last_checked_at",
            "edited_at",
            "deleted_at",
        )
    }
    for a in articles.values():
        a["raw_bytes"] = bytes(a["raw_bytes"]) if a["raw_bytes"] is not None else None
    claims = {}
    for claim in Claim.objects.prefetch_related(
        "tags", "attributions__source", "notes__author"
    ).select_related("status", "author"):
        claims[claim.pk] = {
            **{
                f.attname: getattr(claim, f.attname)
                for f in Claim._meta.concrete_fields
                if f.attname not in {"status_id", "author_id"}
            },
            "status": claim.status.slug,
            "author": claim.author.username if claim.author else None,
            "grade": claim.grade,
            "tags": sorted(t.slug for t in claim.tags.all()),
            "attributions": [
                (a.mention, a.start, a.end, a.source.name if a.source else None, a.position)
                for a in claim.attributions.all()
            ],
            "notes": [
                (n.body, n.author.username if n.author else None, n.created, n.modified)
                for n in claim.notes.all()
            ],
        }
    links = sorted(
        (k.from_claim_id, k.to_claim_id, k.kind, k.author.username if k.author else None, k.created)
        for k in ClaimLink.objects.select_related("author")
    )
    sources = {
        s.name: (
            s.slug,
            s.kind,
            s.country,
            s.reliability,
            s.description,
            s.website,
            s.is_collective,
            s.is_active,
            sorted((a.alias, a.language) for a in s.aliases.all()),
        )
        for s in Source.objects.prefetch_related("aliases")
    }
    versions = sorted(
        (
            v.article.content_hash, v.number, v.kind, v.fetched_at, v.http_status, v.final_url,
            v.title, v.text, bytes(v.raw_bytes) if v.raw_bytes is not None else None,
            v.sentences_changed,
            # claims not re-anchored, by what they quote (ids change when ids are not kept)
            sorted(Claim.objects.get(pk=pk).quote for pk in v.lost_claims),
        )
        for v in ArticleVersion.objects.select_related("article")
    )  # fmt: skip
    feeds = sorted(WatchedFeed.objects.values_list(*FEED_FIELDS))
    tags = sorted(Tag.objects.values_list("slug", "name", "colour", "description"))
    statuses = sorted(ClaimStatus.objects.values_list("slug", "name", "colour", "order"))
    return {
        "articles": articles,
        "claims": claims,
        "links": links,
        "sources": sources,
        "tags": tags,
        "statuses": statuses,
        "versions": versions,
        "feeds": feeds,
    }


def track_and_watch(world, researcher) -> None:
    """A tracked article edited then deleted at its source, and two watched feeds."""
    when = dt.datetime(2025, 12, 28, 9, 30, tzinfo=dt.UTC)
    fr = world.fr
    ArticleVersion.objects.create(
        article=fr, number=1, kind=ArticleVersion.Kind.ORIGINAL, fetched_at=when,
        final_url="https://example.org/fr", title=fr.title, text=fr.text + " Avant.",
        raw_bytes=b"<html>\xc3\xa9 avant</html>",
    )  # fmt: skip
    ArticleVersion.objects.create(
        article=fr, number=2, kind=ArticleVersion.Kind.EDITED,
        fetched_at=when + dt.timedelta(hours=6), http_status=200,
        final_url="https://example.org/fr?v=2", title="Titre corrigé", text=fr.text,
        raw_bytes=b"<html>apres</html>", sentences_changed=3,
        lost_claims=[world.formula_claim.pk],
    )  # fmt: skip
    ArticleVersion.objects.create(
        article=fr, number=3, kind=ArticleVersion.Kind.DELETED,
        fetched_at=when + dt.timedelta(days=1), http_status=410,
        final_url="https://example.org/",
    )  # fmt: skip
    Article.objects.filter(pk=fr.pk).update(
        track_until=when + dt.timedelta(days=7), last_checked_at=when + dt.timedelta(days=1),
        edited_at=when + dt.timedelta(hours=6), deleted_at=when + dt.timedelta(days=1),
    )  # fmt: skip
    feed = WatchedFeed.objects.create(
        url="https://kcnawatch.example/rss", title="KCNA Watch", added_by=researcher,
        etag='W/"abc"', last_modified="Sun, 28 Dec 2025 09:00:00 GMT",
        last_polled_at=when, last_status=WatchedFeed.Status.OK, last_new_items=2,
        last_duplicates=1, imported_total=14, seen=["urn:item:1", "https://x.example/2"],
    )  # fmt: skip
    WatchedFeed.objects.filter(pk=feed.pk).update(created=when - dt.timedelta(days=30))
    WatchedFeed.objects.create(
        url="https://paused.example/atom", active=False, last_status=WatchedFeed.Status.ERROR,
        last_error="not a feed",
    )


@pytest.mark.django_db(transaction=True)
def test_full_json_export_loads_into_an_empty_instance_with_nothing_lost(researcher, tmp_path):
    world = build_world(researcher)
    track_and_watch(world, researcher)
    Source.objects.create(name="Unused source", reliability="A")  # in the registry, no claims
    Article.objects.create(
        raw_input="sans affirmation\r\n",
        text="sans affirmation",
        content_hash="x" * 64,
        input_kind="paste_text",
    )
    before = snapshot()
    assert len(before["claims"]) == 4 and len(before["links"]) == 2
    assert len(before["versions"]) == 3 and len(before["feeds"]) == 2
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists() and not Source.objects.exists()
    call_command("import_export", str(path), stdout=io.StringIO())

    after = snapshot()
    for part in before:
        assert after[part] == before[part], part
    fr = Article.objects.get(title="Pyongyang menace, « encore »")
    assert fr.raw_input.encode("utf-8") == before["articles"][fr.content_hash]["raw_input"].encode(
        "utf-8"
    )
    assert "\r\n" in fr.raw_input and "\u00a0" in fr.raw_input

    # Loading the same file again duplicates nothing.
    call_command("import_export", str(path), stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_full_export_is_refused_with_a_reason(tmp_path):
    not_json = tmp_path / "x.json"
    not_json.write_text("{oops", encoding="utf-8")
    with pytest.raises(CommandError, match="not a JSON export"):
        call_command("import_export", str(not_json))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(CommandError, match="not a Newsdesk JSON export"):
        call_command("import_export", str(other))
    partial = tmp_path / "partial.json"
    partial.write_text(
        json.dumps({"schema": "newsdesk-export", "version": 1, "includes": ["quote"]}),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="only a full JSON export"):
        call_command("import_export", str(partial))
    with pytest.raises(CommandError, match="No file"):
        call_command("import_export", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_restore_drops_urls_that_are_not_http_with_a_warning(tmp_path):
    from tests.factories import ArticleFactory

    ArticleFactory(url="javascript:alert(1)", canonical_url="https://example.org/a", title="X")
    Source.objects.create(name="Shady", website="javascript:alert(2)")
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--output", str(path))
    Article.objects.all().delete()
    Source.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_export", str(path), stdout=out, stderr=err)
    article = Article.objects.get(title="X")
    assert article.url == "" and article.canonical_url == "https://example.org/a"
    assert Source.objects.get(name="Shady").website == ""
    summary = out.getvalue() + err.getvalue()
    assert "url 'javascript:alert(1)' is not an http(s) address" in summary
    assert "website 'javascript:alert(2)' is not an http(s) address" in summary


@pytest.mark.django_db(transaction=True)
def test_versions_and_feeds_load_into_a_desk_that_has_its_own_articles(researcher, tmp_path):
    """Ids are not kept there: a version's lost claims point at the claims as renumbered."""
    world = build_world(researcher)
    track_and_watch(world, researcher)
    before = snapshot()
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    fr = next(a for a in data["articles"] if a["id"] == world.fr.pk)
    assert [v["kind"] for v in fr["versions"]] == ["original", "edited", "deleted"]
    assert [f["url"] for f in data["feeds"]] == [
        "https://kcnawatch.example/rss", "https://paused.example/atom"
    ]

    call_command("flush", interactive=False, verbosity=0)
    from tests.factories import ArticleFactory, ClaimFactory

    ClaimFactory.create_batch(3, article=ArticleFactory(title="Déjà là"))  # takes the low ids
    WatchedFeed.objects.create(url="https://paused.example/atom", title="Our own")
    out = io.StringIO()
    call_command("import_export", str(path), stdout=out)
    assert "3 article versions" in out.getvalue()
    assert "1 watched feeds (1 already watched)" in out.getvalue()

    after = snapshot()
    assert after["versions"] == before["versions"]
    edited = ArticleVersion.objects.get(kind=ArticleVersion.Kind.EDITED)
    assert edited.lost_claims != [world.formula_claim.pk]  # renumbered, and found by quote
    assert WatchedFeed.objects.get(url="https://paused.example/atom").title == "Our own"
    kcna = WatchedFeed.objects.get(url="https://kcnawatch.example/rss")
    assert kcna.seen == ["urn:item:1", "https://x.example/2"] and kcna.etag == 'W/"abc"'
    assert kcna.added_by.username == "rita"


@pytest.mark.django_db
def test_a_selection_export_lists_no_feeds(researcher):
    world = build_world(researcher)
    track_and_watch(world, researcher)
    out = io.StringIO()
    call_command("export", "--format", "json", "--article", str(world.en.pk), stdout=out)
    assert json.loads(out.getvalue())["feeds"] == []


@pytest.mark.django_db(transaction=True)  # flush: outside a test transaction on PostgreSQL
def test_a_version_without_its_fetch_date_is_refused_and_nothing_loads(researcher, tmp_path):
    world = build_world(researcher)
    track_and_watch(world, researcher)
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    next(a for a in data["articles"] if a["versions"])["versions"][1]["fetched_at"] = ""
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="a version has no number or no fetch date"):
        call_command("import_export", str(path), stdout=io.StringIO())
    assert not Article.objects.exists() and not WatchedFeed.objects.exists()


@pytest.mark.django_db(transaction=True)  # flush: outside a test transaction on PostgreSQL
def test_a_discussion_keeps_its_replies_and_resolved_flag_through_export_and_restore(
    researcher, tmp_path
):
    """Replies hang under their note again after a restore, in a desk whose ids differ."""
    from articles.models import Claim, Note
    from tests.factories import ArticleFactory, ClaimFactory

    world = build_world(researcher)
    claim = world.formula_claim
    opening = Note.objects.create(claim=claim, author=researcher, body="Who else reports 600?")
    Note.objects.create(claim=claim, author=researcher, body="Yonhap, citing the NIS.",
                        parent=opening)  # fmt: skip
    Note.objects.filter(pk=opening.pk).update(resolved=True)
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))

    call_command("flush", interactive=False, verbosity=0)
    ClaimFactory.create_batch(3, article=ArticleFactory(title="Déjà là"))  # takes the low ids
    Note.objects.create(claim=Claim.objects.first(), body="a note of this desk")
    call_command("import_export", str(path), stdout=io.StringIO())

    restored = Note.objects.get(body="Who else reports 600?")
    reply = Note.objects.get(body="Yonhap, citing the NIS.")
    assert reply.parent_id == restored.pk and restored.parent_id is None
    assert restored.resolved is True and reply.resolved is False
    assert reply.claim_id == restored.claim_id


@pytest.mark.django_db(transaction=True)  # flush: outside a test transaction on PostgreSQL
def test_a_file_from_before_replies_restores_every_note_as_its_own(researcher, tmp_path):
    from articles.models import Note

    world = build_world(researcher)
    Note.objects.create(claim=world.formula_claim, author=researcher, body="plain note")
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    for claim in data["claims"]:
        for note in claim.get("notes", []):
            for key in ("id", "parent", "resolved"):
                note.pop(key, None)
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("flush", interactive=False, verbosity=0)
    call_command("import_export", str(path), stdout=io.StringIO())
    note = Note.objects.get(body="plain note")
    assert note.parent_id is None and note.resolved is False
