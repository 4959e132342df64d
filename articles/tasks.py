"""Background work on the database-backed queue (`python manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: str) -> dict:
    """Import the files of a bulk import job (many files or a zip uploaded on the import page)."""
    from django.utils import translation

    from articles.models import ImportJob
    from articles.services.imports import run_bulk_import
    from articles.services.preferences import language_for

    # The refusals it records are read on the job's page: in the language of who started it.
    started = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    with translation.override(language_for(started.created_by if started else None)):
        job = run_bulk_import(job_id)
    return {
        "imported": len(job.imported),
        "duplicates": len(job.duplicates),
        "failed": len(job.failures),
        "skipped": len(job.skipped),
    }


@task()
def reresolve_mentions_task() -> dict:
    """Re-resolve the corpus's unresolved mentions after a registry change."""
    from articles.services.registry import reresolve_mentions

    return {"resolved": reresolve_mentions()}


@task()
def deliver_webhook(delivery_id: int) -> dict:
    """One attempt at sending a webhook delivery (retries are enqueued with backoff)."""
    from articles.services.webhooks import deliver

    delivery = deliver(delivery_id)
    return {"state": delivery.state, "code": delivery.response_code}


@task()
def send_digests_task(mode: str, user_ids: list[int] | None = None) -> dict:
    """E-mail notifications: each one as it comes (`immediate`) or the daily digest."""
    from articles.services.notifications import send_digests

    return {"sent": send_digests(mode, user_ids)}


@task()
def match_saved_searches_task(claim_ids: list[int]) -> dict:
    """Alert the subscribers of the saved searches the new claims match."""
    from articles.services.saved_searches import match_new_claims

    return {"alerts": match_new_claims(claim_ids)}


@task()
def rebuild_stories_task(job_id: int) -> dict:
    """Re-index every claim, suggest matches, rebuild the stories (`manage.py stories rebuild`)."""
    from articles.models import StoryJob
    from articles.services.stories import run_rebuild

    job = run_rebuild(StoryJob.objects.get(pk=job_id))
    return {"claims": job.processed, "suggestions": job.suggestions, "stories": job.stories}


@task()
def run_export_job(job_id: str) -> dict:
    """Write an export asked for through the API (`POST /api/v1/exports`)."""
    from articles.services.export_jobs import run_export

    job = run_export(job_id)
    return {"state": job.state, "size": job.size}
