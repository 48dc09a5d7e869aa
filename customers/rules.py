"""Pure rules of the customers app (issue 10: each rule in exactly one function). Plain values in,
a plain answer out, no database: services, selectors, serializers and views gather the facts (the
policy row, the clock) and ask here."""

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal


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


# --- complaints (SPEC §16.1) --------------------------------------------------------------------

_CENT = Decimal("0.01")


def _pct(value) -> Decimal:
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def complaint_rate(*, complaints: int, active_customers: int) -> Decimal | None:
    """Complaints per 100 active customers (2 decimals, half-up); no active customers → None (no
    data), whatever the number of complaints."""
    if not active_customers:
        return None
    return _pct(Decimal(complaints) * 100 / active_customers)


def sla_due_at(received_local: datetime, *, working_days: int, workdays_after: list) -> datetime:
    """An SLA of `working_days` from a receipt: the same local time of day, that many working days
    later. `workdays_after` lists the working days after the receipt's day, in order."""
    return datetime.combine(workdays_after[working_days - 1], received_local.timetz())


def sla_breached(*, due_at: datetime, done_at: datetime | None, now: datetime) -> bool:
    """An SLA is breached when the step was done after its due time, or is still not done and the
    clock has passed it. Exactly at the due time is on time."""
    return (done_at if done_at is not None else now) > due_at


# --- customer health (SPEC §16.2) ---------------------------------------------------------------

def contact_recency_score(*, days_since: int, cadence_days: int) -> Decimal:
    """100 while the last follow-up is within the cadence, falling linearly to 0 at three times
    the cadence (and 0 beyond)."""
    if days_since <= cadence_days:
        return Decimal(100).quantize(_CENT)
    limit = 3 * cadence_days
    if days_since >= limit:
        return Decimal(0).quantize(_CENT)
    return _pct(Decimal(limit - days_since) * 100 / (limit - cadence_days))


def revenue_trend_score(*, revenue_12m: Decimal, revenue_prev_12m: Decimal) -> Decimal:
    """Trailing-12-month revenue against the 12 months before: ≥ 100 % → 100, ≤ 50 % → 0, linear
    between; no prior revenue → 100."""
    if revenue_prev_12m <= 0:
        return Decimal(100).quantize(_CENT)
    ratio = Decimal(revenue_12m) / Decimal(revenue_prev_12m)
    if ratio >= 1:
        return Decimal(100).quantize(_CENT)
    if ratio <= Decimal("0.5"):
        return Decimal(0).quantize(_CENT)
    return _pct((ratio - Decimal("0.5")) * 200)


def revenue_trend_pct(*, revenue_12m: Decimal, revenue_prev_12m: Decimal) -> Decimal | None:
    """The trend as a percentage (None without prior revenue), for the explanation."""
    if revenue_prev_12m <= 0:
        return None
    return _pct(Decimal(revenue_12m) * 100 / Decimal(revenue_prev_12m))


def payment_score(*, max_overdue_days: int, grace_days: int = 30) -> Decimal:
    """100 with no overdue receivable; 50 while the oldest is overdue up to `grace_days` (30);
    0 beyond."""
    if max_overdue_days <= 0:
        return Decimal(100).quantize(_CENT)
    if max_overdue_days <= grace_days:
        return Decimal(50).quantize(_CENT)
    return Decimal(0).quantize(_CENT)


def complaints_score(*, recent: int, unresolved: int) -> Decimal:
    """100 with no complaint in the window; −25 per complaint received in it and a further −50 per
    complaint still unresolved, floored at 0."""
    return Decimal(max(0, 100 - 25 * recent - 50 * unresolved)).quantize(_CENT)


def health_score(*, scores: dict[str, Decimal], weights: dict[str, int]) -> Decimal:
    """The weighted mean of the components that have data (a component left out — no survey —
    has its weight re-normalised over the others), 2 decimals half-up."""
    total_weight = sum(weights[code] for code in scores)
    if not total_weight:
        return Decimal(0).quantize(_CENT)
    return _pct(sum(Decimal(score) * weights[code] for code, score in scores.items()) / total_weight)


def health_band(score: Decimal, *, healthy_from: Decimal, watch_from: Decimal) -> str:
    """`healthy` ≥ 70, `watch` 40–69.99, `at_risk` < 40 (the policy's lines)."""
    if score >= healthy_from:
        return "healthy"
    if score >= watch_from:
        return "watch"
    return "at_risk"
