"""Background work on the database-backed queue (`python manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: str) -> dict:
    """Import the files of a bulk import job (many files or a zip uploaded on the import page)."""
    from articles.services.imports import run_bulk_import

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
def rebuild_stories_task(job_id: int) -> dict:
    """Re-index every claim, suggest matches, rebuild the stories (`manage.py stories rebuild`)."""
    from articles.models import StoryJob
    from articles.services.stories import run_rebuild

    job = run_rebuild(StoryJob.objects.get(pk=job_id))
    return {"claims": job.processed, "suggestions": job.suggestions, "stories": job.stories}
