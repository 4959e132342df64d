"""Many files or a zip from the import page: a background job, its live progress and summary."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportItem, ImportJob
from articles.services.imports import run_bulk_import

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:import_files")
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


def article(n: int, lang: str = "en") -> str:
    if lang == "fr":
        return (
            f"Séoul signale le tir numéro {n}\n\n"
            f"Pyongyang a tiré {n} missiles lundi, selon l’état-major sud-coréen. "
            f"L’œuvre du régime, a déclaré Séoul, compte désormais {n * 3} essais.\n"
        )
    return (
        f"Launch number {n}\n\n"
        f"Pyongyang fired {n} missiles on Monday, the Joint Chiefs of Staff said. "
        f"The regime has now carried out {n * 3} tests, according to Yonhap.\n"
    )


def make_zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
                continue
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def f(name: str, data: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def post(client, files, capture, follow=True):
    """Upload; the job runs when the request's transaction commits, then follow the redirect."""
    with capture(execute=True):
        response = client.post(UPLOAD, {"files": files})
    if follow and response.status_code == 302:
        return client.get(response["Location"])
    return response


def test_many_files_run_as_a_job_and_show_a_summary(
    researcher_client, researcher, immediate, django_capture_on_commit_callbacks
):
    files = [f(f"launch-{n}.txt", article(n)) for n in range(1, 4)]
    response = post(researcher_client, files, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.request["PATH_INFO"] == reverse("articles:import_job", args=[job.pk])
    assert job.state == ImportJob.State.DONE
    assert job.created_by == researcher
    assert (job.total, job.processed) == (3, 3)
    assert len(job.imported) == 3 and not job.failures and not job.duplicates
    assert Article.objects.filter(input_kind=Article.InputKind.FILE).count() == 3
    assert not ImportItem.objects.exists()  # the stored uploads are gone once read
    page = response.content.decode()
    for entry in job.imported:
        assert reverse("articles:article_detail", args=[entry["article_id"]]) in page
    assert 'hx-trigger="every 1s"' not in page  # done: no more polling


def test_a_zip_with_folders_junk_and_a_duplicate(
    researcher_client, immediate, django_capture_on_commit_callbacks
):
    data = make_zip(
        {
            "desk/": b"",
            "desk/one.txt": article(1),
            "desk/korea/two.html": f"<html><body><h1>Two</h1><p>{article(2)}</p></body></html>",
            "desk/korea/deep/er/three.md": article(3, "fr").encode("cp1252"),
            "desk/korea/copy-of-one.txt": article(1),
            "desk/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "__MACOSX/desk/._one.txt": b"\x00\x05\x16\x07",
            "desk/photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 50,
            "desk/fake.html": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            "desk/inner.zip": make_zip({"x.txt": article(9)}),
        }
    )
    response = post(researcher_client, [f("batch.zip", data)], django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE
    imported = {e["name"] for e in job.imported}
    assert imported == {
        "batch.zip/desk/one.txt",
        "batch.zip/desk/korea/two.html",
        "batch.zip/desk/korea/deep/er/three.md",
    }
    assert [d["name"] for d in job.duplicates] == ["batch.zip/desk/korea/copy-of-one.txt"]
    first = Article.objects.get(raw_filename="batch.zip/desk/one.txt")
    assert job.duplicates[0]["article_id"] == first.pk
    skipped = {s["name"]: s["reason"] for s in job.skipped}
    assert "system file" in skipped["batch.zip/desk/.DS_Store"]
    assert "__MACOSX" in skipped["batch.zip/__MACOSX/desk/._one.txt"]
    assert "image" in skipped["batch.zip/desk/photo.jpg"]
    assert "archive inside" in skipped["batch.zip/desk/inner.zip"]
    failures = {e["name"]: e["reason"] for e in job.failures}
    assert "not a text file" in failures["batch.zip/desk/fake.html"]
    assert job.processed == job.total == 9
    assert Article.objects.count() == 3
    assert "L’œuvre du régime" in Article.objects.get(raw_filename__endswith="three.md").text
    page = response.content.decode()
    assert "Already imported" in page and "not a text file" in page and ".DS_Store" in page


def test_a_file_already_on_the_desk_is_listed_with_a_link(
    researcher_client, immediate, django_capture_on_commit_callbacks
):
    researcher_client.post(reverse("articles:import"), {"text": article(5)})
    existing = Article.objects.get()
    files = [f("five.txt", article(5)), f("six.txt", article(6))]
    response = post(researcher_client, files, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.duplicates == [
        {"name": "five.txt", "article_id": existing.pk, "title": str(existing)}
    ]
    assert existing.get_absolute_url() in response.content.decode()


def test_zip_with_too_many_entries_is_refused_from_its_headers(
    researcher_client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSDESK_ZIP_MAX_ENTRIES = 5
    data = make_zip({f"a{n}.txt": article(n) for n in range(6)})
    response = post(researcher_client, [f("many.zip", data)], django_capture_on_commit_callbacks)
    assert "holds 6 entries; the limit is 5" in response.content.decode()
    assert not ImportJob.objects.exists() and not Article.objects.exists()


def test_zip_declaring_too_much_data_is_refused_from_its_headers(
    researcher_client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSDESK_ZIP_MAX_TOTAL_BYTES = 1024 * 1024
    data = make_zip({f"z{n}.txt": b"a" * 600_000 for n in range(3)})
    assert len(data) < 20_000  # a bomb: small outside, big inside
    response = post(researcher_client, [f("bomb.zip", data)], django_capture_on_commit_callbacks)
    assert "would unpack to 2 MB; the limit is 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def lie_about_sizes(data: bytes, size: int = 100) -> bytes:
    """Rewrite every header to claim `size` uncompressed bytes (a forged zip bomb)."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) != -1:
        struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) != -1:
        struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def test_entries_bigger_than_their_headers_say_are_not_read_past_them(
    researcher_client, immediate, django_capture_on_commit_callbacks
):
    """Forged headers claim 100 bytes: reading stops there and the entry is reported damaged."""
    data = lie_about_sizes(make_zip({"big.txt": b"a" * 3_000_000}))
    ok = make_zip({"ok.txt": article(1)})
    post(
        researcher_client,
        [f("liar.zip", data), f("ok.zip", ok)],
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get()
    failures = {e["name"]: e["reason"] for e in job.failures}
    assert "damaged in the archive" in failures["liar.zip/big.txt"]
    assert [e["name"] for e in job.imported] == ["ok.zip/ok.txt"]


def test_reading_stops_at_the_total_limit_whatever_the_headers_say(settings):
    """The total is counted while inflating too, not only from the headers."""
    from articles.services.imports import ImportRefused, ZipLimits, read_zip

    data = make_zip({f"p{n}.txt": b"b" * 900_000 for n in range(4)})
    limits = ZipLimits(max_entries=10, max_entry_bytes=1_000_000, max_total_bytes=10_000_000)
    assert len(list(read_zip(data, limits))) == 4
    # Headers that pass the check (patched after it) but data that does not.
    from articles.services import imports

    real_check = imports.check_zip
    small = ZipLimits(max_entries=10, max_entry_bytes=1_000_000, max_total_bytes=2_000_000)
    settings.NEWSDESK_MAX_INPUT_BYTES = 1_000_000

    def lenient(data, limits=None):
        return real_check(data, limits=ZipLimits(max_total_bytes=10**9))

    imports.check_zip = lenient
    try:
        with pytest.raises(ImportRefused, match="reading stopped there"):
            list(read_zip(data, small))
    finally:
        imports.check_zip = real_check


def test_a_damaged_zip_is_refused(researcher_client, django_capture_on_commit_callbacks):
    response = post(
        researcher_client,
        [f("broken.zip", b"PK\x03\x04 not really a zip"), f("a.txt", article(1))],
        django_capture_on_commit_callbacks,
    )
    assert "cannot be opened" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_one_failing_file_does_not_stop_the_others(
    researcher_client, immediate, django_capture_on_commit_callbacks, monkeypatch
):
    from articles.services import imports

    real = imports.import_article

    def flaky(raw, **kwargs):
        if kwargs.get("filename") == "bad.txt":
            raise RuntimeError("parser crashed")
        return real(raw, **kwargs)

    monkeypatch.setattr(imports, "import_article", flaky)
    files = [f("good.txt", article(1)), f("bad.txt", article(2)), f("also.txt", article(3))]
    post(researcher_client, files, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE
    assert len(job.imported) == 2
    assert job.failures == [{"name": "bad.txt", "reason": "unexpected error (RuntimeError)"}]


def test_progress_is_polled_until_the_job_is_done(
    researcher_client, django_capture_on_commit_callbacks
):
    """With the database queue, the job waits for a worker; the page polls its progress."""
    from django_tasks_db.models import DBTaskResult

    files = [f(f"n{n}.txt", article(n)) for n in range(2)]
    response = post(researcher_client, files, django_capture_on_commit_callbacks, follow=False)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED
    assert ImportItem.objects.filter(job=job).count() == 2  # kept in the database for the worker
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [str(job.pk)]
    url = response["Location"]
    page = researcher_client.get(url).content.decode()
    assert "waiting for a worker" in page
    partial = researcher_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="job-progress"')
    assert "<html" not in partial
    assert 'hx-trigger="every 1s"' in partial
    run_bulk_import(job.pk)  # what the worker does
    partial = researcher_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in partial
    assert 'Imported: <strong class="count-imported">2</strong>' in partial


def test_the_task_runs_the_job(researcher, django_capture_on_commit_callbacks, settings):
    from articles.services.imports import start_bulk_import
    from articles.tasks import run_import_job

    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        job = start_bulk_import([("a.txt", article(1).encode(), "text/plain")], user=researcher)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert run_import_job.name == "run_import_job"


def test_an_empty_zip_is_reported(researcher_client, immediate, django_capture_on_commit_callbacks):
    empty = make_zip({})
    other = make_zip({"a.txt": article(1)})
    post(
        researcher_client,
        [f("empty.zip", empty), f("other.zip", other)],
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get()
    assert job.failures == [{"name": "empty.zip", "reason": "the archive holds no files"}]
    assert job.processed == job.total == 2
