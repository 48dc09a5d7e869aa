"""Pure rules of training (SPEC §6), tested without a database."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from common.money import CENT


def assessment_passed(score: Decimal, *, pass_mark: Decimal) -> bool:
    """A score passes at or above the pass mark (79.99 fails, 80.00 passes with the default 80)."""
    return Decimal(score) >= Decimal(pass_mark)


def next_attempt(*, attempts_so_far: int, max_attempts: int) -> int | None:
    """The number of the next attempt (1 = the first), or None when every attempt is used."""
    attempt = attempts_so_far + 1
    return attempt if attempt <= max_attempts else None


def mean_score(*, total: Decimal, count: int) -> Decimal | None:
    """The mean of `count` scores summing to `total`, half-up to 2 decimals; None for no scores."""
    if not count:
        return None
    return (Decimal(total) / count).quantize(CENT, rounding=ROUND_HALF_UP)


def certification_expired(expires_on: date | None, *, today: date) -> bool:
    """A certification has expired the day after its expiry date; one without a date never does."""
    return expires_on is not None and expires_on < today


def expiry_notice_day(expires_on: date, *, notice_days: int) -> date:
    """The day from which a certification's expiry is announced (30 days before by default)."""
    return expires_on - timedelta(days=notice_days)


def monthly_reminder_due(today: date, *, reminder_day: int) -> bool:
    """Whether the month's reminder is due: on the reminder day (the 20th) and every later day of the
    month, so a run after missed days still sends it (once: the alert's key is the team and month)."""
    return today.day >= reminder_day
