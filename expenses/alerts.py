"""The notifications the claim services send (no daily collection): their labels for the inbox and
the per-kind email switches."""

from django.utils.translation import gettext_lazy as _

from alerts.registry import register_kind

register_kind("expense_claim_submitted", _("Expense claim to approve"))
register_kind("expense_claim_approved", _("Expense claim approved"))
register_kind("expense_claim_rejected", _("Expense claim rejected"))
register_kind("expense_claim_paid", _("Expense claim paid"))
