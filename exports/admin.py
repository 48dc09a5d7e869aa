"""Jobs are visible to admins (who asked, what, how far, why it failed); every write goes through
the services, so the admin only reads. Deleting is the daily cleanup's job."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from exports.models import ExportJob, ImportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ("id", "requester", "kind", "format", "status", "rows_done", "rows_total", "created_at", "finished_at")
    list_filter = ("status", "kind", "format")
    search_fields = ("requester__username", "kind")
    date_hierarchy = "created_at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("id", "requester", "kind", "filename", "phase", "status", "rows_done", "rows_total", "created_at")
    list_filter = ("status", "phase", "kind")
    search_fields = ("requester__username", "filename")
    date_hierarchy = "created_at"
