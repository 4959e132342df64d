"""Storing extracted claims: replace automatic ones, keep what people touched."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command

from articles.extraction import EXTRACTOR_VERSION
from articles.models import Attribution, Claim
from articles.services.extraction import extract_article, registry_from_db
from tests.extraction.conftest import SEED, seed_clean_text
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "North Korea fired a missile on Thursday, South Korea's Joint Chiefs of Staff said. "
    "The Kremlin denied the report. "
    "A diplomat in Seoul said the launch was a warning."
)


def make_article(text=TEXT, language="en"):
    return ArticleFactory(
        text=text, language=language,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def test_registry_from_db_uses_sources_and_aliases(registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        reg = registry_from_db()
    assert reg.resolve("le dirigeant nord-coréen Kim Jong-un") == "Kim Jong-un"
    assert reg.resolve("Seoul") == "South Korean government"


def test_extract_article_stores_claims_and_attributions(registry):
    article = make_article()
    result = extract_article(article)
    assert result.created == 3
    claims = list(article.claims.order_by("start"))
    assert [c.cue_text for c in claims] == ["said", "denied", "said"]
    for c in claims:
        assert article.text[c.start : c.end] == c.quote
        assert article.text[c.cue_start : c.cue_end] == c.cue_text
        assert c.origin == Claim.Origin.AUTOMATIC and c.extractor_version == EXTRACTOR_VERSION
    first = claims[0].attributions.get()
    assert first.source.name == "JCS" and first.mention == "South Korea's Joint Chiefs of Staff"
    diplomat = claims[2].attributions.get()
    assert diplomat.source is None and diplomat.mention == "A diplomat in Seoul"
    article.refresh_from_db()
    assert article.extractor_version == EXTRACTOR_VERSION


def test_reextraction_replaces_automatic_claims_only(registry, researcher):
    article = make_article()
    extract_article(article)
    claims = list(article.claims.order_by("start"))
    curated, rejected, untouched = claims
    curated.curated = True
    curated.stance = "warns"
    curated.save()
    rejected.is_rejected = True
    rejected.save()
    manual = Claim.objects.create(
        article=article, start=0, end=11, quote="North Korea", origin=Claim.Origin.MANUAL,
        author=researcher,
    )
    result = extract_article(article)
    # the untouched claim is found again identical: it stays, with its id (links to it hold)
    assert result.deleted == 0 and result.kept == 4 and result.created == 0
    ids = set(article.claims.values_list("pk", flat=True))
    assert {curated.pk, rejected.pk, manual.pk, untouched.pk} == ids
    curated.refresh_from_db()
    assert curated.stance == "warns"  # a person's change is not overwritten
    # the rejected claim's span is not brought back, nor duplicated over the kept ones
    assert article.claims.filter(is_rejected=False, cue_text="denied").count() == 0
    assert article.claims.count() == 4  # curated, rejected, manual + the diplomat again


def test_kept_claims_follow_their_words_when_the_text_changes(registry):
    article = make_article()
    extract_article(article)
    kremlin = article.claims.get(cue_text="denied")
    kremlin.curated = True
    kremlin.save()
    article.text = "Updated at noon. " + TEXT
    article.save()
    result = extract_article(article)
    assert result.reanchored == 1 and not result.lost
    kremlin.refresh_from_db()
    assert article.text[kremlin.start : kremlin.end] == "The Kremlin denied the report."
    assert article.text[kremlin.cue_start : kremlin.cue_end] == "denied"
    att = kremlin.attributions.get()
    assert article.text[att.start : att.end] == att.mention


def test_seed_article_through_the_import_service(seed_article):
    claims = list(seed_article.claims.order_by("start"))
    assert len(claims) == 6
    sources = {a.source.name for a in Attribution.objects.filter(claim__in=claims) if a.source}
    assert {"Kim Jong-un", "KCNA", "North Korean government", "South Korean intelligence",
            "Western intelligence"} <= sources


def test_extract_command_prints_json_without_touching_the_db(capsys):
    before = Claim.objects.count()
    call_command("extract", str(SEED), "--format", "json", "--registry", "starter")
    data = json.loads(capsys.readouterr().out)
    assert len(data["claims"]) == 6 and data["registry"] == "starter"
    assert "Kim Jong-un" in data["article"]["text"]
    assert Claim.objects.count() == before


def test_reextract_command(registry, capsys):
    article = make_article(seed_clean_text(), "fr")
    call_command("reextract", str(article.pk))
    assert "6 claims created" in capsys.readouterr().out
    call_command("reextract", "--all")
    assert article.claims.count() == 6


def test_evaluate_extraction_command(capsys):
    call_command("evaluate_extraction")
    out = capsys.readouterr().out
    assert "attribution" in out and "fr" in out and "en" in out
