from django.contrib import admin

from alerts.models import AlertItem, AlertPolicy, AlertRun, EmailDelivery, NotificationPreferences
from common.admin import ReadOnlyAdmin, SingletonPolicyAdmin


@admin.register(AlertPolicy)
class AlertPolicyAdmin(SingletonPolicyAdmin):
    list_display = ["__str__", "catch_up_days", "file_retention_days", "digest_max_lines"]


@admin.register(AlertItem)
class AlertItemAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "recipient", "raised_on"]
    list_filter = ["kind", "raised_on"]
    search_fields = ["key"]
    list_select_related = ["recipient"]


@admin.register(AlertRun)
class AlertRunAdmin(ReadOnlyAdmin):
    list_display = ["day", "started_at", "finished_at"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "status", "language", "attempts", "sent_at"]
    list_filter = ["status"]


@admin.register(NotificationPreferences)
class NotificationPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    raw_id_fields = ["user"]
