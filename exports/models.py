"""Jobs: an export (rows → a file) and an import (a file → a checked report → applied rows)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Files and jobs are deleted this long after they were made unless the caller says otherwise (SPEC §8
#: cleanup: the daily job passes the alert policy's `file_retention_days`, whose default is this).
KEEP_DAYS = 7


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (xlsx)"


class Job(models.Model):
    """What every job has: who asked, its status and progress, and when it finished."""

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def progress_pct(self) -> int:
        """Whole percent done (0–100), for the progress bar."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


class ExportJob(Job):
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                                  verbose_name=_("requested by"))
    kind = models.CharField(_("kind"), max_length=50)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices, default=ExportFormat.CSV)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [models.Index(fields=["requester", "kind", "status"], name="exportjob_requester_kind")]
        constraints = [
            models.CheckConstraint(condition=models.Q(rows_total__isnull=True) | models.Q(rows_done__lte=models.F("rows_total")),
                                   name="exportjob_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("exports:export-job", args=[self.pk])


class ImportPhase(models.TextChoices):
    CHECK = "check", _("Checking")
    APPLY = "apply", _("Importing")


class ImportJob(Job):
    """An uploaded file checked (phase check) and, once the requester confirms, applied (phase
    apply). The report (rows, problems by row, preview) is JSON written by the importer."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs",
                                  verbose_name=_("requested by"))
    kind = models.CharField(_("kind"), max_length=50)
    language = models.CharField(_("language"), max_length=10, default="en",
                                help_text=_("The requester's language: the report's messages are written in it."))
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=5, choices=ImportPhase.choices, default=ImportPhase.CHECK)
    report = models.JSONField(_("report"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(phase="check") | models.Q(confirmed_at__isnull=False),
                                   name="importjob_applied_only_when_confirmed"),
        ]

    def __str__(self) -> str:
        return f"import {self.kind} #{self.pk} ({self.phase}, {self.status})"

    def get_absolute_url(self) -> str:
        return reverse("exports:import-job", args=[self.pk])
