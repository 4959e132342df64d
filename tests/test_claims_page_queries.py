"""The claims page's fast paths give the same claims, in the same order, as the plain filter.

`sort=status` reads one status's run at a time (selectors.StatusOrderedClaims) and the
reliability filter is written as EXISTS (claim_filter): both exist for the planner's sake
on a million claims, so here they must agree with the one filter's plain queryset on
every page, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles import selectors
from articles.claim_filter import ClaimFilter
from articles.models import Claim, ClaimStatus
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    """21 claims over 7 articles (some undated), in four statuses, two sharing an order."""
    ClaimStatus.ensure_starter()
    statuses = list(ClaimStatus.objects.filter(slug__in=["unreviewed", "disputed", "refuted"]))
    # A status the admin added with the same order as "disputed": read in the same run.
    twin = ClaimStatus.objects.create(slug="doubtful", name="Doubtful", order=20)
    statuses.append(twin)
    graded = [SourceFactory(reliability=grade) for grade in "BCB"]
    claims = []
    for a in range(7):
        published = None if a % 3 == 0 else dt.datetime(2025, 1, 1 + a, tzinfo=dt.UTC)
        article = ArticleFactory(
            text="One said this. Two said that. Three said more.", published_at=published
        )
        for n, (start, end) in enumerate([(0, 14), (15, 29), (30, 45)]):
            claim = ClaimFactory(
                article=article, start=start, end=end,
                status=statuses[(a * 3 + n) % len(statuses)],
            )
            # A claim with an unresolved first mention, then a graded source.
            if n == 2:
                AttributionFactory(claim=claim, source=None, mention="someone", position=0)
            AttributionFactory(claim=claim, source=graded[(a + n) % 3], position=1)
            claims.append(claim)
    return claims


def _expected(params: dict) -> list[int]:
    return list(ClaimFilter.from_params(params).sorted().values_list("pk", flat=True))


@pytest.mark.parametrize("params", [{"sort": "status"}, {"sort": "status", "reliability": "B"}])
def test_status_order_pages_are_slices_of_the_filters_order(many, params):
    expected = _expected(params)
    assert len(expected) > 6 and len({c.status_id for c in Claim.objects.all()}) == 4
    claims = selectors.sorted_claims(ClaimFilter.from_params(params))
    for size in (1, 4, 5, 50):
        pages = [
            [c.pk for c in claims[start : start + size]] for start in range(0, len(expected), size)
        ]
        assert [pk for page in pages for pk in page] == expected, size
    assert [c.pk for c in claims[3:]] == expected[3:]
    assert claims[2].pk == expected[2]
    assert claims.count() == len(expected) and claims[len(expected) : len(expected) + 5] == []


def test_claims_page_sorted_by_status_pages_through_every_claim(researcher_client, many, monkeypatch):
    from articles.views import claims as views

    monkeypatch.setattr(views, "CLAIMS_PER_PAGE", 4)
    seen = []
    for number in range(1, 7):
        response = researcher_client.get(
            reverse("articles:claim_list"), {"sort": "status", "page": number}
        )
        page = BeautifulSoup(response.content, "html.parser")
        seen.extend(int(box["value"]) for box in page.select("input[name=claims]"))
    assert seen == _expected({"sort": "status"})
    assert "21 claims" in response.content.decode()


def test_api_sorted_by_status_keeps_the_order_across_cursors(many, client, researcher):
    from articles.services.tokens import create_token

    _, secret = create_token(researcher, name="t", scope="read")
    ids, cursor = [], None
    while True:
        query = {"sort": "status", "limit": 5, **({"cursor": cursor} if cursor else {})}
        data = client.get(
            "/api/v1/claims", query, headers={"Authorization": f"Bearer {secret}"}
        ).json()
        ids.extend(item["id"] for item in data["items"])
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert ids == _expected({"sort": "status"})


@pytest.mark.parametrize("grade", ["B", "C", "A"])
def test_reliability_reads_the_first_resolved_source(many, grade):
    """The grade filter keeps its rule: the first resolved source's grade (the unresolved
    mention before it does not count), an override, or the grade judged at review."""
    first, second = many[0], many[1]
    Claim.objects.filter(pk=first.pk).update(reliability_override="A")
    Claim.objects.filter(pk=second.pk).update(
        reviewed_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), reviewed_reliability="A"
    )
    expected = set()
    for claim in Claim.objects.prefetch_related("attributions__source"):
        if claim.reviewed_at is not None:
            letter = claim.reviewed_reliability
        else:
            letter = claim.reliability()
        if letter == grade:
            expected.add(claim.pk)
    got = set(ClaimFilter.from_params({"reliability": grade}).filtered().values_list("pk", flat=True))
    assert got == expected and (grade != "A" or got == {first.pk, second.pk})


def test_date_filters_read_days_in_the_desks_time_zone(settings):
    """`from`/`to` compare instants with the day's start in the desk's time zone, as the
    article's date is shown: 23:30 UTC on 1 March is 2 March in Paris."""
    settings.TIME_ZONE = "Europe/Paris"
    late = ArticleFactory(published_at=dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC))
    early = ArticleFactory(published_at=dt.datetime(2025, 3, 1, 22, 59, tzinfo=dt.UTC))
    undated = ArticleFactory(published_at=None)
    type(undated).objects.filter(pk=undated.pk).update(
        imported_at=dt.datetime(2025, 3, 2, 22, 59, tzinfo=dt.UTC)  # 23:59 on 2 March
    )
    ids = {a.pk: ClaimFactory(article=a).pk for a in (late, early, undated)}

    def found(params):
        return set(ClaimFilter.from_params(params).filtered().values_list("pk", flat=True))

    assert found({"from": "2025-03-02"}) == {ids[late.pk], ids[undated.pk]}
    assert found({"to": "2025-03-01"}) == {ids[early.pk]}
    assert found({"from": "2025-03-02", "to": "2025-03-02"}) == {ids[late.pk], ids[undated.pk]}
    assert found({"from": "2025-03-03"}) == set()
    assert found({"to": "9999-12-31"}) == set(ids.values())
    # The first day a date holds is before UTC's first instant in Paris: no bound, no error.
    assert found({"from": "0001-01-01"}) == set(ids.values())
    assert found({"to": "0001-01-01", "from": "9999-12-31"}) == set()


def test_a_count_past_its_budget_is_cancelled_and_the_connection_kept():
    """PostgreSQL: the newest-first count read gives up at its budget (the paginator then
    reads in the planner's order), and leaves the statement timeout as it was."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.5)")
        return "finished"

    def timeout() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    before = timeout()
    assert selectors.within_budget(20, slow) is None
    assert timeout() == before
    assert selectors.within_budget(2000, lambda: "quick") == "quick"
    assert timeout() == before and Claim.objects.count() == 0


def test_a_count_cancelled_falls_back_to_the_planners_order(many, monkeypatch):
    monkeypatch.setattr(selectors, "within_budget", lambda ms, read: None)
    paginator = selectors.CappedPaginator(selectors.sorted_claims(ClaimFilter()), 5)
    assert paginator.count == 21 and not paginator.capped
    assert [c.pk for c in paginator.page(2).object_list] == _expected({})[5:10]
