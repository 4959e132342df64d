"""Assessments are records: the grade a researcher saw at review stays as it was judged.

Reported: changing the NIS from B to C turned an already reviewed claim's `B2` into
`C2`, with nothing in the claim's history, and the admin was not told.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from articles import selectors
from articles.exports import ExportContext, Selection, render_bytes
from articles.models import Claim, Source
from articles.services import claims as service
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nis():
    return SourceFactory(name="NIS", reliability="B")


@pytest.fixture
def reviewed(nis, researcher):
    """A claim by the NIS, reviewed at B2."""
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=nis)
    return service.update_claim(
        claim.pk, version=1, user=researcher, status="corroborated", credibility="2"
    )


def regrade(source: Source, letter: str) -> None:
    source.reliability = letter
    source.save()


def test_a_later_source_grade_change_does_not_rewrite_the_grade_at_review(reviewed, nis):
    regrade(nis, "C")
    claim = Claim.objects.get(pk=reviewed.pk)
    assert claim.grade == "B2"
    assessed = claim.assessment()
    assert assessed.text == "B2 at review, source now C"
    assert assessed.current == "C"


def test_an_unreviewed_claim_follows_its_source(nis):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=nis)
    regrade(nis, "C")
    assert Claim.objects.get(pk=claim.pk).assessment().text == "C?"


def test_reviewing_again_takes_the_grade_seen_then(reviewed, nis, researcher):
    regrade(nis, "C")
    again = service.update_claim(reviewed.pk, version=reviewed.version, user=researcher,
                                 credibility="3")
    assert Claim.objects.get(pk=again.pk).assessment().text == "C3"


def test_bulk_status_freezes_the_grade_too(nis, researcher):
    from articles.models import ClaimStatus

    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=nis)
    service.bulk_update([claim.pk], user=researcher,
                        status=ClaimStatus.objects.get(slug="disputed"))
    regrade(nis, "D")
    assert Claim.objects.get(pk=claim.pk).assessment().text == "B? at review, source now D"


def test_the_grade_change_is_in_the_claims_history(reviewed, nis, desk_admin):
    nis._history_user = desk_admin
    regrade(nis, "C")
    history = selectors.claim_history(Claim.objects.get(pk=reviewed.pk))
    change = history[0]
    assert change.action == "changed a source's grade"
    assert change.who == desk_admin.username
    assert ("NIS's reliability", "B", "C") in change.details
    assert any("keeps B2" in old for _, old, _ in change.details)


def test_the_panel_shows_both_grades(reviewed, nis, researcher_client):
    regrade(nis, "C")
    url = reverse("articles:claim_detail", args=[reviewed.article_id, reviewed.pk])
    html = researcher_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert ">B2</span>" in html
    assert "at review, source now C" in html


def test_the_claims_page_shows_both_grades(reviewed, nis, researcher_client):
    regrade(nis, "C")
    html = researcher_client.get(reverse("articles:claim_list")).content.decode()
    assert "B2 at review, source now C" in html


def test_every_export_keeps_the_grade_at_review(reviewed, nis):
    regrade(nis, "C")
    ctx = ExportContext(Selection(article=reviewed.article_id))
    rows = list(csv.DictReader(io.StringIO(render_bytes("csv", ctx).decode("utf-8-sig"))))
    assert (rows[0]["reliability"], rows[0]["grade"], rows[0]["reliability_now"]) == (
        "B", "B2", "C",
    )
    data = json.loads(render_bytes("json", ctx))
    claim = data["claims"][0]
    assert (claim["grade"], claim["reliability"], claim["reliability_now"]) == ("B2", "B", "C")
    assert claim["reviewed_at"]
    for fmt in ("md", "html", "w3c", "claimreview"):
        text = render_bytes(fmt, ctx).decode()
        assert "B2 at review, source now C" in text, fmt
        assert "C2" not in text, fmt


def test_the_report_summary_counts_the_grade_at_review(reviewed, nis):
    from articles.exports.html_report import summary

    regrade(nis, "C")
    labels = [row["label"] for row in summary(ExportContext(Selection()))["by_grade"]]
    assert labels == ["B2"]


def test_source_page_asks_to_confirm_a_grade_change_that_touches_reviewed_claims(
    reviewed, nis, admin_client_desk
):
    url = reverse("articles:source_edit", args=[nis.slug])
    form = {"name": "NIS", "kind": nis.kind, "country": "KR", "reliability": "C",
            "aliases": "NIS"}
    refused = admin_client_desk.post(url, form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "1 reviewed claim grades with NIS" in page
    assert 'name="confirm_grade_change"' in page and 'type="checkbox"' in page
    nis.refresh_from_db()
    assert nis.reliability == "B"
    saved = admin_client_desk.post(url, {**form, "confirm_grade_change": "on"})
    assert saved.status_code == 302
    nis.refresh_from_db()
    assert nis.reliability == "C"


def test_a_grade_change_touching_no_reviewed_claim_needs_no_confirmation(nis, admin_client_desk):
    url = reverse("articles:source_edit", args=[nis.slug])
    form = {"name": "NIS", "kind": nis.kind, "country": "KR", "reliability": "C",
            "aliases": "NIS"}
    assert admin_client_desk.post(url, form).status_code == 302


def test_django_admin_asks_to_confirm_too(reviewed, nis, client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "r@x.example", "pw")
    client.force_login(superuser)
    url = reverse("admin:articles_source_change", args=[nis.pk])
    form = {
        "name": "NIS", "slug": nis.slug, "kind": nis.kind, "country": "KR", "reliability": "C",
        "description": "", "website": "", "is_active": "on",
        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "1 reviewed claim grades with NIS" in refused.content.decode()
    nis.refresh_from_db()
    assert nis.reliability == "B"
    assert client.post(url, {**form, "confirm_grade_change": "on"}).status_code == 302
    nis.refresh_from_db()
    assert nis.reliability == "C"


def test_touched_count_skips_claims_with_their_own_reliability(reviewed, nis, researcher):
    other = ClaimFactory()
    AttributionFactory(claim=other, source=nis)
    service.update_claim(other.pk, version=1, user=researcher, reliability_override="A")
    assert service.reviewed_claims_touched(nis) == 1


def test_grading_in_the_django_admin_is_kept_at_review_too(nis, admin_client_desk):
    from tests.test_admin import claim_form

    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=nis)
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    response = admin_client_desk.post(url, claim_form(claim, credibility=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    regrade(nis, "E")
    assert Claim.objects.get(pk=claim.pk).assessment().text == "B3 at review, source now E"


def test_the_grade_filter_finds_a_reviewed_claim_by_the_grade_it_was_given(reviewed, nis):
    """The claims page, exports and API select by the grade a researcher sees: B2 as judged
    at review, not C2 after the source's regrade."""
    from articles.claim_filter import ClaimFilter

    regrade(nis, "C")

    def found(grade):
        return set(ClaimFilter.from_params({"grade": grade}).filtered().values_list("pk", flat=True))

    assert reviewed.pk in found("B2") and reviewed.pk in found("B")
    assert reviewed.pk not in found("C2") and reviewed.pk not in found("C")
    unreviewed = ClaimFactory()
    AttributionFactory(claim=unreviewed, source=nis)
    assert unreviewed.pk in found("C") and unreviewed.pk not in found("B")


def test_the_api_gives_the_grade_at_review_and_the_source_grade_now(reviewed, nis, client,
                                                                    researcher):
    from articles.services.tokens import create_token

    regrade(nis, "C")
    _, secret = create_token(researcher, name="grades", scope="read")
    answer = client.get(f"/api/v1/claims/{reviewed.pk}", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["grade"], body["reliability"], body["reliability_now"]) == ("B2", "B", "C")
