"""Export and import jobs: create (enqueued on commit), run (with progress), deliver (a notification
with the link), and clean up after `keep_days` days (the caller's retention, `KEEP_DAYS` by default: the
daily cleanup passes the alert policy's `file_retention_days`). Services take the acting user, never a request.

Small exports stay immediate (`immediate_rows`): the page fetches at most `IMMEDIATE_LIMIT + 1`
rows in the one query it needs anyway; only when there are more does it become a job."""

import logging
import os
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from common import phrases
from common.exceptions import Conflict, NotFound
from common.notifications import notify
from exports import registry, writers
from exports.models import KEEP_DAYS, ExportFormat, ExportJob, ImportJob, ImportPhase, JobStatus

logger = logging.getLogger(__name__)

#: Up to this many rows an export is written in the request; above it, it runs as a job.
IMMEDIATE_LIMIT = 5000
#: Up to this many data rows an import is checked in the request; above it, as a job.
IMPORT_IMMEDIATE_ROWS = 2000
#: Where an upload waits for its confirmation (the small path keeps it there too).
IMPORT_DIR = "imports"
PROGRESS_EVERY = 5000

NOTIFICATION_KIND_EXPORT = "export_ready"
NOTIFICATION_KIND_IMPORT = "import_done"


# --- exports ------------------------------------------------------------------------------------

def immediate_rows(*, user, kind: str, params: dict) -> list | None:
    """The rendered rows of a small export (at most `IMMEDIATE_LIMIT`, one query), or None when
    there are more: then the caller starts a job (`export_job_start`)."""
    exporter = registry.exporter(kind)
    rows = list(exporter.queryset(user, params)[:IMMEDIATE_LIMIT + 1])
    if len(rows) > IMMEDIATE_LIMIT:
        return None
    return [exporter.render(row) for row in rows] if exporter.render else rows


def export_job_start(*, requester, kind: str, params: dict, fmt: str) -> ExportJob:
    """Create the job (or return the same export still queued or running for this requester)
    and enqueue it once the transaction commits."""
    from exports.tasks import run_export

    registry.exporter(kind)  # an unknown kind is a programming error: fail here, not in the worker
    fmt = fmt if fmt in ExportFormat.values else ExportFormat.CSV
    # A job older than the longest a task may run is dead (its process was killed before it could
    # record failing): a new request starts afresh instead of waiting on it forever.
    alive_since = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    running = ExportJob.objects.filter(
        requester=requester, kind=kind, format=fmt, params=params, status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        created_at__gte=alive_since,
    ).first()
    if running is not None:
        return running
    job = ExportJob.objects.create(requester=requester, kind=kind, format=fmt, params=params)
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def _progress(model, pk: int):
    def report(done: int, total: int | None = None) -> None:
        changes = {"rows_done": done} if total is None else {"rows_done": done, "rows_total": total}
        model.objects.filter(pk=pk).update(**changes)
    return report


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the job's file (idempotent: a finished job is left as it is; one interrupted by a
    worker restart starts again from the first row). The rows are read as the requester."""
    job = ExportJob.objects.select_related("requester").filter(pk=job_id).first()
    if job is None or job.finished:
        return job
    exporter = registry.exporter(job.kind)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, rows_done=0, error="")
    report = _progress(ExportJob, job.pk)
    try:
        queryset = exporter.queryset(job.requester, job.params)
        total = queryset.count()
        report(0, total)
        rows = queryset.iterator(chunk_size=2000)
        if exporter.render:
            rows = map(exporter.render, rows)
        rows = writers.counted(rows, report, every=PROGRESS_EVERY)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        filename = f"{exporter.basename}-{stamp}.{job.format}"
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, filename)
            if job.format == ExportFormat.XLSX:
                writers.write_xlsx(path, exporter.headers, rows, sheet_title=exporter.basename)
            else:
                with open(path, "w", encoding="utf-8", newline="") as target:
                    writers.write_csv(target, exporter.headers, rows)
            with open(path, "rb") as written:
                job.file.save(f"{job.requester_id}-{job.pk}-{filename}", File(written), save=False)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        return _job_failed(job, exc, kind=NOTIFICATION_KIND_EXPORT, dedupe_key=f"exports:export:{job.pk}",
                           message=phrases.phrase("exports.export_failed", what=exporter.label_phrase))
    job.refresh_from_db(fields=["rows_done", "rows_total"])
    job.status, job.filename, job.finished_at = JobStatus.DONE, filename, timezone.now()
    job.save(update_fields=["status", "file", "filename", "finished_at"])
    notify(
        recipient=job.requester, kind=NOTIFICATION_KIND_EXPORT, dedupe_key=f"exports:export:{job.pk}",
        message=phrases.phrase("exports.export_ready_kept", what=exporter.label_phrase, rows=str(job.rows_done),
                               days=str(file_retention_days())),
        link=reverse("exports:export-download", args=[job.pk]),
    )
    return job


def _own_job(model, *, user, pk):
    """The user's own job; anyone else's (or none) is NotFound (→ 404), whoever asks."""
    job = model.objects.filter(pk=pk, requester=user).first() if user.is_authenticated else None
    if job is None:
        raise NotFound()
    return job


def export_job_for(*, user, pk) -> ExportJob:
    return _own_job(ExportJob, user=user, pk=pk)


def may_download(*, job: ExportJob) -> bool:
    return job.status == JobStatus.DONE and bool(job.file) and default_storage.exists(job.file.name)


def ensure_may_download(*, job: ExportJob) -> None:
    if not may_download(job=job):
        raise NotFound()


def _job_failed(job, exc: Exception, *, kind: str, dedupe_key: str, message):
    """A job whose work raised: marked failed with the error kept, the requester notified with a link
    to it. Returned re-read, not re-raised (in-process it would fail the page)."""
    type(job).objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=str(exc)[:2000],
                                               finished_at=timezone.now())
    notify(recipient=job.requester, kind=kind, dedupe_key=dedupe_key, message=message, link=job.get_absolute_url())
    job.refresh_from_db()
    return job


def file_retention_days() -> int:
    """How many days export and import files are kept: the alert policy's `file_retention_days`,
    which the daily cleanup applies (`alerts.services.cleanup_expired_files`); said on the job
    page and in the "export ready" notification."""
    from alerts.models import AlertPolicy  # alerts' cleanup calls into exports: imported when asked

    return AlertPolicy.current().file_retention_days


def delete_expired_exports(now, *, keep_days: int = KEEP_DAYS) -> int:
    """Export jobs (and their files) made more than `keep_days` days before `now`."""
    expired = list(ExportJob.objects.filter(created_at__lt=now - timedelta(days=keep_days)))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)


# --- imports ------------------------------------------------------------------------------------

def keep_upload(*, user, content: bytes, filename: str) -> str:
    """Store an upload until it is confirmed (the small path); returns its storage path. Left
    behind when never confirmed, it goes with `delete_expired_imports`."""
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    token = os.urandom(16).hex()
    return default_storage.save(f"{IMPORT_DIR}/{user.pk}-{token}{extension}", ContentFile(content))


def import_job_start(*, requester, kind: str, content: bytes, filename: str) -> ImportJob:
    """Keep the file and enqueue its check (on commit); nothing is imported before a confirm."""
    from exports.tasks import run_import

    registry.importer(kind)
    job = ImportJob(requester=requester, kind=kind, filename=get_valid_filename(filename)[:200] or "upload",
                    language=translation.get_language() or "en")
    job.file.save(f"{requester.pk}-{os.urandom(8).hex()}-{job.filename}", ContentFile(content), save=False)
    job.save()
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return job


def import_job_for(*, user, pk) -> ImportJob:
    return _own_job(ImportJob, user=user, pk=pk)


def may_confirm_import(*, job: ImportJob) -> bool:
    """Checked, with rows to import, not confirmed yet, and the file still there."""
    report = job.report or {}
    return (job.phase == ImportPhase.CHECK and job.status == JobStatus.DONE and bool(report.get("valid_rows"))
            and not report.get("fatal") and bool(job.file) and default_storage.exists(job.file.name))


def ensure_may_confirm_import(*, job: ImportJob) -> None:
    if not may_confirm_import(job=job):
        raise Conflict(_("This import is no longer waiting for a confirmation."))


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Apply the checked file (a job again). Confirming twice applies it once."""
    from exports.tasks import run_import

    job = ImportJob.objects.select_for_update().get(pk=job.pk, requester=actor)
    ensure_may_confirm_import(job=job)
    job.phase, job.status, job.confirmed_at, job.rows_done = ImportPhase.APPLY, JobStatus.QUEUED, timezone.now(), 0
    job.save(update_fields=["phase", "status", "confirmed_at", "rows_done"])
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return job


def import_job_cancel(*, actor, job: ImportJob) -> None:
    """Forget a checked, unconfirmed import and its file."""
    job = ImportJob.objects.filter(pk=job.pk, requester=actor, confirmed_at__isnull=True).first()
    if job is None:
        raise Conflict(_("This import is no longer waiting for a confirmation."))
    if job.file:
        job.file.delete(save=False)
    job.delete()


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run the job's current phase: the check (report, nothing saved) or the apply. Idempotent:
    a finished phase is not run again."""
    job = ImportJob.objects.select_related("requester").filter(pk=job_id).first()
    if job is None or job.finished:
        return job
    importer = registry.importer(job.kind)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, rows_done=0, error="")
    report = _progress(ImportJob, job.pk)
    step = importer.apply if job.phase == ImportPhase.APPLY else importer.check
    try:
        with job.file.open("rb") as stored:
            content = stored.read()
        with translation.override(job.language):
            result = step(actor=job.requester, content=content, filename=job.filename, progress=report)
    except Exception as exc:
        logger.exception("import job %s failed", job.pk)
        return _job_failed(job, exc, kind=NOTIFICATION_KIND_IMPORT,
                           dedupe_key=f"exports:import:{job.pk}:{job.phase}",
                           message=phrases.phrase("exports.import_failed", what=importer.label_phrase))
    job.refresh_from_db(fields=["rows_done", "rows_total"])
    job.status, job.report, job.finished_at = JobStatus.DONE, result, timezone.now()
    job.save(update_fields=["status", "report", "finished_at"])
    if job.phase == ImportPhase.APPLY:
        job.file.delete(save=True)  # applied: the upload is not kept
        message = phrases.phrase("exports.import_done", what=importer.label_phrase,
                                 imported=str(result.get("imported", 0)),
                                 skipped=str(result.get("total_rows", 0) - result.get("imported", 0)))
    else:
        message = phrases.phrase("exports.import_checked", what=importer.label_phrase,
                                 valid=str(result.get("valid_rows", 0)), problems=str(len(result.get("problems", []))))
    notify(recipient=job.requester, kind=NOTIFICATION_KIND_IMPORT, message=message,
           dedupe_key=f"exports:import:{job.pk}:{job.phase}", link=job.get_absolute_url())
    return job


def delete_expired_imports(now, *, keep_days: int = KEEP_DAYS) -> int:
    """Import files never confirmed (jobs and the small path's kept uploads) older than
    `keep_days` days before `now`, and finished import jobs of that age. Returns the files and
    jobs deleted."""
    cutoff = now - timedelta(days=keep_days)
    expired = list(ImportJob.objects.filter(created_at__lt=cutoff))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ImportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    deleted = len(expired)
    for path in _stale_kept_uploads(cutoff):
        default_storage.delete(path)
        deleted += 1
    return deleted


def _stale_kept_uploads(cutoff):
    try:
        _, files = default_storage.listdir(IMPORT_DIR)
    except FileNotFoundError:
        return []
    stale = []
    for name in files:
        path = f"{IMPORT_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            stale.append(path)
    return stale


def delete_expired(now, *, keep_days: int = KEEP_DAYS) -> dict:
    """The daily cleanup (SPEC §8): export files and jobs, and import files never confirmed,
    older than `keep_days` days (the alert policy's `file_retention_days`, 7 by default, passed by
    `alerts.services.cleanup_expired_files`). Returns {"exports": n, "imports": n}."""
    return {"exports": delete_expired_exports(now, keep_days=keep_days),
            "imports": delete_expired_imports(now, keep_days=keep_days)}

