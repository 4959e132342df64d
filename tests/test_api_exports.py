"""Export jobs in the API: started by any token (an export is a read), run by the task worker,
polled for state and progress, downloaded by their owner only, failures recorded, old jobs
deleted by run_schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles.models import ExportJob, Tag
from articles.services import export_jobs, tokens
from tests.factories import ResearcherFactory
from tests.test_export_world import build_world

pytestmark = pytest.mark.django_db
API = "/api/v1"
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()


@pytest.fixture
def world(researcher):
    return build_world(researcher)


@pytest.fixture
def read_token(researcher):
    return tokens.create_token(researcher, name="notebook", scope="read")[1]


def call(client, method, path, token, body=None):
    kwargs = {"headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method.lower())(API + path, **kwargs)


def test_a_read_only_token_starts_a_job_the_worker_runs_and_its_owner_downloads(
    client, world, read_token, researcher, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        started = call(client, "POST", "/export-jobs", read_token,
                       {"format": "csv", "filter": {"tag": "missiles"}})
    assert started.status_code == 202, started.content
    body = started.json()
    assert body["state"] == "queued" and body["download_url"] is None
    assert body["filter"] == {"tag": "missiles"}
    job = call(client, "GET", f"/export-jobs/{body['id']}", read_token).json()
    assert job["state"] == "done" and job["percent"] == 100 and job["error"] == ""
    assert job["total"] == job["processed"] == 2
    assert job["download_url"] == f"/api/v1/export-jobs/{body['id']}/file"
    assert ExportJob.objects.get().token_name == "notebook"
    assert ExportJob.objects.get().created_by == researcher
    download = client.get(job["download_url"], headers={"Authorization": f"Bearer {read_token}"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == f'attachment; filename="{job["filename"]}"'
    assert int(job["size"]) == len(download.content)
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    listed = call(client, "GET", "/claims?tag=missiles", read_token).json()["items"]
    assert sorted(int(row["claim_id"]) for row in rows) == sorted(c["id"] for c in listed)


def test_a_stix_job_gives_a_stix_bundle(
    client, world, read_token, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        job_id = call(client, "POST", "/export-jobs", read_token, {"format": "stix"}).json()["id"]
    download = call(client, "GET", f"/export-jobs/{job_id}/file", read_token)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/stix+json;version=2.1"
    assert json.loads(download.content)["type"] == "bundle"


def test_someone_elses_job_is_404_and_a_queued_job_has_no_file_yet(client, world, read_token):
    job_id = call(client, "POST", "/export-jobs", read_token, {"format": "json"}).json()["id"]
    # The database queue has no worker in this test: the job waits.
    waiting = call(client, "GET", f"/export-jobs/{job_id}/file", read_token)
    assert waiting.status_code == 409 and "not ready" in waiting.json()["detail"]
    assert call(client, "GET", f"/export-jobs/{job_id}", read_token).json()["state"] == "queued"
    colleague = ResearcherFactory(username="colleague")
    other = tokens.create_token(colleague, name="theirs", scope="write")[1]
    assert call(client, "GET", f"/export-jobs/{job_id}", other).status_code == 404
    assert call(client, "GET", f"/export-jobs/{job_id}/file", other).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert call(client, "GET", f"/export-jobs/{missing}", read_token).status_code == 404


@pytest.mark.parametrize(
    "body,message",
    [
        ({"format": "docx"}, "not an export format"),
        ({"format": "csv", "filter": {"grade": "Z9"}}, "Z9"),
        ({"format": "csv", "filter": {"tag": "nothing-like-it"}}, "no tag"),
    ],
)
def test_a_bad_format_or_filter_is_a_400_and_no_job(client, world, read_token, body, message):
    refused = call(client, "POST", "/export-jobs", read_token, body)
    assert refused.status_code == 400
    assert message in refused.json()["detail"]
    assert not ExportJob.objects.exists()


def test_a_job_that_fails_records_why(client, world, read_token):
    job_id = call(client, "POST", "/export-jobs", read_token,
                  {"format": "csv", "filter": {"tag": "menace"}}).json()["id"]
    Tag.objects.filter(slug="menace").delete()  # before the worker gets to the job
    export_jobs.run_export(job_id)
    job = call(client, "GET", f"/export-jobs/{job_id}", read_token).json()
    assert job["state"] == "failed" and "no tag" in job["error"]
    assert job["download_url"] is None
    refused = call(client, "GET", f"/export-jobs/{job_id}/file", read_token)
    assert refused.status_code == 409 and "no tag" in refused.json()["detail"]


def test_an_unexpected_error_fails_the_job_instead_of_leaving_it_running(
    client, world, read_token, monkeypatch
):
    job_id = call(client, "POST", "/export-jobs", read_token, {"format": "csv"}).json()["id"]

    def broken(ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("articles.exports.csv_export.render", broken)
    job = export_jobs.run_export(job_id)
    assert job.state == "failed" and "RuntimeError" in job.error


def test_progress_is_saved_while_the_claims_are_written(world, researcher, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    job = export_jobs.start_export(researcher, fmt="csv", params={"with_rejected": "1"})
    seen = []

    def watching(ctx):  # a format that reads the job's saved progress after each claim
        for _record in ctx.claims():
            seen.append(ExportJob.objects.get(pk=job.pk).processed)
        yield "done"

    monkeypatch.setattr("articles.exports.csv_export.render", watching)
    done = export_jobs.run_export(job.pk)
    assert seen == [1, 2, 3, 4]
    assert done.state == "done" and done.total == done.processed == 4 and done.percent == 100


def test_run_schedule_deletes_jobs_older_than_the_setting(world, researcher, settings):
    settings.NEWSDESK_EXPORT_JOB_DAYS = 7
    old = export_jobs.start_export(researcher, fmt="csv")
    new = export_jobs.start_export(researcher, fmt="csv")
    ExportJob.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=8))
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert "1 old export jobs deleted" in out.getvalue()


def test_a_pdf_job_gives_a_pdf(client, world, read_token, settings,
                               django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        job_id = call(client, "POST", "/export-jobs", read_token,
                      {"format": "pdf", "filter": {"tag": "missiles"}, "title": "Missiles"}
                      ).json()["id"]
    job = call(client, "GET", f"/export-jobs/{job_id}", read_token).json()
    assert job["state"] == "done", job["error"]
    download = call(client, "GET", f"/export-jobs/{job_id}/file", read_token)
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_the_django_admin_lists_export_jobs_without_their_file(admin_client, world, researcher):
    job = export_jobs.start_export(researcher, fmt="csv")
    export_jobs.run_export(job.pk)
    listed = admin_client.get("/admin/articles/exportjob/")
    assert listed.status_code == 200 and str(job.pk) in listed.content.decode()
    page = admin_client.get(f"/admin/articles/exportjob/{job.pk}/change/")
    assert page.status_code == 200 and b'name="data"' not in page.content
