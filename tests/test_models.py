"""The database refuses what the desk's rules forbid."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Claim, ClaimStatus, SourceAlias
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused(**changes):
    """Saving a claim with `changes` violates a constraint."""
    claim = ClaimFactory()
    for field, value in changes.items():
        setattr(claim, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_claim_span_start_before_end():
    refused(start=10, end=10)
    refused(start=12, end=3)


@pytest.mark.parametrize("value", [0, 7])
def test_claim_credibility_in_range(value):
    refused(credibility=value)


def test_claim_reliability_override_a_to_f():
    refused(reliability_override="G")


def test_source_reliability_a_to_f():
    source = SourceFactory()
    source.reliability = "Z"
    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()


def test_one_alias_text_per_source_whatever_the_case_or_accents():
    source = SourceFactory(name="South Korean government")
    SourceAlias.objects.create(source=source, alias="Séoul", language="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceAlias.objects.create(source=source, alias="SEOUL", language="en")
    # Another source may share an alias text (ambiguity is for the resolver).
    SourceAlias.objects.create(source=SourceFactory(name="Other"), alias="Seoul")


def test_same_content_hash_is_refused():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(content_hash=article.content_hash)


def test_claim_link_not_to_itself():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLinkFactory(from_claim=claim, to_claim=claim)


def test_unresolved_mention_is_kept():
    attribution = AttributionFactory(source=None, mention="un diplomate occidental")
    assert attribution.claim.attributions.get().source is None


def test_new_claim_starts_unreviewed_at_version_1():
    claim = ClaimFactory()
    assert claim.status.slug == ClaimStatus.UNREVIEWED
    assert claim.version == 1
    assert claim.origin == Claim.Origin.AUTOMATIC


def test_grade_uses_source_reliability_unless_overridden():
    claim = ClaimFactory(credibility=2)
    AttributionFactory(claim=claim, source=SourceFactory(name="NIS", reliability="B"))
    assert claim.grade == "B2"
    claim.reliability_override = "D"
    assert claim.grade == "D2"
    assert ClaimFactory().grade == "??"


def test_colours_must_be_hex_and_render_only_when_they_are():
    from django.core.exceptions import ValidationError

    from articles.models import Tag, safe_colour

    tag = Tag(name="Kursk", colour="red;} body{display:none")
    with pytest.raises(ValidationError, match="#rrggbb"):
        tag.full_clean()
    assert safe_colour(tag.colour, "#5b6b7f") == "#5b6b7f"
    assert safe_colour("#1a2B3c", "#5b6b7f") == "#1a2B3c"
