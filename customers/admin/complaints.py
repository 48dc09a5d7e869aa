"""Admin of complaints (read-only: they move through their services, every step recorded), the
SLA rows per severity and the customer health policy (weights must sum to 100)."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyInline, SingletonPolicyAdmin
from customers.models import Complaint, ComplaintSla, ComplaintTransition, CustomerHealth, HealthPolicy


class ComplaintTransitionInline(ReadOnlyInline):
    model = ComplaintTransition
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "customer", "severity", "status", "handler", "received_at", "resolution_due_at"]
    list_filter = ["status", "severity", "category"]
    search_fields = ["customer__name"]
    list_select_related = ["customer", "handler"]
    show_full_result_count = False
    inlines = [ComplaintTransitionInline]


@admin.register(ComplaintSla)
class ComplaintSlaAdmin(admin.ModelAdmin):
    list_display = ["severity", "response_working_days", "resolution_working_days"]
    list_editable = ["response_working_days", "resolution_working_days"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HealthPolicy)
class HealthPolicyAdmin(SingletonPolicyAdmin):
    pass


@admin.register(CustomerHealth)
class CustomerHealthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "month", "score", "band"]
    list_filter = ["band", "month"]
    search_fields = ["customer__name"]
    list_select_related = ["customer"]
    show_full_result_count = False
