"""Admin: the policy and the decline-reason list are configured here; events, quotas and
invitations are read-only records (they move only through the services behind the pages and API)."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline, SingletonPolicyAdmin
from events.models import (
    DeclineReason,
    EventsPolicy,
    EventTransition,
    Invitation,
    InvitationQuota,
    MarketingEvent,
)


@admin.register(EventsPolicy)
class EventsPolicyAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "check_in_margin_hours", "default_follow_up_window_days",
                    "default_conversion_window_days", "invite_per_guest", "confirm_days_before")


@admin.register(DeclineReason)
class DeclineReasonAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "position", "active")
    list_editable = ("position", "active")

    def has_delete_permission(self, request, obj=None):
        return False  # a reason in use stays; switch it off instead


class QuotaInline(ReadOnlyInline):
    model = InvitationQuota
    fields = readonly_fields = ("employee", "quota")


class TransitionInline(ReadOnlyInline):
    model = EventTransition
    fields = readonly_fields = ("at", "actor", "from_status", "to_status", "note")


@admin.register(MarketingEvent)
class MarketingEventAdmin(ReadOnlyAdmin):
    list_display = ("title", "org_unit", "starts_at", "status", "target_attendance")
    list_filter = ("status",)
    search_fields = ("title", "topic", "venue")
    date_hierarchy = "starts_at"
    inlines = [QuotaInline, TransitionInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("event", "customer", "inviter", "outcome", "confirmation", "checked_in_at", "walk_in")
    list_filter = ("outcome", "confirmation", "walk_in")
    search_fields = ("customer__name", "short_code", "event__title")
    list_select_related = ("event", "customer", "inviter")
    raw_id_fields = ("event", "customer", "inviter")
