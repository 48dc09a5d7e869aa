"""Admin: KPI schemes (weights validated; a change makes a new version), scorecards (read-only),
ratings and plans (read-only here: they change through their services and pages)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from common.admin import ReadOnlyAdmin, SingletonPolicyAdmin
from performance import services
from performance.models import (
    KPI_ORDER,
    CoachingPlan,
    ImprovementPlan,
    KPIScheme,
    ManagerRating,
    PerformancePolicy,
    Scorecard,
)
from performance.services.schemes import PARAMETERS


class KPISchemeForm(forms.ModelForm):
    """Every catalogue KPI's weight (blank = 0, not in the scheme) and the scoring parameters
    (blank = the role's current value)."""

    class Meta:
        model = KPIScheme
        fields = ["role", *[f"w_{code}" for code in KPI_ORDER], *PARAMETERS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [*(f"w_{code}" for code in KPI_ORDER), *PARAMETERS]:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        weights = {code: cleaned.get(f"w_{code}") or 0 for code in KPI_ORDER}
        try:
            services.kpi_scheme_validate_weights(weights=weights)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["weights"]) from None
        return cleaned


@admin.register(KPIScheme)
class KPISchemeAdmin(admin.ModelAdmin):
    """Saving always creates the role's next version through `kpi_scheme_save`, so a scorecard
    keeps pointing at the weights it was computed with."""

    form = KPISchemeForm
    list_display = ["role", "version", "active", *[f"w_{code}" for code in KPI_ORDER], "created_at"]
    list_filter = ["role", "active"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.kpi_scheme_save(
            role=data["role"], weights={code: data.get(f"w_{code}") or 0 for code in KPI_ORDER},
            **{name: data[name] for name in PARAMETERS if data.get(name) is not None},
        )
        obj.pk, obj.version, obj.active = saved.pk, saved.version, saved.active
        if change:
            obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.scorecards.exists()


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "role", "status", "composite", "attainment_pct", "team_rank", "company_rank"]
    list_filter = ["status", "role", "month"]
    search_fields = ["employee__name", "employee__number"]
    list_select_related = ["employee"]
    date_hierarchy = "month"


@admin.register(ManagerRating)
class ManagerRatingAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "rating", "rated_by", "rated_at"]
    list_filter = ["month"]
    list_select_related = ["employee", "rated_by"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "due_on", "status", "accepted_by"]
    list_filter = ["status", "month"]
    list_select_related = ["employee", "accepted_by"]


@admin.register(CoachingPlan)
class CoachingPlanAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "mentor", "status", "consecutive_months", "escalated_to_manager"]
    list_filter = ["status", "escalated_to_manager"]
    list_select_related = ["employee", "mentor"]


@admin.register(PerformancePolicy)
class PerformancePolicyAdmin(SingletonPolicyAdmin):
    list_display = ["__str__", "improvement_plan_due_working_days", "coaching_after_months", "escalate_after_months"]
