"""Pure rules of the customers app (issue 10: each rule in exactly one function). Plain values in,
a plain answer out, no database: services, selectors, serializers and views gather the facts (the
policy row, the clock) and ask here."""

from datetime import datetime, timedelta
from decimal import Decimal


def opportunity_is_major(opportunity, *, policy) -> bool:
    """A major opportunity (SPEC §2.5): amount ≥ the policy's `major_opportunity_amount`
    (100,000.00 by default). It needs an escalation report before it passes needs analysis."""
    return amount_is_major(opportunity.amount, policy=policy)


def amount_is_major(amount: Decimal, *, policy) -> bool:
    """Whether an opportunity of `amount` is major (see `opportunity_is_major`)."""
    return amount >= policy.major_opportunity_amount


def followup_within_edit_window(*, logged_at: datetime, now: datetime, policy) -> bool:
    """A follow-up may be edited by its author for `edit_window_hours` (24) after it was logged,
    the last instant included; afterwards a correction is a new entry."""
    return now - logged_at <= timedelta(hours=policy.edit_window_hours)


def satisfaction_is_warning(score, *, warning_below: int) -> bool:
    """A satisfaction score below the warning line (the pipeline policy's
    `satisfaction_warning_below`, 80 by default) is a warning; no score is none."""
    return score is not None and score < warning_below
