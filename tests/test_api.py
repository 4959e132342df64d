"""The REST API: tokens and scopes, the same rules and history as the pages, cursors, ETags,
conflicts, rate limits, and an OpenAPI 3.1 document every response conforms to."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import ApiToken, Claim, ExportJob, Note, Source
from articles.selectors import story_view
from articles.services import tokens
from tests.factories import ResearcherFactory
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()


@pytest.fixture
def world(researcher):
    return build_world(researcher)


def make_token(user, scope="write", name=None) -> str:
    return tokens.create_token(user, name=name or f"{user.username}-{scope}", scope=scope)[1]


@pytest.fixture
def write_token(researcher):
    return make_token(researcher, "write")


@pytest.fixture
def read_token(researcher):
    return make_token(researcher, "read")


@pytest.fixture
def admin_token(desk_admin):
    return make_token(desk_admin, "write")


def call(client, method: str, path: str, token: str | None, body=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method.lower())(API + path, **kwargs)


# -- every write, for the scope and role tests ------------------------------------------------


def writes(world) -> list[tuple[str, str, str, dict, str]]:
    """(method, documented path, path, body, who may) of every write operation of the API."""
    claim = world.formula_claim
    return [
        ("POST", "/articles", "/articles", {"text": "Séoul a confirmé le tir, selon Yonhap."},
         "researcher"),
        ("PATCH", "/claims/{claim_id}", f"/claims/{claim.pk}",
         {"version": claim.version, "status": "refuted"}, "researcher"),
        ("POST", "/claims/{claim_id}/notes", f"/claims/{claim.pk}/notes",
         {"version": claim.version, "body": "Vu."}, "researcher"),
        ("POST", "/sources", "/sources",
         {"name": "Yonhap", "kind": "news_agency", "country": "KR", "reliability": "B"}, "admin"),
    ]


# Operations that are not GET but only read: an export job writes a file of what the token's
# user may read anyway, so a read-only token may start one (README, "Export jobs").
READS_BY_POST = [("POST", "/export-jobs", "/export-jobs", {"format": "csv", "filter": {"tag": "missiles"}})]


def test_every_write_operation_of_the_schema_is_in_the_write_table(client, world):
    schema = client.get(API + "/openapi.json").json()
    documented = {
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        for method in operations
        if method != "get"
    }
    listed = {(method, template) for method, template, *_ in writes(world)}
    assert documented == listed | {(method, template) for method, template, *_ in READS_BY_POST}


def test_a_read_only_token_may_start_an_export_job_and_a_revoked_one_may_not(
    client, world, read_token, researcher
):
    for method, _, path, body in READS_BY_POST:
        response = call(client, method, path, read_token, body)
        assert response.status_code == 202, (method, path, response.content)
    job_id = response.json()["id"]
    secret = make_token(researcher, "write", name="old")
    tokens.revoke_token(researcher, ApiToken.objects.get(name="old").pk)
    for method, _, path, body in READS_BY_POST:
        assert call(client, method, path, secret, body).status_code == 401
    for path in (f"/export-jobs/{job_id}", f"/export-jobs/{job_id}/file"):
        assert call(client, "GET", path, secret).status_code == 401
    assert ExportJob.objects.count() == 1


def test_a_read_only_token_gets_403_on_every_write(client, world, read_token):
    for method, _, path, body, _ in writes(world):
        response = call(client, method, path, read_token, body)
        assert response.status_code == 403, (method, path, response.content)
        assert "read-only" in response.json()["detail"]
    assert Note.objects.filter(body="Vu.").count() == 0
    assert not Source.objects.filter(name="Yonhap").exists()


def test_a_revoked_token_gets_401_everywhere(client, world, researcher):
    secret = make_token(researcher, "write", name="old")
    tokens.revoke_token(researcher, ApiToken.objects.get(name="old").pk)
    for method, _, path, body, _ in writes(world):
        assert call(client, method, path, secret, body).status_code == 401
    for path in ("/claims", f"/claims/{world.chain_claim.pk}", "/articles", "/sources", "/tags",
                 "/exports/csv"):
        assert call(client, "GET", path, secret).status_code == 401
    assert call(client, "GET", "/claims", None).status_code == 401
    assert call(client, "GET", "/claims", "nd_not-a-token").status_code == 401


def test_a_researchers_token_cannot_do_what_only_admins_can(client, world, write_token,
                                                            admin_token):
    for method, _, path, body, role in writes(world):
        if role != "admin":
            continue
        refused = call(client, method, path, write_token, body)
        assert refused.status_code == 403, (method, path)
        assert "role" in refused.json()["detail"]
        assert call(client, method, path, admin_token, body).status_code in (200, 201)


def test_a_role_that_cannot_edit_claims_only_gets_read_only_tokens(db):
    from tests.factories import UserFactory

    with pytest.raises(tokens.TokenError, match="read-only"):
        tokens.create_token(UserFactory(username="nobody"), name="x", scope="write")


def test_rate_limit_answers_429_with_retry_after(client, world, researcher):
    secret = make_token(researcher, "read", name="busy")
    ApiToken.objects.filter(name="busy").update(rate_per_minute=3)
    codes = [call(client, "GET", "/tags", secret).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = call(client, "GET", "/tags", secret)
    assert int(refused["Retry-After"]) >= 1
    assert "3 requests a minute" in refused.json()["detail"]


# -- reads ------------------------------------------------------------------------------------


def test_claims_list_walks_every_claim_once_with_a_cursor(client, world, read_token):
    seen, cursor = [], None
    while True:
        path = "/claims?limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = call(client, "GET", path, read_token).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(Claim.objects.visible().values_list("pk", flat=True))


def test_sorted_claims_keep_the_pages_order(client, world, read_token):
    page = call(client, "GET", "/claims?sort=oldest&limit=2", read_token).json()
    rest = call(client, "GET", f"/claims?sort=oldest&cursor={page['next_cursor']}",
                read_token).json()
    ids = [item["id"] for item in page["items"] + rest["items"]]
    assert ids == [world.chain_claim.pk, world.formula_claim.pk, world.unresolved_claim.pk]


def test_a_bad_filter_or_cursor_is_a_400_with_the_filters_message(client, world, read_token):
    response = call(client, "GET", "/claims?source=nobody", read_token)
    assert response.status_code == 400
    assert response.json()["detail"] == "There is no source “nobody” in the registry."
    assert call(client, "GET", "/claims?cursor=%%%", read_token).status_code == 400
    assert call(client, "GET", "/claims?limit=0", read_token).status_code == 400


def test_claim_detail_has_chain_grades_notes_links_and_an_etag(client, world, read_token):
    response = call(client, "GET", f"/claims/{world.chain_claim.pk}", read_token)
    data = response.json()
    assert [a["source"]["slug"] for a in data["chain"]] == ["kim-jong-un", "kcna"]
    assert data["grade"] == "D2" and data["status"] == "corroborated"
    assert sorted(data["tags"]) == ["menace", "missiles"]
    assert len(data["notes"]) == 2
    assert {(link["kind"], link["direction"]) for link in data["links"]} == {
        ("corroborates", "out"), ("contradicts", "in")}
    etag = response["ETag"]
    again = call(client, "GET", f"/claims/{world.chain_claim.pk}", read_token,
                 If_None_Match=etag)
    assert again.status_code == 304 and again["ETag"] == etag


def test_article_detail_has_clean_text_and_metadata(client, world, read_token):
    response = call(client, "GET", f"/articles/{world.fr.pk}", read_token)
    data = response.json()
    assert data["text"] == world.fr.text
    assert data["outlet"] == "franceinfo" and data["language"] == "fr"
    assert data["claim_ids"] == [world.chain_claim.pk, world.formula_claim.pk]
    assert call(client, "GET", f"/articles/{world.fr.pk}", read_token,
                If_None_Match=response["ETag"]).status_code == 304
    assert call(client, "GET", "/articles/999999", read_token).status_code == 404


# -- writes -----------------------------------------------------------------------------------


def test_a_stale_version_gets_409_with_what_changed(client, world, write_token, researcher):
    from articles.services.claims import update_claim

    claim = world.formula_claim
    otto = ResearcherFactory(username="otto")
    update_claim(claim.pk, version=claim.version, user=otto, status="corroborated")
    response = call(client, "PATCH", f"/claims/{claim.pk}", write_token,
                    {"version": claim.version, "status": "refuted"})
    assert response.status_code == 409
    data = response.json()
    assert data["version"] == claim.version + 1
    assert any(change["who"] == "otto" for change in data["changes"])
    assert Claim.objects.get(pk=claim.pk).status.slug == "corroborated"


def test_an_api_write_lands_in_the_history_with_the_tokens_name(client, world, researcher):
    from articles import selectors

    secret = make_token(researcher, "write", name="notebook")
    claim = world.formula_claim
    response = call(client, "PATCH", f"/claims/{claim.pk}", secret,
                    {"version": claim.version, "status": "refuted", "credibility": 2,
                     "add_tags": ["menace"], "remove_tags": ["missiles"]})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "refuted" and data["credibility"] == 2
    assert data["tags"] == ["menace"]
    history = selectors.claim_history(Claim.objects.get(pk=claim.pk))
    assert history[0].who == "rita (API token “notebook”)"
    note = call(client, "POST", f"/claims/{claim.pk}/notes", secret,
                {"version": data["version"], "body": "From the notebook."})
    assert note.status_code == 201 and note.json()["author"] == "rita"


def test_a_refused_change_changes_nothing(client, world, write_token):
    claim = world.formula_claim
    response = call(client, "PATCH", f"/claims/{claim.pk}", write_token,
                    {"version": claim.version, "status": "refuted", "remove_tags": ["nope"]})
    assert response.status_code == 400
    assert "There is no tag “nope”" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).status.slug == "disputed"


def test_create_article_uses_the_import_service(client, registry, write_token):
    text = "Pyongyang a tiré un missile balistique lundi, selon l'armée sud-coréenne."
    first = call(client, "POST", "/articles", write_token, {"text": text})
    assert first.status_code == 201, first.content
    again = call(client, "POST", "/articles", write_token, {"text": text})
    assert again.status_code == 200 and again.json()["created"] is False
    both = call(client, "POST", "/articles", write_token, {"text": text, "url": "http://x"})
    assert both.status_code == 400


def test_streamed_export_follows_the_filter(client, world, read_token):
    response = call(client, "GET", "/exports/json?source=nis", read_token)
    data = json.loads(b"".join(response.streaming_content))
    assert [claim["id"] for claim in data["claims"]] == [world.formula_claim.pk]
    assert call(client, "GET", "/exports/pdf", read_token).status_code == 400


# -- tokens in the browser --------------------------------------------------------------------


def test_a_token_is_shown_once_and_stored_hashed(researcher_client, researcher):
    page = researcher_client.post(reverse("articles:token_list"),
                                  {"name": "notebook", "scope": "write"})
    body = page.content.decode()
    token = ApiToken.objects.get(user=researcher, name="notebook")
    secret = body.split('<code id="new-token">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith("nd_") and token.key_hash == tokens.hash_secret(secret)
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in researcher_client.get(reverse("articles:token_list")).content.decode()
    researcher_client.post(reverse("articles:token_revoke", args=[token.pk]))
    assert tokens.authenticate(secret) is None


def test_nobody_revokes_someone_elses_token(client, researcher):
    other = ResearcherFactory(username="otto")
    token, _ = tokens.create_token(other, name="mine", scope="read")
    client.force_login(researcher)
    response = client.post(reverse("articles:token_revoke", args=[token.pk]))
    assert response.status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_token_writes_need_no_csrf_token(world, write_token):
    """Scripts have no CSRF cookie: token requests are not checked for one."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    claim = world.formula_claim
    response = call(strict, "POST", f"/claims/{claim.pk}/notes", write_token,
                    {"version": claim.version, "body": "From a script."})
    assert response.status_code == 201


def test_claims_carry_their_story_and_the_detail_its_origins(client, world, read_token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.services import stories

    def listed():
        with CaptureQueriesContext(connection) as queries:
            items = call(client, "GET", "/claims", read_token).json()["items"]
        return {item["id"]: item["story"] for item in items}, len(queries)

    listed()  # warms what is looked up once (the statuses...)
    before, queries_before = listed()
    assert set(before.values()) == {None}
    alone = call(client, "GET", f"/claims/{world.unresolved_claim.pk}", read_token).json()
    assert alone["story"] is None and alone["story_detail"] is None
    story = stories.join(world.formula_claim, world.chain_claim)
    after, queries_after = listed()
    assert after[world.formula_claim.pk] == after[world.chain_claim.pk] == story.pk
    assert after[world.unresolved_claim.pk] is None
    assert queries_after == queries_before  # no query per row for the story
    detail = call(client, "GET", f"/claims/{world.chain_claim.pk}", read_token).json()
    assert detail["story"] == story.pk
    shown = detail["story_detail"]
    assert shown["id"] == story.pk and shown["link"] == story.get_absolute_url()
    assert shown["independent_origins"] == 2  # Kim Jong-un (via KCNA) and the NIS
    assert shown["articles"] == len({world.formula_claim.article_id, world.chain_claim.article_id})
    view = story_view(story)
    assert shown["first_appearance"]["claim"] == view.first.claim.pk
