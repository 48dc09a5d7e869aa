"""Writes and business rules of the performance app. Re-exported here: callers import
`performance.services.<function>`."""

from performance.services.plans import (
    coaching_plan_update,
    improvement_plan_accept,
    improvement_plan_submit,
    may_accept_improvement_plan,
    may_submit_improvement_plan,
    may_update_coaching_plan,
    plans_open_for_month,
)
from performance.services.ratings import manager_rating_set, may_rate, ratings_locked
from performance.services.schemes import (
    ensure_may_edit_kpi_schemes,
    kpi_scheme_save,
    kpi_scheme_validate_weights,
    may_edit_kpi_schemes,
)
from performance.services.scorecards import (
    may_compute_scorecards,
    scorecards_compute_drafts,
    scorecards_publish,
)

__all__ = [
    "coaching_plan_update", "ensure_may_edit_kpi_schemes", "may_edit_kpi_schemes", "improvement_plan_accept", "improvement_plan_submit", "kpi_scheme_save",
    "kpi_scheme_validate_weights", "manager_rating_set", "may_accept_improvement_plan", "may_compute_scorecards", "may_rate",
    "may_submit_improvement_plan", "may_update_coaching_plan", "ratings_locked", "plans_open_for_month",
    "scorecards_compute_drafts", "scorecards_publish",
]
