"""Improvement and coaching plans (SPEC §4.2)."""

from common.periods import Period


def plans_open_for_month(*, month: Period) -> dict:
    """Open improvement plans (below 100 %), coaching plans (2 consecutive months) and escalations
    (3 consecutive months) for `month`; idempotent; notifies with dedupe keys."""
    raise NotImplementedError
