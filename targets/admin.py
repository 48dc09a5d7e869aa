"""Admin: targets and their change history are read-only here (every change needs the rights,
the reason and the month lock of `targets.services`, which the pages and API apply); profiles
and the policy are edited here, profiles through the service's validation."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from common.admin import ReadOnlyAdmin, ReadOnlyInline, SingletonPolicyAdmin
from targets import services
from targets.models import MONTH_FIELDS, DistributionProfile, SalesTarget, TargetChange, TargetPolicy


class TargetChangeInline(ReadOnlyInline):
    model = TargetChange
    fields = ("changed_at", "changed_by", "old_amount", "new_amount", "reason")


@admin.register(SalesTarget)
class SalesTargetAdmin(ReadOnlyAdmin):
    list_display = ("period", "period_kind", "org_unit", "employee", "amount", "product_line", "method", "updated_at")
    list_filter = ("period_kind", "year", "method")
    search_fields = ("period", "org_unit__name", "employee__name", "employee__number", "product_line")
    list_select_related = ("org_unit", "employee")
    inlines = [TargetChangeInline]


@admin.register(TargetChange)
class TargetChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "target", "changed_by", "old_amount", "new_amount", "reason")
    list_select_related = ("target__org_unit", "target__employee", "changed_by")
    search_fields = ("reason", "target__period", "target__employee__name", "target__org_unit__name")


class DistributionProfileForm(forms.ModelForm):
    class Meta:
        model = DistributionProfile
        fields = ["name", "is_default", *MONTH_FIELDS]

    def clean(self):
        data = super().clean()
        try:
            services.profile_clean_percentages([data.get(name) for name in MONTH_FIELDS])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["percentages"])
        return data


@admin.register(DistributionProfile)
class DistributionProfileAdmin(admin.ModelAdmin):
    form = DistributionProfileForm
    list_display = ("name", "is_default", *MONTH_FIELDS)

    def save_model(self, request, obj, form, change):
        services.distribution_profile_save(
            actor=request.user, profile=obj, name=obj.name, is_default=obj.is_default,
            percentages=[getattr(obj, name) for name in MONTH_FIELDS],
        )


@admin.register(TargetPolicy)
class TargetPolicyAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "core_weight", "new_hire_weight", "difficulty_aim_pct")
