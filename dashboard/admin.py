from django.contrib import admin

from common.admin import SingletonPolicyAdmin
from dashboard.models import ForecastSnapshot, StageProbability


@admin.register(StageProbability)
class StageProbabilityAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "lead_pct", "contacted_pct", "needs_analysis_pct", "proposal_pct", "negotiation_pct")


@admin.register(ForecastSnapshot)
class ForecastSnapshotAdmin(admin.ModelAdmin):
    list_display = ("org_unit", "month", "taken_on", "weighted", "actual", "target")
    list_filter = ("month",)
    readonly_fields = ("org_unit", "month", "taken_on", "actual", "weighted", "best_case", "commit", "target")
