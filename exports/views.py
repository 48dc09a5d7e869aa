"""Job pages: progress (a bar that a small script refreshes from the status JSON; without
JavaScript the page reloads itself), the private download, and the import report with its
confirm. Every job answers 404 to anyone but its requester."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.views import domain_errors
from exports import registry, services, writers
from exports.models import ImportPhase
from exports.writers import CONTENT_TYPES


def export_file_response(*, kind: str, rows, fmt: str):
    """A small export answered at once: csv streamed, xlsx built in memory (a few thousand rows
    at most: `services.IMMEDIATE_LIMIT`). The same writers and escaping as a job's file."""
    exporter = registry.exporter(kind)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        writers.write_xlsx(buffer, exporter.headers, rows, sheet_title=exporter.basename)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        fmt = "csv"
        response = StreamingHttpResponse(writers.csv_lines(exporter.headers, rows), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{exporter.basename}-{stamp}.{fmt}"'
    return response


def export(request, *, kind: str, params: dict):
    """The answer to an export link: the file itself when it is small, else a job (302 to its
    progress page). Call after the page's own permission check."""
    fmt = request.GET.get("format", "csv")
    rows = services.immediate_rows(user=request.user, kind=kind, params=params)
    if rows is None:
        job = services.export_job_start(requester=request.user, kind=kind, params=params, fmt=fmt)
        return redirect(job)
    return export_file_response(kind=kind, rows=rows, fmt=fmt)


def _status(job, **extra) -> dict:
    return {"status": job.status, "rows_done": job.rows_done, "rows_total": job.rows_total,
            "progress_pct": job.progress_pct, "finished": job.finished, **extra}


@login_required
@require_GET
@domain_errors
def export_job(request, pk):
    job = services.export_job_for(user=request.user, pk=pk)
    exporter = registry.exporter(job.kind)
    return render(request, "exports/export_job.html", {
        "job": job, "label": exporter.label, "may_download": services.may_download(job=job),
        "retention_days": services.file_retention_days(),
    })


@login_required
@require_GET
@domain_errors
def export_status(request, pk):
    job = services.export_job_for(user=request.user, pk=pk)
    download = reverse("exports:export-download", args=[job.pk]) if services.may_download(job=job) else None
    return JsonResponse(_status(job, download_url=download))


@login_required
@require_GET
@domain_errors
def export_download(request, pk):
    job = services.export_job_for(user=request.user, pk=pk)
    services.ensure_may_download(job=job)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=CONTENT_TYPES[job.format])


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def import_job(request, pk):
    """The check's progress, then its report with Confirm / Cancel; then the apply's progress."""
    job = services.import_job_for(user=request.user, pk=pk)
    importer = registry.importer(job.kind)
    step = request.POST.get("step")
    if step == "cancel":
        services.import_job_cancel(actor=request.user, job=job)
        messages.info(request, _("Import cancelled; nothing was imported."))
        return redirect(importer.done_url_name)
    if step == "confirm":
        job = services.import_job_confirm(actor=request.user, job=job)
        return redirect(job)
    if request.method == "POST":
        return redirect(job)
    return render(request, "exports/import_job.html", {
        "job": job, "label": importer.label, "report": job.report if job.finished else None,
        "applied": job.phase == ImportPhase.APPLY, "may_confirm": services.may_confirm_import(job=job),
        "done_url": reverse(importer.done_url_name),
    })


@login_required
@require_GET
@domain_errors
def import_status(request, pk):
    job = services.import_job_for(user=request.user, pk=pk)
    return JsonResponse(_status(job, phase=job.phase))


urlpatterns = [
    path("exports/<int:pk>/", export_job, name="export-job"),
    path("exports/<int:pk>/status/", export_status, name="export-status"),
    path("exports/<int:pk>/download/", export_download, name="export-download"),
    path("imports/<int:pk>/", import_job, name="import-job"),
    path("imports/<int:pk>/status/", import_status, name="import-status"),
]
