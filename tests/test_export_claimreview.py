"""schema.org ClaimReview export: reviewed claims only, with the properties fact-check readers use."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.utils.timezone import localtime

from articles.exports import ExportContext, Selection, render_bytes
from tests.test_export_world import build_world


@pytest.fixture
def world(db, researcher):
    return build_world(researcher)


@override_settings(NEWSDESK_DESK_NAME="Desk Asie")
def test_one_review_per_reviewed_claim(world):
    data = json.loads(
        render_bytes("claimreview", ExportContext(Selection(), base_url="https://desk.test"))
    )
    assert data["@context"] == "https://schema.org"
    reviews = {r["url"]: r for r in data["@graph"]}
    # The unreviewed claim is left out; corroborated and disputed ones are in.
    assert set(reviews) == {
        f"https://desk.test/articles/{world.fr.pk}/claims/{world.chain_claim.pk}/",
        f"https://desk.test/articles/{world.fr.pk}/claims/{world.formula_claim.pk}/",
    }
    review = reviews[f"https://desk.test/articles/{world.fr.pk}/claims/{world.chain_claim.pk}/"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == 'Nous tirerons, "sans hésiter", sur tout agresseur'
    assert review["author"]["@type"] == "Organization" and review["author"]["name"] == "Desk Asie"
    assert review["datePublished"] == localtime(world.chain_claim.modified).date().isoformat()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Kim Jong-un"}
    assert item["appearance"]["url"] == world.fr.url
    assert item["appearance"]["headline"] == world.fr.title
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Corroborated"
    assert rating["ratingValue"] == 2 and rating["bestRating"] == 1 and rating["worstRating"] == 6
    formula = reviews[f"https://desk.test/articles/{world.fr.pk}/claims/{world.formula_claim.pk}/"]
    assert formula["itemReviewed"]["author"] == {"@type": "Organization", "name": "NIS"}
    assert formula["reviewRating"]["alternateName"] == "Disputed"


def test_nothing_reviewed_gives_an_empty_graph(world):
    data = json.loads(render_bytes("claimreview", ExportContext(Selection(article=world.en.pk))))
    assert data["@graph"] == []
