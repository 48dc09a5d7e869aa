"""Writes and business rules of the incentives app. Callers import `incentives.services.<name>`."""

from incentives.services.adjustments import (
    adjustable_employees,
    bonus_adjustment_create,
    ensure_may_adjust,
    may_adjust,
)
from incentives.services.close import ensure_may_generate, may_generate, month_close
from incentives.services.generation import bonus_row_changes, bonus_rows_compute, bonus_sheet_generate
from incentives.services.inquiries import (
    INQUIRY_ACTIONS,
    bonus_inquiry_accept,
    bonus_inquiry_answer,
    bonus_inquiry_raise,
    bonus_inquiry_reopen,
    ensure_may_raise_inquiry,
    may_answer_inquiry,
    may_raise_inquiry,
    may_respond_inquiry,
)
from incentives.services.plans import incentive_plan_for_year, incentive_plan_save
from incentives.services.sheets import (
    SHEET_ACTIONS,
    TRANSITIONS,
    bonus_sheet_act,
    bonus_sheet_approve,
    bonus_sheet_export_file,
    bonus_sheet_mark_exported,
    bonus_sheet_mark_paid,
    bonus_sheet_reopen,
    bonus_sheet_submit,
    ensure_sheet_action_role,
    may_have_sheet_action_role,
    may_mark_paid,
    may_move_sheet,
    may_take_sheet_action,
    sheet_actions_allowed,
)

__all__ = [
    "INQUIRY_ACTIONS", "bonus_inquiry_accept", "bonus_inquiry_answer", "bonus_inquiry_raise", "bonus_inquiry_reopen",
    "bonus_sheet_mark_paid", "ensure_may_raise_inquiry", "may_answer_inquiry", "may_mark_paid", "may_raise_inquiry",
    "may_respond_inquiry",
    "SHEET_ACTIONS", "TRANSITIONS", "adjustable_employees", "bonus_adjustment_create", "bonus_row_changes",
    "bonus_rows_compute", "bonus_sheet_act", "bonus_sheet_approve", "bonus_sheet_export_file", "bonus_sheet_generate",
    "bonus_sheet_mark_exported", "bonus_sheet_reopen", "bonus_sheet_submit", "ensure_may_adjust", "ensure_may_generate",
    "ensure_sheet_action_role", "incentive_plan_for_year", "incentive_plan_save", "may_adjust", "may_generate",
    "may_have_sheet_action_role", "may_move_sheet", "may_take_sheet_action", "month_close", "sheet_actions_allowed",
]
