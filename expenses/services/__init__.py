"""Writes and business rules of expenses: budgets, claims and their state machine, receipts."""

from expenses.services.budgets import (
    BUDGET_ROLES,
    ensure_may_manage_budgets,
    expense_budget_create,
    expense_budget_delete,
    expense_budget_update,
    may_manage_budgets,
)
from expenses.services.claims import (
    CLAIM_ACTIONS,
    EDITABLE_FIELDS,
    TRANSITIONS,
    claim_actions_allowed,
    ensure_may_claim,
    ensure_within_budget,
    expense_claim_act,
    expense_claim_approve,
    expense_claim_create,
    expense_claim_delete,
    expense_claim_file,
    expense_claim_pay,
    expense_claim_reject,
    expense_claim_submit,
    expense_claim_update,
    may_act,
    may_claim,
    may_delete_claim,
    may_edit_claim,
)
from expenses.services.receipts import CheckedReceipt, receipt_check

__all__ = [
    "BUDGET_ROLES", "CLAIM_ACTIONS", "EDITABLE_FIELDS", "TRANSITIONS", "CheckedReceipt", "claim_actions_allowed",
    "ensure_may_claim", "ensure_may_manage_budgets", "ensure_within_budget", "expense_budget_create",
    "expense_budget_delete", "expense_budget_update", "expense_claim_act", "expense_claim_approve",
    "expense_claim_create", "expense_claim_delete", "expense_claim_file", "expense_claim_pay", "expense_claim_reject",
    "expense_claim_submit", "expense_claim_update", "may_act", "may_claim", "may_delete_claim", "may_edit_claim",
    "may_manage_budgets", "receipt_check",
]
