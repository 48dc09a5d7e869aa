"""Exports of claims (django-import-export), formula-safe (`common.spreadsheets`)."""

from import_export import fields, resources

from common.spreadsheets import FormulaSafeResourceMixin
from expenses.models import ExpenseClaim


class ExpenseClaimResource(FormulaSafeResourceMixin, resources.ModelResource):
    claimant_number = fields.Field(attribute="claimant__number", column_name="claimant number")
    claimant_name = fields.Field(attribute="claimant__name", column_name="claimant")
    unit = fields.Field(attribute="claimant__org_unit__name", column_name="unit")

    class Meta:
        model = ExpenseClaim
        fields = ("id", "claimant_number", "claimant_name", "unit", "category", "amount", "incurred_on", "purpose",
                  "invoice_number", "status", "submitted_at", "customer", "event", "rejection_reason")
        export_order = fields
