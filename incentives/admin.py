"""Admin: the yearly plan with its commission bands (validated as a whole on save, version bumped
through the service); sheets, rows and adjustments are read-only records here — they change only
through the services behind the bonus pages and API (approval makes them immutable for good)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import phrases
from common.admin import ReadOnlyAdmin
from incentives.models import (
    AWARD_SWITCHES,
    PLAN_NUMBER_FIELDS,
    BonusAdjustment,
    BonusAward,
    BonusInquiry,
    BonusInquiryStep,
    BonusRow,
    BonusSheet,
    BonusSheetTransition,
    CommissionBand,
    IncentivePlan,
)
from incentives.phrases import COLUMN_LABELS
from incentives.rules import Band, commission_bands_validate, incentive_plan_validate
from incentives.services import incentive_plan_save


class CommissionBandFormSet(forms.BaseInlineFormSet):
    def bands(self) -> list[Band]:
        return [
            Band(form.cleaned_data["lower_pct"], form.cleaned_data.get("upper_pct"), form.cleaned_data["rate_pct"])
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("lower_pct") is not None and form.cleaned_data.get("rate_pct") is not None
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            commission_bands_validate(self.bands())
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["bands"])


class CommissionBandInline(admin.TabularInline):
    model = CommissionBand
    formset = CommissionBandFormSet
    extra = 0
    min_num = 1


class IncentivePlanForm(forms.ModelForm):
    class Meta:
        model = IncentivePlan
        fields = ["year", "commission_mode", "commission_basis", *PLAN_NUMBER_FIELDS, *AWARD_SWITCHES.values()]

    def clean(self):
        cleaned = super().clean()
        candidate = IncentivePlan(**{k: v for k, v in cleaned.items() if k in {f.name for f in IncentivePlan._meta.fields}})
        try:
            incentive_plan_validate(candidate)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields:
                    self.add_error(field, messages)
        return cleaned


@admin.register(IncentivePlan)
class IncentivePlanAdmin(admin.ModelAdmin):
    form = IncentivePlanForm
    inlines = [CommissionBandInline]
    list_display = ["year", "version", "commission_mode", "top1_amount", "first_order_amount", "retention_rate_pct",
                    "updated_at"]
    readonly_fields = ["version", "updated_at"]

    def save_related(self, request, form, formsets, change):
        """After the (already validated) bands are saved, the service re-checks the whole plan
        and, for a changed plan, bumps its version."""
        super().save_related(request, form, formsets, change)
        if change:
            incentive_plan_save(plan=form.instance)


class TransitionInline(admin.TabularInline):
    model = BonusSheetTransition
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_status", "to_status", "note", "recorded"]
    readonly_fields = fields

    @admin.display(description=_("recorded by the system"))
    def recorded(self, transition) -> str:
        return phrases.render(transition.system_note)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BonusSheet)
class BonusSheetAdmin(ReadOnlyAdmin):
    list_display = ["month", "status", "plan", "plan_version", "generated_at"]
    list_filter = ["status"]
    inlines = [TransitionInline]

    def has_delete_permission(self, request, obj=None):
        """Only a draft may be deleted (it is regenerated at will); never an approved sheet."""
        return obj is not None and obj.status == "draft" and request.user.is_superuser


@admin.register(BonusRow)
class BonusRowAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "number", "name", "team", "role", "commission", "top3", "first_order", "team_bonus",
                    "retention", "referral", "awards", "adjustments", "total"]
    list_filter = ["sheet__month", "role"]
    search_fields = ["number", "name"]
    list_select_related = ["sheet"]
    exclude = ["explanation", "changes"]
    readonly_fields = ["explained", "changed"]

    @admin.display(description=_("explanation"))
    def explained(self, row) -> str:
        """Each component's explanation in the admin's language (stored as phrases)."""
        return format_html_join(mark_safe("<br>"), "{}: {}", (
            (COLUMN_LABELS.get(code, code), phrases.render(text)) for code, text in (row.explanation or {}).items()))

    @admin.display(description=pgettext_lazy("bonus row", "changes since the last draft"))
    def changed(self, row) -> str:
        changes = row.changes or {}
        if changes.get("added"):
            return _("New since the last draft")
        return "; ".join(phrases.render(change) for change in changes.get("changed", []))


@admin.register(BonusAdjustment)
class BonusAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["month", "employee", "amount", "reason", "entered_by", "recorded_at"]
    list_filter = ["month"]
    search_fields = ["employee__name", "employee__number", "reason"]
    list_select_related = ["employee", "entered_by"]


@admin.register(BonusAward)
class BonusAwardAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "code", "employee", "period_label", "amount"]
    list_filter = ["code", "sheet__month"]
    list_select_related = ["sheet", "employee"]


class InquiryStepInline(admin.TabularInline):
    model = BonusInquiryStep
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BonusInquiry)
class BonusInquiryAdmin(ReadOnlyAdmin):
    list_display = ["id", "sheet", "employee", "category", "status", "raised_at"]
    list_filter = ["status", "category", "sheet__month"]
    list_select_related = ["sheet", "employee"]
    inlines = [InquiryStepInline]
