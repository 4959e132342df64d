"""Re-extraction keeps what people worked on and the identity of claims it finds again."""

import pytest

from articles.models import Claim, ClaimLink
from articles.services.extraction import extract_article
from tests.factories import NoteFactory, TagFactory

pytestmark = pytest.mark.django_db


def claim_ids(article) -> list[int]:
    return list(article.claims.order_by("start").values_list("pk", flat=True))


def test_re_extraction_keeps_the_ids_of_claims_found_again(seed_article):
    before = claim_ids(seed_article)
    assert len(before) == 6
    result = extract_article(seed_article)
    assert claim_ids(seed_article) == before
    assert result.created == 0 and result.deleted == 0


def test_a_link_between_untouched_claims_survives_re_extraction(seed_article, researcher):
    first, second = seed_article.claims.order_by("start")[:2]
    assert not first.curated and not second.curated
    ClaimLink.objects.create(
        from_claim=first, to_claim=second, kind=ClaimLink.Kind.CORROBORATES, author=researcher
    )
    # A newer text moves every claim: the extractor must not delete the linked ones.
    seed_article.text = "Mise à jour. " + seed_article.text
    seed_article.save()
    extract_article(seed_article)
    link = ClaimLink.objects.get()
    assert Claim.objects.filter(pk__in=[link.from_claim_id, link.to_claim_id]).count() == 2
    link.to_claim.refresh_from_db()
    assert seed_article.text[link.to_claim.start : link.to_claim.end] == link.to_claim.quote


@pytest.mark.parametrize("work", ["note", "tag"])
def test_a_claim_with_a_note_or_tag_is_kept_even_if_not_marked_curated(
    seed_article, researcher, work
):
    claim = seed_article.claims.order_by("start").first()
    if work == "note":
        NoteFactory(claim=claim, author=researcher, body="À vérifier")
    else:
        claim.tags.add(TagFactory(name="Koursk"))
    seed_article.text = "Mise à jour. " + seed_article.text
    seed_article.save()
    extract_article(seed_article)
    claim.refresh_from_db()
    assert seed_article.text[claim.start : claim.end] == claim.quote
    assert seed_article.claims.filter(quote=claim.quote).count() == 1


def test_re_extraction_replaces_untouched_claims_whose_text_changed(seed_article):
    before = set(claim_ids(seed_article))
    seed_article.text = "Mise à jour. " + seed_article.text
    seed_article.save()
    result = extract_article(seed_article)
    after = set(claim_ids(seed_article))
    assert len(after) == 6
    assert not before & after  # offsets moved: the untouched claims were rebuilt
    assert result.deleted == 6 and result.created == 6
