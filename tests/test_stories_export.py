"""Exports carry each claim's story and first appearance; a JSON round trip keeps stories and
rejected suggestions (a rejected pair is never suggested again after a restore)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from articles.models import Claim, ClaimLink, MatchSuggestion, Story
from articles.services import stories
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory


def _desk(researcher):
    outlet = SourceFactory(name="Yonhap")
    first = ArticleFactory(
        publisher=outlet, published_at=dt.datetime(2024, 12, 19, 9, tzinfo=dt.UTC),
        text="About 100 North Korean soldiers were killed in Kursk, the NIS said.",
    )  # fmt: skip
    later = ArticleFactory(
        published_at=dt.datetime(2024, 12, 20, 9, tzinfo=dt.UTC),
        text="Environ 100 soldats nord-coréens ont été tués à Koursk, selon le NIS.",
    )  # fmt: skip
    a, b = ClaimFactory(article=first), ClaimFactory(article=later)
    c, d = ClaimFactory(), ClaimFactory()
    MatchSuggestion.objects.create(claim_a=a, claim_b=b, score=0.9, evidence={"figures": ["100"]})
    story = stories.confirm(MatchSuggestion.objects.get(claim_a=a), researcher)
    stories.update_canonical(story, "100 North Korean soldiers killed in Kursk")
    rejected = MatchSuggestion.objects.create(claim_a=c, claim_b=d, score=0.7)
    stories.reject(rejected, researcher)
    MatchSuggestion.objects.create(claim_a=a, claim_b=c, score=0.6)
    return a, b, c, d, story


@pytest.mark.django_db
def test_json_and_csv_exports_carry_the_story_and_its_first_appearance(researcher):
    a, b, c, _d, story = _desk(researcher)
    out = io.StringIO()
    call_command("export", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    claims = {x["id"]: x for x in data["claims"]}
    assert claims[b.pk]["story"] == story.pk
    first = claims[b.pk]["story_first_appearance"]
    assert first["article"] == a.article_id and first["outlet"] == "Yonhap"
    assert first["published"].startswith("2024-12-19")
    assert claims[c.pk]["story"] is None
    assert data["stories"] == [
        {"id": story.pk, "canonical": "100 North Korean soldiers killed in Kursk",
         "created": data["stories"][0]["created"]}
    ]  # fmt: skip
    assert {(s["claim_a"], s["claim_b"], s["state"]) for s in data["suggestions"]} == {
        (a.pk, b.pk, "confirmed"), (c.pk, _d.pk, "rejected"), (a.pk, c.pk, "suggested"),
    }  # fmt: skip
    out = io.StringIO()
    call_command("export", "--format", "csv", stdout=out)
    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff")))}
    assert rows[b.pk]["story_id"] == str(story.pk)
    assert rows[b.pk]["story_first_appearance"] == "2024-12-19 Yonhap"
    assert rows[c.pk]["story_id"] == ""


@pytest.mark.django_db(transaction=True)
def test_a_json_round_trip_keeps_stories_and_rejected_suggestions(researcher, tmp_path):
    a, b, c, d, _story = _desk(researcher)
    path = tmp_path / "full.json"
    call_command("export", "--format", "json", "--include-rejected", "--output", str(path))
    call_command("flush", interactive=False, verbosity=0)
    out = io.StringIO()
    call_command("import_export", str(path), stdout=out)
    assert "1 stories, 3 match suggestions" in out.getvalue()
    story = Story.objects.get()
    assert story.canonical == "100 North Korean soldiers killed in Kursk"
    assert set(story.claims.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert ClaimLink.objects.filter(kind="repeats", from_claim=b.pk, to_claim=a.pk).exists()
    rejected = MatchSuggestion.objects.get(claim_a=c.pk, claim_b=d.pk)
    assert rejected.state == MatchSuggestion.State.REJECTED
    assert rejected.decided_by.username == researcher.username
    # Matching again does not bring the rejected pair back.
    stories.match_claims(stories.index_claims(stories._loaded(Claim.objects.all())))
    assert MatchSuggestion.objects.get(claim_a=c.pk, claim_b=d.pk).state == "rejected"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_reports_name_the_story_and_its_first_appearance(researcher, fmt):
    _a, _b, _c, _d, story = _desk(researcher)
    out = io.StringIO()
    call_command("export", "--format", fmt, stdout=out)
    text = out.getvalue()
    assert f"Story {story.pk}" in text or f"**Story:** {story.pk}" in text
    assert "first appearance 2024-12-19 in Yonhap" in text


@pytest.mark.django_db
def test_stix_w3c_and_claimreview_carry_the_story_and_its_first_appearance(researcher):
    from articles.models import ClaimStatus

    a, b, c, _d, story = _desk(researcher)
    ClaimStatus.ensure_starter()
    Claim.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(
        status=ClaimStatus.objects.get(slug="corroborated")
    )

    out = io.StringIO()
    call_command("export", "--format", "stix", stdout=out)
    notes = {
        ref["external_id"]: obj
        for obj in json.loads(out.getvalue())["objects"]
        if obj["type"] == "note"
        for ref in obj["external_references"]
        if ref["external_id"].startswith("claim-")
    }
    later = notes[f"claim-{b.pk}"]
    assert f"story:{story.pk}" in later["labels"]
    story_ref = next(
        r for r in later["external_references"] if r["external_id"] == f"story-{story.pk}"
    )
    assert story_ref["url"].endswith(f"/stories/{story.pk}/")
    assert story_ref["description"] == "first appearance 2024-12-19 in Yonhap"
    alone = notes[f"claim-{c.pk}"]
    assert not any(r["external_id"].startswith("story-") for r in alone["external_references"])

    out = io.StringIO()
    call_command("export", "--format", "w3c", stdout=out)
    text = out.getvalue()
    annotations = {x["id"]: x for x in json.loads(text)["first"]["items"]} if '"first"' in text \
        else {x["id"]: x for x in json.loads(text)["items"]}
    bodies = annotations[f"urn:newsdesk:claim:{b.pk}"]["body"]
    assert any(
        body.get("source", "").endswith(f"/stories/{story.pk}/") and body["purpose"] == "linking"
        for body in bodies
    )
    assert any(
        body.get("value") == f"Story {story.pk}, first appearance 2024-12-19 in Yonhap"
        for body in bodies
    )

    out = io.StringIO()
    call_command("export", "--format", "claimreview", stdout=out)
    reviews = {r["url"].rstrip("/").rsplit("/", 1)[-1]: r for r in json.loads(out.getvalue())["@graph"]}
    item = reviews[str(b.pk)]["itemReviewed"]
    assert item["@id"].endswith(f"/stories/{story.pk}/")
    assert item["firstAppearance"]["@id"] == f"urn:newsdesk:article:{a.article_id}"
    assert item["firstAppearance"]["publisher"]["name"] == "Yonhap"
    # The first appearance itself names its own article; a claim with no story, its own.
    assert reviews[str(a.pk)]["itemReviewed"]["firstAppearance"]["headline"] is not None
    assert "@id" not in reviews[str(c.pk)]["itemReviewed"]
