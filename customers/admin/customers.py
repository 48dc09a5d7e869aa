"""Admin of customers, follow-ups, surveys and the tiering policy. Owner, tier and status change
through their services (history kept), so they are read-only here; follow-ups are read-only and
only a superuser may delete one (SPEC §2.4)."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyInline, SingletonPolicyAdmin
from customers.models import (
    Customer,
    CustomerOwnerChange,
    CustomerTierChange,
    FollowUp,
    SatisfactionSurvey,
    TieringPolicy,
)
from customers.services.customers import PROFILE_FIELDS, customer_profile_errors
from customers.services.tiering import customers_recompute_tiers


class OwnerChangeInline(ReadOnlyInline):
    model = CustomerOwnerChange
    fields = ["changed_at", "old_owner", "new_owner", "changed_by", "reason"]
    verbose_name_plural = _("owner history")


class TierChangeInline(ReadOnlyInline):
    model = CustomerTierChange
    fields = ["changed_at", "field", "old_value", "new_value", "as_of", "changed_by", "reason"]
    verbose_name_plural = _("tier and status history")


class CustomerAdminForm(forms.ModelForm):
    """Profile edits in the admin obey the same rules as the pages and the API (business years,
    clean text, …): the service is asked, its messages go to their fields."""

    class Meta:
        model = Customer
        fields = list(PROFILE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        profile = {field: cleaned[field] for field in PROFILE_FIELDS if field in cleaned}
        for field, message in customer_profile_errors(**profile).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = CustomerAdminForm
    list_display = ["name", "owner", "tier", "tier_pinned", "status", "last_follow_up_at", "created_at"]
    list_filter = ["tier", "tier_pinned", "status", "source"]
    search_fields = ["name", "contact_name", "owner__name", "owner__number"]
    list_select_related = ["owner"]
    readonly_fields = ["owner", "tier", "tier_pinned", "pin_reason", "status", "status_pinned", "status_reason",
                       "last_follow_up_at", "created_by", "created_at", "updated_at"]
    inlines = [OwnerChangeInline, TierChangeInline]
    actions = ["recompute_tiers"]

    def has_add_permission(self, request):
        return False  # customers are created through the pages, the API or the import (owner rules)

    @admin.action(description=_("Recompute all tiers and statuses as of today"))
    def recompute_tiers(self, request, queryset):
        summary = customers_recompute_tiers(as_of=timezone.localdate(), actor=request.user)
        self.message_user(request, _("%(tiers)d tier and %(statuses)d status changes.") % {
            "tiers": summary["tier_changed"], "statuses": summary["status_changed"]}, messages.SUCCESS)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["customer", "author", "occurred_at", "logged_at", "channel", "late"]
    list_filter = ["channel", "late"]
    search_fields = ["customer__name", "author__name", "content"]
    list_select_related = ["customer", "author"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(admin.ModelAdmin):
    list_display = ["customer", "owner", "surveyed_on", "score"]
    list_filter = ["surveyed_on"]
    search_fields = ["customer__name", "owner__name"]
    list_select_related = ["customer", "owner"]
    # The date and the score feed the month's satisfaction KPI (closed months stay closed); only
    # the comment may be corrected here.
    readonly_fields = ["customer", "owner", "surveyed_on", "score", "created_at"]

    def has_add_permission(self, request):
        return False  # recorded through the API (owner on the survey date is derived)


@admin.register(TieringPolicy)
class TieringPolicyAdmin(SingletonPolicyAdmin):
    list_display = ["__str__", "a_min_revenue", "a_min_months", "b_min_revenue", "b_min_pipeline"]
