"""Admin: the policy row (edited, never deleted) and the budgets; claims and their transitions are
read-only records here — they move only through the services behind the pages and the API (the
budget check, the duplicates and the approvals must not be bypassed). Claims export to xlsx/csv
through `expenses.resources.ExpenseClaimResource` (formula-safe)."""

from django.contrib import admin
from import_export.admin import ExportMixin

from common.admin import ReadOnlyAdmin, ReadOnlyInline, SingletonPolicyAdmin
from expenses.models import (
    ExpenseBudget,
    ExpenseBudgetChange,
    ExpenseClaim,
    ExpenseClaimTransition,
    ExpensePolicy,
)
from expenses.resources import ExpenseClaimResource


@admin.register(ExpensePolicy)
class ExpensePolicyAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "max_claim_amount", "max_age_days", "max_receipt_mb", "require_budget")


class BudgetChangeInline(ReadOnlyInline):
    model = ExpenseBudgetChange
    fields = ("at", "old_amount", "new_amount", "actor")


@admin.register(ExpenseBudget)
class ExpenseBudgetAdmin(ReadOnlyAdmin):
    """Budgets are set on the budgets page (finance, the director), which checks the period and
    the uniqueness; here they are listed."""

    list_display = ("org_unit", "category", "period", "amount", "updated_at")
    list_filter = ("category", "period_kind")
    search_fields = ("org_unit__name", "period")
    list_select_related = ("org_unit",)
    inlines = [BudgetChangeInline]


class TransitionInline(ReadOnlyInline):
    model = ExpenseClaimTransition
    fields = ("at", "from_status", "to_status", "actor", "note")


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(ExportMixin, ReadOnlyAdmin):
    resource_classes = [ExpenseClaimResource]
    list_display = ("id", "claimant", "category", "amount", "incurred_on", "status", "submitted_at")
    list_filter = ("status", "category")
    search_fields = ("claimant__name", "invoice_number", "purpose")
    date_hierarchy = "incurred_on"
    list_select_related = ("claimant",)
    inlines = [TransitionInline]
    fields = ("claimant", "category", "amount", "incurred_on", "purpose", "invoice_number", "receipt_content_type",
              "receipt_size", "receipt_sha256", "customer", "follow_up", "event", "status", "submitted_at",
              "rejection_reason", "created_at", "updated_at")
    readonly_fields = fields
