"""Writes and business rules of targets (SPEC §3). Pages, the API, the admin and the demo call
these functions; nothing else writes a target."""

from targets.services.decomposition import (
    METHODS_FOR,
    DecompositionPlan,
    Into,
    Method,
    period_order,
    split_parts,
    target_decompose,
    target_decompose_plan,
    target_decompose_preview,
)
from targets.services.profiles import (
    distribution_profile_save,
    profile_clean_percentages,
    quarter_sums,
    split_by_profile,
)
from targets.services.published import published_actuals_record
from targets.services.rights import (
    ensure_may_set_target,
    ensure_may_set_targets_at_all,
    may_set_targets_at_all,
)
from targets.services.writes import (
    PlannedTarget,
    clean_amount,
    may_change_target,
    sales_target_change,
    sales_target_create,
    sales_target_set,
    target_is_locked,
    targets_write,
)

__all__ = [
    "METHODS_FOR", "DecompositionPlan", "Into", "Method", "PlannedTarget", "clean_amount",
    "distribution_profile_save", "ensure_may_set_target", "ensure_may_set_targets_at_all", "may_change_target", "may_set_targets_at_all",
    "period_order", "profile_clean_percentages", "published_actuals_record", "quarter_sums",
    "sales_target_change", "sales_target_create", "sales_target_set", "split_by_profile", "split_parts",
    "target_decompose", "target_decompose_plan", "target_decompose_preview", "target_is_locked", "targets_write",
]
