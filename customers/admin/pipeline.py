"""Admin of the pipeline and contracts. Opportunities, contracts and receivables are written only
through their services (pages and API), so here they are read-only views for support staff; the
configurable pipeline numbers (`PipelinePolicy`) are edited here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdminMixin, ReadOnlyInline, SingletonPolicyAdmin
from customers.models import (
    Contract,
    EscalationReport,
    Opportunity,
    OpportunityStageChange,
    Payment,
    PipelinePolicy,
    Receivable,
)


class StageChangeInline(ReadOnlyInline):
    model = OpportunityStageChange
    fields = ["changed_at", "old_stage", "new_stage", "changed_by"]


class EscalationReportInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = EscalationReport
    fields = ["background", "needs_detail", "progress", "risks", "written_by", "written_at", "updated_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "customer", "owner", "amount", "stage", "quote_due_on", "quote_submitted_on", "closed_on"]
    list_filter = ["stage"]
    search_fields = ["name", "customer__name", "owner__name"]
    list_select_related = ["customer", "owner"]
    raw_id_fields = ["customer", "owner", "contract"]
    inlines = [EscalationReportInline, StageChangeInline]
    date_hierarchy = "created_at"


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["paid_on", "amount", "recorded_by", "created_at"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "customer", "owner", "amount", "signed_on", "end_on", "renews", "delivery_confirmed_on"]
    search_fields = ["number", "customer__name", "owner__name"]
    list_select_related = ["customer", "owner", "renews"]
    raw_id_fields = ["customer", "owner", "renews"]
    date_hierarchy = "signed_on"


@admin.register(Receivable)
class ReceivableAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["contract", "due_on", "amount", "paid_amount"]
    search_fields = ["contract__number", "contract__customer__name"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]
    inlines = [PaymentInline]
    date_hierarchy = "due_on"


class PipelinePolicyForm(forms.ModelForm):
    class Meta:
        model = PipelinePolicy
        fields = [
            "major_opportunity_amount", "quote_sla_days", "delivery_sla_days", "renewal_alert_days",
            "receivable_overdue_alert_days", "satisfaction_warning_below",
        ]

    def _clean_days(self, field):
        text = self.cleaned_data[field]
        parts = [part.strip() for part in str(text).split(",") if part.strip()]
        if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
            raise forms.ValidationError(_("Enter whole numbers of days separated by commas, e.g. 60,30,7."))
        return ",".join(parts)

    def clean_renewal_alert_days(self):
        return self._clean_days("renewal_alert_days")

    def clean_receivable_overdue_alert_days(self):
        return self._clean_days("receivable_overdue_alert_days")


@admin.register(PipelinePolicy)
class PipelinePolicyAdmin(SingletonPolicyAdmin):
    form = PipelinePolicyForm
    list_display = ["__str__", "major_opportunity_amount", "quote_sla_days", "delivery_sla_days", "renewal_alert_days"]
