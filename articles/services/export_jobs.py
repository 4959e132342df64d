"""Export jobs: an export of the filtered claims asked for through the API, written by the task
worker, kept in the database for its owner to download, deleted after some days.

An export is a read: any token of a desk member may start one (a read-only token too); the
file holds what that user may read anyway. Only the job's owner sees the job and its file.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.claim_filter import ClaimFilter, ClaimFilterError
from articles.exports import FORMATS, ExportContext, parse_include
from articles.models import ExportJob

logger = logging.getLogger(__name__)

# Progress is saved at most once per this many claims.
PROGRESS_EVERY = 500


class ExportRefused(ValueError):
    """An export job that cannot be started; the message says why."""


def start_export(
    user,
    *,
    fmt: str,
    params: dict | None = None,
    include=None,
    report_title: str = "",
    token_name: str = "",
) -> ExportJob:
    """Check the format and the claims filter, record the job, queue it once committed."""
    from articles.services.preferences import language_for

    if fmt not in FORMATS:
        raise ExportRefused(
            _("“%(format)s” is not an export format (%(formats)s).")
            % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    clean = {str(k): str(v) for k, v in (params or {}).items() if str(v).strip()}
    ClaimFilter.from_params(clean)  # a refused filter raises ClaimFilterError, with its reason
    job = ExportJob.objects.create(
        created_by=user,
        token_name=token_name[:100],
        format=fmt,
        params=clean,
        include=[str(part) for part in (include or [])],
        report_title=(report_title or "")[:200],
        language=language_for(user),
    )
    from articles.tasks import run_export_job

    transaction.on_commit(lambda: run_export_job.enqueue(str(job.pk)))
    return job


def run_export(job_id) -> ExportJob:
    """Write the job's export (in the worker); a failure is recorded on the job, not raised."""
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state in (ExportJob.State.DONE, ExportJob.State.FAILED):
        return job
    job.state = ExportJob.State.RUNNING
    job.processed = 0
    job.save(update_fields=["state", "processed"])
    try:
        claim_filter = ClaimFilter.from_params(job.params)
        job.total = claim_filter.filtered().count()
        job.save(update_fields=["total"])
        fmt = FORMATS[job.format]
        ctx = _ProgressContext(
            claim_filter,
            include=parse_include(job.include),
            exported_by=job.created_by.get_username(),
            report_title=job.report_title,
            language=job.language or settings.LANGUAGE_CODE,
        )
        ctx.job = job
        with translation.override(job.language or settings.LANGUAGE_CODE):
            data = b"".join(
                part if isinstance(part, bytes) else part.encode("utf-8")
                for part in fmt.render(ctx)
            )
            filename = fmt.filename(ctx)
    except (ClaimFilterError, ValueError) as refused:
        # A tag or source the filter names was deleted since, a PDF over its size limit...
        return _failed(job, str(refused))
    except Exception as error:  # the job must say it failed, not stay running
        logger.exception("export job %s failed", job.pk)
        return _failed(job, _("The export failed: %(error)s") % {"error": type(error).__name__})
    job.data = data
    job.size = len(data)
    job.filename = filename
    job.content_type = fmt.content_type
    job.processed = job.total
    job.state = ExportJob.State.DONE
    job.finished = timezone.now()
    job.save()
    return job


def _failed(job: ExportJob, message: str) -> ExportJob:
    job.state = ExportJob.State.FAILED
    job.error = message or _("The export failed.")
    job.finished = timezone.now()
    job.save(update_fields=["state", "error", "finished"])
    return job


def delete_old_exports(days: int | None = None) -> int:
    """Delete the export jobs (and their files) older than `days` (the setting by default)."""
    days = settings.NEWSDESK_EXPORT_JOB_DAYS if days is None else days
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _by_model = ExportJob.objects.filter(created__lt=cutoff).delete()
    return deleted


class _ProgressContext(ExportContext):
    """Counts the claims the format reads and saves the job's progress now and then."""

    job: ExportJob

    def claims(self, claims=None, *, timestamps: bool = True):
        job = self.job
        for number, record in enumerate(super().claims(claims, timestamps=timestamps), 1):
            if number % PROGRESS_EVERY == 0 and number <= job.total:
                job.processed = number
                ExportJob.objects.filter(pk=job.pk).update(processed=number)
            yield record
