"""Computing and publishing the monthly scorecards (SPEC §4.1, §4.3)."""

from common.periods import Period


def scorecards_compute_drafts(*, month: Period) -> list:
    """Compute (or recompute) the draft scorecards of `month`; idempotent; refuses a closed month
    (409); never touches published scorecards."""
    raise NotImplementedError


def scorecards_publish(*, month: Period) -> int:
    """Publish the month's drafts (at month close); returns how many were published."""
    raise NotImplementedError
