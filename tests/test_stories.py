"""Stories: suggestions on import, confirm/reject, stories, independent origins, commands."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Claim, ClaimKey, ClaimLink, MatchSuggestion, Story
from articles.selectors import source_stories, story_view
from articles.services import stories
from articles.services.imports import import_article
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

FR = """Des soldats nord-coréens tués en Russie
Publié le 19/12/2024 10:00
Environ 100 soldats nord-coréens ont été tués dans la région de Koursk, selon le NIS, qui a informé les députés jeudi.
"""
EN = """North Korean troops killed in Kursk
Published December 20, 2024
About 100 North Korean soldiers have been killed in Russia's Kursk region, South Korea's National Intelligence Service told lawmakers on Thursday.
"""
OTHER = """Missile launch
Published December 20, 2024
North Korea fired two ballistic missiles into the East Sea, the Joint Chiefs of Staff said.
"""

pytestmark = pytest.mark.django_db


def _pair(registry):
    first = import_article(FR).article
    second = import_article(EN).article
    return first, second


def test_importing_the_same_claim_in_english_suggests_the_french_one_with_evidence(registry):
    first, second = _pair(registry)
    suggestion = MatchSuggestion.objects.get()
    assert {suggestion.claim_a.article_id, suggestion.claim_b.article_id} == {first.pk, second.pk}
    assert suggestion.state == MatchSuggestion.State.SUGGESTED
    assert suggestion.evidence["figures"] == ["100"]
    assert "Koursk" in suggestion.evidence["places"]
    assert suggestion.evidence["cross_language"] is True
    assert suggestion.evidence["origins"], "both resolve the NIS as the origin"


def test_an_unrelated_article_gets_no_suggestion(registry):
    import_article(FR)
    import_article(OTHER)
    assert not MatchSuggestion.objects.exists()


def test_confirming_makes_a_repeats_link_and_one_story_with_the_first_appearance(
    registry, researcher
):
    first, second = _pair(registry)
    story = stories.confirm(MatchSuggestion.objects.get(), researcher)
    link = ClaimLink.objects.get(kind=ClaimLink.Kind.REPEATS)
    assert link.from_claim.article == second and link.to_claim.article == first
    view = story_view(story)
    assert view.first.claim.article == first
    assert view.article_count == 2
    assert view.origin_count == 1
    assert not view.suggest_credibility
    assert set(Claim.objects.values_list("story", flat=True)) == {story.pk}


def test_a_rejected_pair_is_never_suggested_again(registry, researcher):
    _first, second = _pair(registry)
    stories.reject(MatchSuggestion.objects.get(), researcher)
    stories.match_article(second)
    stories.run_rebuild(stories.StoryJob.objects.create())
    suggestion = MatchSuggestion.objects.get()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    assert not ClaimLink.objects.exists() and not Story.objects.exists()


def test_a_decided_suggestion_cannot_be_decided_twice(registry, researcher):
    _pair(registry)
    suggestion = MatchSuggestion.objects.get()
    stories.reject(suggestion, researcher)
    with pytest.raises(stories.SuggestionDecided):
        stories.confirm(suggestion, researcher)


def _relayed(nis, relays, day, text="About 600 North Korean soldiers were killed in Kursk."):
    article = ArticleFactory(text=text, published_at=dt.datetime(2024, 12, day, tzinfo=dt.UTC))
    claim = ClaimFactory(article=article)
    for position, source in enumerate([nis, *relays]):
        AttributionFactory(claim=claim, source=source, position=position)
    return claim


def test_five_outlets_relaying_yonhap_relaying_the_nis_are_one_origin_and_the_hur_a_second():
    nis, yonhap, hur = SourceFactory(name="NIS"), SourceFactory(name="Yonhap"), SourceFactory(name="HUR")
    claims = [_relayed(nis, [yonhap], day) for day in range(10, 15)]
    story = Story.objects.create(canonical="600 killed")
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(story=story)
    view = story_view(story)
    assert view.article_count == 5 and view.origin_count == 1
    assert not view.suggest_credibility
    assert view.origins[f"s:{nis.pk}"]["chains"][0][:2] == ["NIS", "Yonhap"]
    other = _relayed(hur, [], 16)
    Claim.objects.filter(pk=other.pk).update(story=story)
    view = story_view(story)
    assert view.origin_count == 2 and view.suggest_credibility
    assert view.first.when.day == 10
    assert [day for day, _ in view.timeline()] == [dt.date(2024, 12, d) for d in (10, 11, 12, 13, 14, 16)]
    assert source_stories(nis) == [story] and source_stories(yonhap) == []


def test_confirming_across_two_stories_merges_them_into_the_older():
    a, b, c, d = (ClaimFactory() for _ in range(4))
    older = stories.join(a, b)
    newer = stories.join(c, d)
    for claim in (b, c):
        claim.refresh_from_db()
    merged = stories.join(b, c)
    assert merged == older
    assert not Story.objects.filter(pk=newer.pk).exists()
    assert set(Claim.objects.values_list("story", flat=True)) == {older.pk}


def test_rebuild_makes_stories_from_repeats_links_and_drops_stale_ones():
    a, b, c = (ClaimFactory() for _ in range(3))
    stale = Story.objects.create(canonical="old")
    Claim.objects.filter(pk=c.pk).update(story=stale)
    ClaimLink.objects.create(from_claim=b, to_claim=a, kind=ClaimLink.Kind.REPEATS)
    assert stories.rebuild_stories_from_links() == 1
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.story_id and a.story_id == b.story_id
    assert c.story_id is None and not Story.objects.filter(pk=stale.pk).exists()


def test_candidates_come_from_shared_keys_in_the_date_window_only(registry):
    first, second = _pair(registry)
    claim = second.claims.get()
    facts = stories.facts_of(claim)
    assert stories.candidate_ids(facts, second.pk) == [first.claims.get().pk]
    ClaimKey.objects.filter(claim__article=first).update(day=dt.date(2024, 1, 1).toordinal())
    assert stories.candidate_ids(facts, second.pk) == []


def test_stories_show_prints_json_with_first_appearance_and_origins(registry, researcher):
    first, _second = _pair(registry)
    story = stories.confirm(MatchSuggestion.objects.get(), researcher)
    out = StringIO()
    call_command("stories", "show", str(story.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["id"] == story.pk
    assert data["first_appearance"]["article"] == first.pk
    assert data["independent_origins"] == 1 and len(data["appearances"]) == 2


def test_stories_show_of_a_missing_story_says_what_to_do():
    with pytest.raises(CommandError, match="stories rebuild"):
        call_command("stories", "show", "999")


def test_stories_rebuild_now_reports_progress_and_finds_the_pair(registry):
    _pair(registry)
    MatchSuggestion.objects.all().delete()
    ClaimKey.objects.all().delete()
    out = StringIO()
    call_command("stories", "rebuild", "--now", "--batch", "1", stdout=out)
    text = out.getvalue()
    assert "1/2 claims matched" in text and "2/2 claims matched" in text
    assert MatchSuggestion.objects.count() == 1


def test_stories_rebuild_queues_a_background_job(registry, django_capture_on_commit_callbacks):
    _pair(registry)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("stories", "rebuild", stdout=out)
    assert "queued" in out.getvalue() and len(callbacks) == 1
    job = stories.StoryJob.objects.get()
    assert job.state == job.State.QUEUED and job.total == 2


def test_facts_read_from_plain_values_equal_facts_read_from_the_claim(registry):
    first, second = _pair(registry)
    unresolved = ClaimFactory(article=ArticleFactory(publisher_name="Le Quotidien"))
    AttributionFactory(claim=unresolved, source=None, mention="un responsable", position=0)
    bare = ClaimFactory()
    claims = [first.claims.get(), second.claims.get(), unresolved, bare]
    from_values = stories.facts_for_ids([c.pk for c in claims])
    for claim in stories._loaded(Claim.objects.filter(pk__in=[c.pk for c in claims])):
        assert from_values[claim.pk] == stories.facts_of(claim)


def test_re_extraction_keeps_a_claim_whose_match_was_rejected(registry, researcher):
    from articles.services.extraction import extract_article

    _first, second = _pair(registry)
    suggestion = MatchSuggestion.objects.get()
    stories.reject(suggestion, researcher)
    claim = second.claims.get()
    # An older extractor's claim would be replaced by this run, unless a decision holds it.
    Claim.objects.filter(pk=claim.pk).update(extractor_version="0-old")
    extract_article(second)
    assert second.claims.get().pk == claim.pk
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    assert MatchSuggestion.objects.count() == 1


def test_stories_status_reports_the_latest_rebuild(registry):
    out = StringIO()
    call_command("stories", "status", stdout=out)
    assert "No rebuild has run yet" in out.getvalue()
    _pair(registry)
    call_command("stories", "rebuild", "--now", stdout=StringIO())
    out = StringIO()
    call_command("stories", "status", stdout=out)
    assert "Done, 2/2 claims matched (100%)" in out.getvalue()


def test_a_repeats_link_made_by_hand_joins_a_story_and_removing_it_splits_it(researcher):
    from articles.services import claims as claim_service

    a, b = ClaimFactory(), ClaimFactory()
    link = claim_service.add_link(
        b.pk, version=b.version, user=researcher, to_claim_id=str(a.pk), kind="repeats"
    )
    a.refresh_from_db(), b.refresh_from_db()
    assert a.story_id and a.story_id == b.story_id
    claim_service.remove_link(link.pk, claim_id=b.pk, version=b.version, user=researcher)
    a.refresh_from_db(), b.refresh_from_db()
    assert a.story_id is None and b.story_id is None
    assert not Story.objects.exists()


def test_removing_one_link_of_a_chain_splits_the_story_in_two():
    a, b, c, d = (ClaimFactory() for _ in range(4))
    for x, y in ((b, a), (c, b), (d, c)):
        ClaimLink.objects.create(from_claim=x, to_claim=y, kind="repeats")
    stories.rebuild_stories_from_links()
    story = Claim.objects.get(pk=a.pk).story
    ClaimLink.objects.filter(from_claim=c, to_claim=b).delete()
    stories.resplit(story.pk)
    ids = dict(Claim.objects.values_list("pk", "story_id"))
    assert ids[a.pk] == ids[b.pk] == story.pk
    assert ids[c.pk] == ids[d.pk] and ids[c.pk] not in (None, story.pk)
