from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyInline, SingletonPolicyAdmin
from training.models import Assessment, Attendance, Certification, TrainingPolicy, TrainingSession


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("employee", "status", "recorded_by", "recorded_at")


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = ("employee", "attempt", "score", "passed", "recorded_by", "recorded_at")


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sessions are scheduled on the training pages or the API (the services check who may cover
    which team); the admin shows them with their attendance and scores, read-only."""

    list_display = ("title", "starts_at", "category", "format", "trainer", "trainer_name", "cancelled_at")
    list_filter = ("category", "format")
    search_fields = ("title", "trainer_name")
    date_hierarchy = "starts_at"
    raw_id_fields = ("trainer", "created_by")
    filter_horizontal = ("teams",)
    readonly_fields = ("created_by", "created_at", "cancelled_at")
    inlines = [AttendanceInline, AssessmentInline]


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded on the training pages or the API (who may certify whom is the services' rule)."""

    list_display = ("name", "employee", "issued_on", "expires_on")
    search_fields = ("name", "employee__name", "employee__number")
    date_hierarchy = "expires_on"
    raw_id_fields = ("employee",)
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "pass_mark", "max_retakes", "expiry_notice_days", "reminder_day")
