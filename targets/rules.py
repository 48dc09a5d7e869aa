"""The attainment rules of SPEC §3.4, as pure functions of plain values (no database). Every app
that shows or pays on attainment asks these (performance scorecards, incentives, the targets tree):
one definition of "attainment %" and one of "reached the target".

Attainment is a percentage (0–100 scale, not a 0–1 share) with 2 decimals, rounded half-up once;
"reached" compares the exact figures, so 99.995 % shows as 100.00 but has not reached."""

from decimal import Decimal

from common.money import percent

HUNDRED = Decimal(100)


def _has_target(target) -> bool:
    return target is not None and Decimal(target) > 0


def attainment_pct(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """actual ÷ target × 100 with 2 decimals (half-up); None without a positive target. No actual
    counts as nothing sold (0.00 %); a negative actual (returns beyond sales) gives a negative %."""
    if not _has_target(target):
        return None
    return percent(actual if actual is not None else Decimal(0), target)


def reached_target(actual: Decimal | None, target: Decimal | None, *, threshold_pct: Decimal = HUNDRED) -> bool:
    """Whether actual ÷ target ≥ `threshold_pct` % (100 unless a plan sets another minimum),
    compared exactly, not on the rounded attainment. Never reached without a positive target."""
    if not _has_target(target):
        return False
    return Decimal(actual or 0) * HUNDRED >= Decimal(target) * Decimal(threshold_pct)


#: From this attainment (as shown, rounded) a row not yet at its target is "close" (amber, not red).
CLOSE_TO_TARGET_PCT = Decimal(80)


def attainment_standing(actual: Decimal | None, target: Decimal | None) -> str | None:
    """The badge of an attainment: "ok" when the target is reached, "warn" from 80 % (of the shown,
    rounded attainment), "bad" below, None without a positive target."""
    pct = attainment_pct(actual, target)
    if pct is None:
        return None
    if reached_target(actual, target):
        return "ok"
    return "warn" if pct >= CLOSE_TO_TARGET_PCT else "bad"
