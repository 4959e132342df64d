"""The OpenAPI 3.1 document is valid, documents every operation with examples, and every
operation's answers (success and refusals) conform to it: an in-process contract test."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from articles.services import tokens
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db
API = "/api/v1"
SPEC_URI = "urn:newsdesk:openapi"


@pytest.fixture
def schema(client) -> dict:
    response = client.get(API + "/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1")
    validate(schema)  # detects 3.1 and checks against the OpenAPI 3.1 meta-schema


def test_every_operation_has_a_summary_and_request_bodies_have_examples(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            assert operation.get("security"), (method, path)  # every operation needs a token
    components = schema["components"]["schemas"]
    for name in ("ClaimPatch", "NoteIn", "ArticleIn", "SourceIn", "ExportIn"):
        assert any("examples" in prop for prop in components[name]["properties"].values()), name


class Contract:
    """Validates a response against the schema of its operation and status code."""

    def __init__(self, schema: dict):
        self.schema = schema
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.called: set[tuple[str, str]] = set()

    def check(self, method: str, template: str, response) -> None:
        operation = self.schema["paths"][API + template][method.lower()]
        responses = operation["responses"]
        status = str(response.status_code)
        assert status in responses, f"{method} {template} answered {status}, not documented"
        self.called.add((method.lower(), API + template))
        content = responses[status].get("content", {})
        if "application/json" not in content or response.status_code == 304:
            return
        pointer = "/".join(
            part.replace("~", "~0").replace("/", "~1")
            for part in ["paths", API + template, method.lower(), "responses", status,
                         "content", "application/json", "schema"]
        )
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#/{pointer}"}, registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        body = response.json()
        errors = sorted(validator.iter_errors(body), key=str)
        assert not errors, f"{method} {template} {status}: {errors[0].message}"


def test_every_documented_operation_answers_as_documented(client, schema, researcher, desk_admin):
    cache.clear()
    world = build_world(researcher)
    admin = tokens.create_token(desk_admin, name="contract", scope="write")[1]
    reader = tokens.create_token(researcher, name="reader", scope="read")[1]
    contract = Contract(schema)

    def call(method, template, path, token=admin, body=None, **headers):
        headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(client, method.lower())(API + path, **kwargs)
        contract.check(method, template, response)
        return response

    claim = world.chain_claim
    # reads
    page = call("GET", "/articles", "/articles?limit=1").json()
    call("GET", "/articles", f"/articles?cursor={page['next_cursor']}")
    article = call("GET", "/articles/{article_id}", f"/articles/{world.fr.pk}")
    call("GET", "/articles/{article_id}", f"/articles/{world.fr.pk}",
         If_None_Match=article["ETag"])
    call("GET", "/articles/{article_id}", "/articles/999999")
    call("GET", "/claims", "/claims?source=kcna&sort=newest")
    call("GET", "/claims", "/claims?grade=Z9")
    call("GET", "/claims", "/claims", token="nd_revoked")
    call("GET", "/claims/{claim_id}", f"/claims/{claim.pk}")  # in no story
    from articles.services import stories

    stories.join(world.formula_claim, claim)
    in_story = call("GET", "/claims/{claim_id}", f"/claims/{claim.pk}").json()
    assert in_story["story_detail"]["first_appearance"] is not None
    claim.refresh_from_db()
    call("GET", "/sources", "/sources?limit=2")
    call("GET", "/sources/{slug}", "/sources/kcna")
    call("GET", "/tags", "/tags")
    export = call("GET", "/exports/{fmt}", "/exports/csv?tag=missiles")
    assert b"".join(export.streaming_content).count(b"\r\n") == 3
    call("GET", "/exports/{fmt}", "/exports/nope")
    # export jobs: the database queue has no worker here, so the job is run by hand
    job = call("POST", "/export-jobs", "/export-jobs", token=reader,
               body={"format": "csv", "filter": {"tag": "missiles"}, "title": "Missiles"}).json()
    call("POST", "/export-jobs", "/export-jobs", body={"format": "docx"})
    call("GET", "/export-jobs/{job_id}/file", f"/export-jobs/{job['id']}/file", token=reader)  # 409
    from articles.services.export_jobs import run_export

    run_export(job["id"])
    done = call("GET", "/export-jobs/{job_id}", f"/export-jobs/{job['id']}", token=reader).json()
    assert done["state"] == "done"
    call("GET", "/export-jobs/{job_id}/file", f"/export-jobs/{job['id']}/file", token=reader)
    call("GET", "/export-jobs/{job_id}", f"/export-jobs/{job['id']}")  # someone else's: 404
    call("GET", "/export-jobs/{job_id}/file", f"/export-jobs/{job['id']}/file")
    # writes
    call("POST", "/articles", "/articles",
         body={"text": "Séoul a confirmé le tir, selon l'état-major interarmées."})
    call("POST", "/articles", "/articles", body={"text": "x", "html": "<p>y</p>"})
    call("POST", "/articles", "/articles", token=reader, body={"text": "Un texte."})
    updated = call("PATCH", "/claims/{claim_id}", f"/claims/{claim.pk}",
                   body={"version": claim.version, "status": "disputed"}).json()
    call("PATCH", "/claims/{claim_id}", f"/claims/{claim.pk}",
         body={"version": claim.version, "status": "refuted"})  # stale: 409
    call("PATCH", "/claims/{claim_id}", f"/claims/{claim.pk}",
         body={"version": updated["version"], "status": "no-such-status"})
    call("POST", "/claims/{claim_id}/notes", f"/claims/{claim.pk}/notes",
         body={"version": updated["version"], "body": "Checked against the NIS briefing."})
    call("POST", "/sources", "/sources",
         body={"name": "Yonhap", "kind": "news_agency", "country": "KR", "reliability": "B"})
    call("POST", "/sources", "/sources", token=reader, body={"name": "X", "kind": "other"})

    documented = {
        (method, path) for path, operations in schema["paths"].items() for method in operations
    }
    assert contract.called == documented


def test_the_docs_page_is_served_from_static_files_under_the_csp(researcher_client):
    from bs4 import BeautifulSoup

    response = researcher_client.get("/api/docs/")
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    page = BeautifulSoup(response.content, "html.parser")
    scripts = list(page.select("script[src]"))
    assert [s["src"] for s in scripts] == [
        "/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    assert all(s["nonce"] == nonce for s in scripts)
    assert not [s for s in page.select("script:not([src])") if s.get("type") != "application/json"]
    settings = json.loads(page.select_one("#swagger-settings").string)
    assert settings["url"] == "/api/v1/openapi.json"
    assert "http" not in "".join(s["src"] for s in scripts)  # no CDN
