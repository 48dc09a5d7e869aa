"""Writes and business rules of the incentives app. Callers import `incentives.services.<name>`."""

from incentives.services.adjustments import bonus_adjustment_create
from incentives.services.close import month_close
from incentives.services.generation import bonus_rows_compute, bonus_sheet_generate
from incentives.services.plans import incentive_plan_for_year, incentive_plan_save
from incentives.services.sheets import (
    TRANSITIONS,
    bonus_sheet_approve,
    bonus_sheet_mark_exported,
    bonus_sheet_reopen,
    bonus_sheet_submit,
)

__all__ = [
    "TRANSITIONS", "bonus_adjustment_create", "bonus_rows_compute", "bonus_sheet_approve", "bonus_sheet_generate",
    "bonus_sheet_mark_exported", "bonus_sheet_reopen", "bonus_sheet_submit", "incentive_plan_for_year",
    "incentive_plan_save", "month_close",
]
