"""The review step: a final verdict waits for a second researcher, who approves it or sends
it back with a comment; nobody reviews their own; the desk sees agreements and kappa."""

import pytest
from django.urls import reverse

from articles import selectors
from articles.agreement import cohens_kappa
from articles.models import Assignment, ClaimReview, ClaimStatus, Notification
from articles.services import claims as claim_service
from articles.services import desk
from tests.factories import AttributionFactory, ClaimFactory, ResearcherFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def otto(db):
    return ResearcherFactory(username="otto")


def corroborate(claim, user):
    return claim_service.update_claim(
        claim.pk, version=claim.version, user=user, status="corroborated"
    )


def test_a_final_status_waits_for_review_and_a_plain_one_does_not(researcher):
    first, second = ClaimFactory(), ClaimFactory()
    corroborate(first, researcher)
    review = ClaimReview.objects.get(claim=first)
    assert review.state == "pending" and review.proposed_by == researcher
    assert review.status.slug == "corroborated" and review.previous_status.slug == "unreviewed"
    claim_service.update_claim(second.pk, version=1, user=researcher, status="disputed")
    assert not ClaimReview.objects.filter(claim=second).exists()


def test_admins_choose_which_statuses_need_review(researcher):
    ClaimStatus.objects.filter(slug="disputed").update(needs_review=True)
    claim = ClaimFactory()
    claim_service.update_claim(claim.pk, version=1, user=researcher, status="disputed")
    assert ClaimReview.objects.get(claim=claim).state == "pending"


def test_a_new_status_withdraws_the_pending_review(researcher):
    claim = corroborate(ClaimFactory(), researcher)
    claim_service.update_claim(claim.pk, version=claim.version, user=researcher, status="disputed")
    assert ClaimReview.objects.get(claim=claim).state == "withdrawn"
    assert selectors.pending_review(claim) is None


def test_nobody_reviews_their_own_claim(researcher_client, researcher):
    claim = corroborate(ClaimFactory(), researcher)
    url = reverse("articles:claim_review", args=[claim.article_id, claim.pk])
    response = researcher_client.post(url, {"decision": "approve"}, HTTP_HX_REQUEST="true")
    assert "you cannot review your own claim" in response.content.decode()
    assert ClaimReview.objects.get().state == "pending"


def test_sending_back_needs_a_comment_then_restores_the_status_and_notifies(
    client, researcher, otto
):
    claim = corroborate(ClaimFactory(), researcher)
    client.force_login(otto)
    url = reverse("articles:claim_review", args=[claim.article_id, claim.pk])
    response = client.post(url, {"decision": "send_back"}, HTTP_HX_REQUEST="true")
    assert "Say why you send it back" in response.content.decode()
    assert ClaimReview.objects.get().state == "pending"
    response = client.post(
        url, {"decision": "send_back", "comment": "Only one source."}, HTTP_HX_REQUEST="true"
    )
    assert "Sent back." in response.content.decode()
    review = ClaimReview.objects.get()
    assert review.state == "sent_back" and review.reviewer == otto
    assert review.comment == "Only one source."
    claim.refresh_from_db()
    assert claim.status.slug == "unreviewed"
    notice = Notification.objects.get(recipient=researcher)
    assert notice.kind == "sent_back" and notice.detail == "Only one source."
    history = selectors.claim_history(claim)
    lines = [(c.who, c.action) for c in history]
    assert ("otto", "sent back the verdict") in lines
    assert ("rita", "asked for review of the verdict") in lines
    assert any(("comment", "Only one source.", "") in c.details for c in history)


def test_approving_keeps_the_verdict_and_closes_the_reviewers_assignment(researcher, otto):
    claim = corroborate(ClaimFactory(), researcher)
    desk.assign([claim.pk], assignee=otto, by=researcher)
    desk.decide_review(claim.pk, user=otto, approve=True)
    claim.refresh_from_db()
    assert claim.status.slug == "corroborated"
    assert ClaimReview.objects.get().state == "approved"
    assert Assignment.objects.get(assignee=otto).done_at is not None
    assert Notification.objects.get(recipient=researcher).kind == "approved"
    with pytest.raises(desk.DeskError, match="not awaiting review"):
        desk.decide_review(claim.pk, user=otto, approve=True)


def test_the_panel_shows_the_pending_review_to_the_second_researcher(client, researcher, otto):
    claim = corroborate(ClaimFactory(), researcher)
    client.force_login(otto)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "awaiting review" in html and 'id="review-decision"' in html
    client.force_login(researcher)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "awaiting review" in html and 'id="review-decision"' not in html


def test_the_admins_table_counts_agreements_and_send_backs(admin_client_desk, researcher, otto):
    for _ in range(3):
        corroborate(ClaimFactory(), researcher)
    reviews = list(ClaimReview.objects.order_by("pk"))
    desk.decide_review(reviews[0].claim_id, user=otto, approve=True)
    desk.decide_review(reviews[1].claim_id, user=otto, approve=True)
    desk.decide_review(reviews[2].claim_id, user=otto, approve=False, comment="No.")
    rows = {r["username"]: r for r in selectors.review_table()}
    assert rows["rita"]["proposed"] == 3
    assert (rows["rita"]["agreed"], rows["rita"]["sent_back"], rows["rita"]["agreement"]) == (
        2,
        1,
        67,
    )
    assert (rows["otto"]["approvals_given"], rows["otto"]["send_backs_given"]) == (2, 1)
    response = admin_client_desk.get(reverse("articles:review_stats"))
    assert response.status_code == 200
    assert "67 %" in response.content.decode()


def test_only_desk_admins_see_the_review_table(researcher_client):
    assert researcher_client.get(reverse("articles:review_stats")).status_code == 403


# -- blind double grading -----------------------------------------------------------------


def test_cohens_kappa_of_a_known_table():
    # 50 items: both say yes 20, both no 15, a yes b no 5, a no b yes 10.
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 5 + [("n", "y")] * 10
    # po = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.4
    assert cohens_kappa(pairs) == pytest.approx(0.4)
    assert cohens_kappa([("a", "a"), ("b", "b")]) == pytest.approx(1.0)
    assert cohens_kappa([]) is None
    assert cohens_kappa([("a", "a")]) is None  # chance explains everything


def test_blind_grades_give_kappa_per_source_kind_and_overall(researcher, otto):
    agency = SourceFactory(name="KCNA test", kind="state_media")
    official = SourceFactory(name="Kremlin test", kind="government")
    claims = []
    for source in (agency, agency, official, official):
        claim = ClaimFactory()
        AttributionFactory(claim=claim, source=source)
        claims.append(claim)
    for grader in (researcher, otto):
        desk.assign([c.pk for c in claims], assignee=grader, by=grader, blind=True)
    grades = {
        researcher: ["B2", "C3", "A1", "B2"],
        otto: ["B2", "C3", "A1", "C3"],
    }
    for grader, given in grades.items():
        for claim, grade in zip(claims, given, strict=True):
            desk.submit_blind_grade(
                claim.pk, user=grader, reliability=grade[0], credibility=grade[1]
            )
    agreement = selectors.grading_agreement()
    assert agreement["overall"]["claims"] == 4
    expected = cohens_kappa(list(zip(grades[researcher], grades[otto], strict=True)))
    assert agreement["overall"]["kappa"] == pytest.approx(expected)
    kinds = {k["kind"]: k for k in agreement["kinds"]}
    assert kinds[agency.get_kind_display()]["kappa"] == pytest.approx(1.0)
    assert kinds[official.get_kind_display()]["claims"] == 2
    # The claims themselves were not graded by the blind grades.
    for claim in claims:
        claim.refresh_from_db()
        assert claim.credibility is None and claim.reliability_override == ""


def test_a_blind_grade_needs_a_blind_assignment_and_valid_grades(researcher, otto):
    claim = ClaimFactory()
    with pytest.raises(desk.DeskError, match="not given to you for blind grading"):
        desk.submit_blind_grade(claim.pk, user=researcher, reliability="B", credibility="2")
    desk.assign([claim.pk], assignee=researcher, by=otto, blind=True)
    with pytest.raises(desk.DeskError, match="letter from A to F"):
        desk.submit_blind_grade(claim.pk, user=researcher, reliability="Z", credibility="2")
    with pytest.raises(desk.DeskError, match="number from 1 to 6"):
        desk.submit_blind_grade(claim.pk, user=researcher, reliability="B", credibility="9")
    desk.submit_blind_grade(claim.pk, user=researcher, reliability="b", credibility="2")
    with pytest.raises(desk.DeskError):
        desk.submit_blind_grade(claim.pk, user=researcher, reliability="B", credibility="2")


def test_a_bulk_final_status_asks_review_of_each_claim_and_closes_assignments(researcher, otto):
    claims = ClaimFactory.create_batch(3)
    desk.assign([c.pk for c in claims], assignee=researcher, by=otto)
    final = ClaimStatus.objects.get(slug="refuted")
    result = claim_service.bulk_update(
        [c.pk for c in claims], user=researcher, status=final, versions={c.pk: 1 for c in claims}
    )
    assert result.applied == 3
    reviews = ClaimReview.objects.filter(state="pending", proposed_by=researcher)
    assert sorted(r.claim_id for r in reviews) == sorted(c.pk for c in claims)
    assert not Assignment.objects.filter(assignee=researcher, done_at__isnull=True).exists()
