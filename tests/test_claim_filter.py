"""One claim filter: the claims page, a download, the command line and the API select the
same claims for the same parameters, for every parameter the filter knows."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from articles.claim_filter import PARAMS, ClaimFilter, ClaimFilterError
from articles.models import Claim
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(researcher):
    world = build_world(researcher)
    # An article with no publication date: its date is the day it was imported.
    undated = ArticleFactory(text="Seoul said the launch failed.", language="en", published_at=None)
    Claim.objects.filter(article=undated).delete()
    world.undated = ClaimFactory(article=undated, start=0, end=len(undated.text), origin="manual")
    AttributionFactory(claim=world.undated, source=world.nis, mention="Seoul", position=0)
    Article = type(undated)
    Article.objects.filter(pk=undated.pk).update(
        imported_at=dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
    )
    return world


def page_ids(client, params: dict) -> set[int]:
    """The claims the claims page lists (its bulk-selection checkboxes carry the ids)."""
    response = client.get(reverse("articles:claim_list"), params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.select(".error"), page.select_one(".error").get_text()
    return {int(box["value"]) for box in page.select("input[name=claims]")}


def download_ids(client, params: dict) -> set[int]:
    """The claims a JSON download from the report builder carries."""
    response = client.get(reverse("articles:report_download"), {**params, "format": "json"})
    assert response.status_code == 200, response.content[:300]
    data = json.loads(b"".join(response.streaming_content))
    return {claim["id"] for claim in data["claims"]}


def api_ids(client, secret: str, params: dict) -> set[int]:
    """The claims the API lists, every page."""
    ids, cursor = set(), None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/claims", query, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200, response.content
        page = response.json()
        ids |= {item["id"] for item in page["items"]}
        cursor = page["next_cursor"]
        if not cursor:
            return ids


OPTIONS = {"article": "--article", "source": "--source", "tag": "--tag", "q": "--query",
           "from": "--from", "to": "--to", "status": "--status", "language": "--language",
           "kind": "--kind", "country": "--country", "grade": "--grade", "origin": "--origin",
           "ids": "--ids"}
FLAGS = {"rejected": "--rejected", "with_rejected": "--include-rejected", "reviewed": "--reviewed"}


def command_ids(params: dict) -> set[int] | None:
    """The claims `manage.py export --format json` writes (None: not a command option)."""
    args = []
    for name, value in params.items():
        if name in OPTIONS:
            args += [OPTIONS[name], value]
        elif name in FLAGS:
            args.append(FLAGS[name])
        else:
            return None
    out = StringIO()
    call_command("export", "--format", "json", *args, stdout=out)
    return {claim["id"] for claim in json.loads(out.getvalue())["claims"]}


def _suggest_pair(w) -> str:
    """A match suggestion waiting between the chain claim and the unresolved one."""
    from articles.models import MatchSuggestion

    a, b = sorted([w.chain_claim.pk, w.unresolved_claim.pk])
    MatchSuggestion.objects.create(claim_a_id=a, claim_b_id=b, score=0.8)
    return "1"


def _story_of_two(w) -> str:
    from articles.models import Story

    story = Story.objects.create(canonical="one claim")
    Claim.objects.filter(pk__in=[w.chain_claim.pk, w.formula_claim.pk]).update(story=story)
    return str(story.pk)


# parameter -> (its value given the world, the claims it selects given the world)
CASES = {
    "article": (lambda w: str(w.en.pk), lambda w: {w.unresolved_claim}),
    "source": (lambda w: "nis", lambda w: {w.formula_claim, w.undated}),
    "source by name": (lambda w: "Kim Jong-un", lambda w: {w.chain_claim}),
    "source by alias": (lambda w: "Korean Central News Agency", lambda w: {w.chain_claim}),
    "source by id": (lambda w: str(w.kcna.pk), lambda w: {w.chain_claim}),
    "tag": (lambda w: "missiles", lambda w: {w.chain_claim, w.formula_claim}),
    "tag by name": (lambda w: "Menace", lambda w: {w.chain_claim}),
    "q": (lambda w: "moscow", lambda w: {w.unresolved_claim}),
    "from": (lambda w: "2026-01-01", lambda w: {w.unresolved_claim, w.undated}),
    "to": (lambda w: "2026-01-05", lambda w: {w.chain_claim, w.formula_claim, w.unresolved_claim}),
    "status": (lambda w: "disputed", lambda w: {w.formula_claim}),
    "language": (lambda w: "fr", lambda w: {w.chain_claim, w.formula_claim}),
    "kind": (lambda w: "state_media", lambda w: {w.chain_claim}),
    "country": (lambda w: "kr", lambda w: {w.formula_claim, w.undated}),
    "grade": (lambda w: "D2", lambda w: {w.chain_claim}),
    # The grade a researcher sees: the override, else the FIRST source's (Kim, D), so the
    # chain claim is not E although KCNA (E) is its second source.
    "reliability": (lambda w: "E", lambda w: set()),
    "reliability by first source": (lambda w: "D", lambda w: {w.chain_claim}),
    "reliability override": (lambda w: "C", lambda w: {w.formula_claim}),
    "credibility": (lambda w: "4", lambda w: {w.formula_claim}),
    "origin": (lambda w: "manual", lambda w: {w.undated}),
    "rejected": (lambda w: "1", lambda w: {w.rejected_claim}),
    "with_rejected": (
        lambda w: "1",
        lambda w: {w.chain_claim, w.formula_claim, w.unresolved_claim, w.undated,
                   w.rejected_claim},
    ),
    # A status other than unreviewed: corroborated (chain) and disputed (formula).
    "reviewed": (lambda w: "1", lambda w: {w.chain_claim, w.formula_claim}),
    # Claims ticked on the claims page, as ticked.
    "ids": (
        lambda w: f"{w.chain_claim.pk},{w.unresolved_claim.pk}",
        lambda w: {w.chain_claim, w.unresolved_claim},
    ),
    # Without search text, searching the notes only changes nothing (tests/test_notes_search.py
    # has it with a search).
    "notes": (
        lambda w: "1",
        lambda w: {w.chain_claim, w.formula_claim, w.unresolved_claim, w.undated},
    ),
    # Claims with a story match suggestion waiting for a decision.
    "suggested": (_suggest_pair, lambda w: {w.chain_claim, w.unresolved_claim}),
    "story": (_story_of_two, lambda w: {w.chain_claim, w.formula_claim}),
    "sort": (
        lambda w: "oldest",
        lambda w: {w.chain_claim, w.formula_claim, w.unresolved_claim, w.undated},
    ),
}


def test_every_parameter_of_the_filter_is_tested():
    assert {name.split(" ")[0] for name in CASES} == set(PARAMS)


@pytest.mark.parametrize("case", sorted(CASES))
def test_page_download_command_and_api_select_the_same_claims(researcher_client, world, case,
                                                               researcher):
    from articles.services.tokens import create_token

    _, secret = create_token(researcher, name="filter test", scope="read")
    name = case.split(" ")[0]
    value, expected = CASES[case]
    params = {name: value(world)}
    want = {claim.pk for claim in expected(world)}
    assert page_ids(researcher_client, params) == want
    assert download_ids(researcher_client, params) == want
    assert api_ids(researcher_client, secret, params) == want
    from_command = command_ids(params)
    if from_command is not None:
        assert from_command == want
    assert set(ClaimFilter.from_params(params).filtered().values_list("pk", flat=True)) == want


def test_a_saved_link_rebuilds_the_same_filter(world):
    params = {"source": "Korean Central News Agency", "grade": "d2", "from": "2025-01-01",
              "sort": "oldest", "tag": "Menace"}
    first = ClaimFilter.from_params(params)
    again = ClaimFilter.from_params(first.to_params())
    assert again == first
    assert list(again.sorted()) == list(first.sorted()) == [world.chain_claim]


@pytest.mark.parametrize(
    "params,message",
    [
        ({"source": "nobody"}, "There is no source “nobody”"),
        ({"tag": "nothing"}, "There is no tag “nothing”"),
        ({"status": "maybe"}, "There is no status “maybe”"),
        ({"from": "27/12/2025"}, "is not a date"),
        ({"grade": "Z9"}, "is not an Admiralty grade"),
        ({"credibility": "7"}, "is not a credibility grade"),
        ({"kind": "blog"}, "is not a kind of source"),
        ({"country": "Korea"}, "is not a two-letter country code"),
        ({"origin": "robot"}, "is not an origin"),
        ({"sort": "random"}, "is not a sort order"),
        ({"rejected": "maybe"}, "is not a yes/no value"),
        ({"article": "999999"}, "There is no article 999999"),
    ],
)
def test_a_bad_parameter_gets_the_same_message_everywhere(researcher_client, world, params,
                                                          message, researcher):
    with pytest.raises(ClaimFilterError, match=message):
        ClaimFilter.from_params(params)
    page = researcher_client.get(reverse("articles:claim_list"), params)
    shown = BeautifulSoup(page.content, "html.parser").select_one(".error")
    assert shown is not None and message in shown.get_text()
    assert not BeautifulSoup(page.content, "html.parser").select("input[name=claims]")
    builder = researcher_client.get(reverse("articles:report_builder"), params)
    assert message in builder.content.decode()
    from articles.services.tokens import create_token

    _, secret = create_token(researcher, name="filter test", scope="read")
    api = researcher_client.get("/api/v1/claims", params,
                                headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 400 and message in api.json()["detail"]


def test_search_ignores_case_and_covers_the_quote_only_on_every_database(world):
    """The same text search on both databases: the quote, not titles, mentions or notes."""
    assert set(ClaimFilter(query="MOSCOW").filtered()) == {world.unresolved_claim}
    # "familiar" is in the unresolved claim's mention and quote; "Pyongyang" only in a title.
    assert set(ClaimFilter(query="Pyongyang").filtered()) == set()
