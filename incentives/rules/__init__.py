"""The bonus rules of SPEC §5, each one pure function: plain values in, `(amount, explanation)`
out, no database. An explanation is a phrase (`common.phrases`: plain data, an id and its
parameters, ids in `incentives.phrases`), rendered in the reader's language when shown; numbers
become parameters already formatted (`fmt_money`), the same in every language. The sheet generator (`incentives.services.generation`) gathers the inputs in a
few set-based queries and calls these per person.

Decisions the spec leaves open:
* thresholds compare the *exact* attainment (`targets.rules.reached_target`, the one "reached"
  rule), never the 2-decimal display (`targets.rules.attainment_pct`): a rep at 99.995 % (shown
  as 100.00 %) is still under 100 %, so rounding never pays a bonus;
* the commission's rate (flat mode) and the top-3 order use the same exact ratio;
* "within 90 days of hire" counts calendar days after the hire date: signed on hire date + 90
  days is in, + 91 days is out; a referred hire "completes 90 days" on hire date + 90 days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.money import ZERO, to_money
from common.phrases import phrase
from performance.rules import competition_ranks
from targets.rules import attainment_pct, reached_target

HUNDRED = Decimal(100)


# --- formatting -------------------------------------------------------------------------------

def fmt_money(value) -> str:
    """130000 → "130,000.00"; negatives with a real minus sign."""
    amount = to_money(value)
    text = f"{abs(amount):,.2f}"
    return f"−{text}" if amount < 0 else text


def fmt_pct(value) -> str:
    """A rate or threshold without trailing zeros: 2.00 → "2", 0.50 → "0.5"."""
    normalized = Decimal(value).normalize()
    return format(normalized, "f") if normalized != 0 else "0"


def fmt_attainment(value) -> str:
    """An attainment percentage as shown: 2 decimals ("99.99"); "–" without a target."""
    return "–" if value is None else f"{Decimal(value):.2f}"


# --- 1. tiered commission ---------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    lower_pct: Decimal
    upper_pct: Decimal | None
    rate_pct: Decimal


def commission_bands_validate(bands: Iterable) -> list:
    """Bands (objects with lower_pct, upper_pct, rate_pct) must cover [0, ∞) with no gap and no
    overlap, rates not negative. Returns them sorted; raises ValidationError naming `bands`."""
    ordered = sorted(bands, key=lambda band: Decimal(band.lower_pct))
    problems = []
    if not ordered:
        problems.append(_("Add at least one commission band starting at 0 %."))
    for band in ordered:
        if Decimal(band.rate_pct) < 0:
            problems.append(_("The rate of the band from %(lower)s %% may not be negative.") % {"lower": fmt_pct(band.lower_pct)})
        if band.upper_pct is not None and Decimal(band.upper_pct) <= Decimal(band.lower_pct):
            problems.append(_("The band from %(lower)s %% must end above where it starts.") % {"lower": fmt_pct(band.lower_pct)})
    if ordered:
        if Decimal(ordered[0].lower_pct) != 0:
            problems.append(_("The first band must start at 0 %% (it starts at %(lower)s %%).") % {"lower": fmt_pct(ordered[0].lower_pct)})
        for band, following in zip(ordered, ordered[1:], strict=False):
            if band.upper_pct is None:
                problems.append(_("Only the last band may be open-ended (the band from %(lower)s %% is not last).") % {"lower": fmt_pct(band.lower_pct)})
            elif Decimal(band.upper_pct) < Decimal(following.lower_pct):
                problems.append(_("Gap between %(upper)s %% and %(lower)s %%: no band covers it.") % {
                    "upper": fmt_pct(band.upper_pct), "lower": fmt_pct(following.lower_pct)})
            elif Decimal(band.upper_pct) > Decimal(following.lower_pct):
                problems.append(_("The bands from %(a)s %% and from %(b)s %% overlap.") % {
                    "a": fmt_pct(band.lower_pct), "b": fmt_pct(following.lower_pct)})
        if ordered[-1].upper_pct is not None:
            problems.append(_("The last band must have no upper limit (bands must cover up to ∞)."))
    if problems:
        raise ValidationError({"bands": problems})
    return ordered


def commission(*, actual, target, bands: Sequence, mode: str) -> tuple[Decimal, dict]:
    """Tiered commission on the month's actual sales (SPEC §5.1). `marginal`: each slice of sales
    at its band's rate; `flat`: all sales at the rate of the band reached. No target → 0."""
    actual = Decimal(actual or 0)
    if target is None or Decimal(target) <= 0:
        return ZERO, phrase("incentives.commission.no_target")
    target = Decimal(target)
    ordered = sorted(bands, key=lambda band: Decimal(band.lower_pct))
    heading = phrase("incentives.commission.heading", actual=fmt_money(actual), target=fmt_money(target))
    if mode == "flat":
        rate = band_rate(actual=actual, target=target, bands=ordered)
        amount = to_money(actual * rate / HUNDRED)
        return amount, phrase("incentives.commission.flat", heading=heading,
                              pct=fmt_attainment(attainment_pct(actual, target)), actual=fmt_money(actual),
                              rate=fmt_pct(rate), amount=fmt_money(amount))
    raw = Decimal(0)
    parts = []
    for band in ordered:
        low = target * Decimal(band.lower_pct) / HUNDRED
        high = actual if band.upper_pct is None else min(actual, target * Decimal(band.upper_pct) / HUNDRED)
        slice_amount = high - low
        if slice_amount <= 0:
            continue
        raw += slice_amount * Decimal(band.rate_pct) / HUNDRED
        if Decimal(band.rate_pct) > 0:
            parts.append(f"{fmt_money(slice_amount)} × {fmt_pct(band.rate_pct)} %")
    amount = to_money(raw)
    if not parts:
        return amount, phrase("incentives.commission.no_paid_band", heading=heading,
                              pct=fmt_attainment(attainment_pct(actual, target)))
    # the arithmetic ("40,000.00 × 2 % + …") reads the same in every language
    return amount, phrase("incentives.commission.marginal", heading=heading, slices=" + ".join(parts),
                          amount=fmt_money(amount))


def band_rate(*, actual, target, bands: Sequence) -> Decimal:
    """The rate of the band the attainment actual ÷ target reached (compared exactly); 0 without
    a target."""
    rate = ZERO
    for band in sorted(bands, key=lambda band: Decimal(band.lower_pct)):
        below_upper = band.upper_pct is None or not reached_target(actual, target, threshold_pct=band.upper_pct)
        if reached_target(actual, target, threshold_pct=band.lower_pct) and below_upper:
            rate = Decimal(band.rate_pct)
    return rate


@dataclass(frozen=True)
class CollectedPayment:
    """A payment received in the month on one of the rep's contracts, with the rep's figures of
    the month the contract was signed in (whose band the payment is paid at)."""

    contract_number: str
    amount: Decimal
    contract_month: str  # "2026-09"
    month_actual: Decimal
    month_target: Decimal | None


def collected_commission(*, payments: Iterable[CollectedPayment], bands: Sequence) -> tuple[Decimal, dict]:
    """Commission on collected cash (SPEC §5.1, basis `collected`): each payment at the rate of
    the band its contract's month reached; rounded once over the month. No payment → 0."""
    payments = list(payments)
    if not payments:
        return ZERO, phrase("incentives.commission.collected_none")
    raw = Decimal(0)
    items = []
    for payment in payments:
        rate = band_rate(actual=payment.month_actual, target=payment.month_target, bands=bands)
        raw += Decimal(payment.amount) * rate / HUNDRED
        items.append(phrase("incentives.commission.collected_item", amount=fmt_money(payment.amount),
                            contract=payment.contract_number, month=payment.contract_month,
                            pct=fmt_attainment(attainment_pct(payment.month_actual, payment.month_target)),
                            rate=fmt_pct(rate)))
    amount = to_money(raw)
    return amount, phrase("incentives.commission.collected", listed=items, amount=fmt_money(amount))


def commission_reduced(*, amount, explanation: dict, reduction_pct) -> tuple[Decimal, dict]:
    """The penalty of SPEC §5.10: an escalated coaching plan's reduction % off the commission
    (0 % → unchanged), explained after the commission's own arithmetic."""
    reduction_pct = Decimal(reduction_pct or 0)
    if reduction_pct <= 0 or not amount:
        return amount, explanation
    reduced = to_money(Decimal(amount) * (HUNDRED - min(reduction_pct, HUNDRED)) / HUNDRED)
    return reduced, phrase("incentives.penalty.reduction", explanation=explanation, pct=fmt_pct(reduction_pct),
                           before=fmt_money(amount), amount=fmt_money(reduced))


# --- 2. monthly top-3 -------------------------------------------------------------------------

@dataclass(frozen=True)
class Top3Candidate:
    employee_id: int
    actual: Decimal
    target: Decimal | None
    active_whole_month: bool


@dataclass(frozen=True)
class Top3Result:
    rank: int | None  # competition rank among the eligible reps; None when not eligible
    amount: Decimal
    explanation: dict


def top3_bonuses(candidates: Iterable[Top3Candidate], *, amounts: Sequence[Decimal],
                 min_attainment_pct=Decimal(100)) -> dict[int, Top3Result]:
    """Rank the eligible reps company-wide by attainment (ties: higher actual first; still equal:
    same rank, competition ranking 1, 1, 3) and pay ranks 1/2/3 `amounts`. Eligible: attainment
    ≥ the minimum and active the whole month. Returns a result for every candidate."""
    results: dict[int, Top3Result] = {}
    eligible: dict[int, Top3Candidate] = {}
    for candidate in candidates:
        if not candidate.active_whole_month:
            results[candidate.employee_id] = Top3Result(None, ZERO, phrase("incentives.top3.inactive"))
        elif not reached_target(candidate.actual, candidate.target, threshold_pct=min_attainment_pct):
            shown = attainment_pct(candidate.actual, candidate.target)
            reason = (phrase("incentives.top3.no_target") if shown is None else
                      phrase("incentives.top3.under", pct=fmt_attainment(shown), min=fmt_pct(min_attainment_pct)))
            results[candidate.employee_id] = Top3Result(None, ZERO, reason)
        else:
            eligible[candidate.employee_id] = candidate
    # the one competition ranking (performance.rules): exact ratio first, then actual sales
    ranks = competition_ranks({
        employee_id: (Decimal(candidate.actual) / Decimal(candidate.target), Decimal(candidate.actual))
        for employee_id, candidate in eligible.items()
    })
    for employee_id, candidate in eligible.items():
        rank = ranks[employee_id]
        amount = to_money(amounts[rank - 1]) if rank <= len(amounts) else ZERO
        facts = {"rank": rank, "count": len(eligible), "pct": fmt_attainment(attainment_pct(candidate.actual, candidate.target)),
                 "actual": fmt_money(candidate.actual), "amount": fmt_money(amount)}
        text = phrase("incentives.top3.paid" if amount else "incentives.top3.outside", **facts)
        results[employee_id] = Top3Result(rank, amount, text)
    return results


# --- 3. first-order bonus ---------------------------------------------------------------------

def first_order_bonus(*, hire_date: date, first_contract_number: str | None, first_signed_on: date | None,
                      month_start: date, month_end: date, amount, days: int) -> tuple[Decimal, dict | None]:
    """`amount` for a rep's first ever signed contract when signed within `days` days of the hire
    date, paid in the month of signing. (0, None) when the first contract is not in this month."""
    if first_signed_on is None or not month_start <= first_signed_on <= month_end:
        return ZERO, None
    elapsed = (first_signed_on - hire_date).days
    facts = {"number": first_contract_number, "day": elapsed, "days": days, "amount": fmt_money(amount)}
    if 0 <= elapsed <= days:
        return to_money(amount), phrase("incentives.first_order.paid", **facts)
    return ZERO, phrase("incentives.first_order.late", **facts)


# --- 4. team achievement ----------------------------------------------------------------------

def team_achievement_bonus(*, unit_name: str, unit_actual, unit_target, amount,
                           min_attainment_pct=Decimal(100)) -> tuple[Decimal, dict]:
    """`amount` to the head of a team (supervisor) or region (manager) whose attainment reaches
    the minimum; no target → nothing."""
    if unit_target is None or Decimal(unit_target) <= 0:
        return ZERO, phrase("incentives.team.no_target", unit=unit_name)
    facts = {"unit": unit_name, "actual": fmt_money(unit_actual), "target": fmt_money(unit_target),
             "pct": fmt_attainment(attainment_pct(unit_actual, unit_target)), "min": fmt_pct(min_attainment_pct),
             "amount": fmt_money(amount)}
    if reached_target(unit_actual, unit_target, threshold_pct=min_attainment_pct):
        return to_money(amount), phrase("incentives.team.paid", **facts)
    return ZERO, phrase("incentives.team.under", **facts)


# --- 5. retention -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Renewal:
    number: str
    amount: Decimal
    renewed_customer_tier: str


def retention_bonus(*, renewals: Iterable[Renewal], rate_pct, is_core: bool) -> tuple[Decimal, dict | None]:
    """`rate_pct` % of each renewal contract signed in the month whose renewed customer is tier A,
    for core reps only; rounded once over the month's total."""
    renewals = list(renewals)
    if not renewals:
        return ZERO, None
    if not is_core:
        return ZERO, phrase("incentives.retention.new_hire")
    tier_a = [renewal for renewal in renewals if renewal.renewed_customer_tier == "A"]
    if not tier_a:
        return ZERO, phrase("incentives.retention.no_tier_a")
    base = sum((Decimal(renewal.amount) for renewal in tier_a), Decimal(0))
    amount = to_money(base * Decimal(rate_pct) / HUNDRED)
    listed = [f"{renewal.number} ({fmt_money(renewal.amount)})" for renewal in tier_a]
    return amount, phrase("incentives.retention.paid", rate=fmt_pct(rate_pct), listed=listed, amount=fmt_money(amount))


# --- 6. referral ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferredHire:
    name: str
    hire_date: date
    left_on: date | None = None


def referral_completion_day(hire_date: date, days: int) -> date:
    return hire_date + timedelta(days=days)


def referral_reward(*, referred_hires: Iterable[ReferredHire], month_start: date, month_end: date,
                    amount, days: int) -> tuple[Decimal, dict | None]:
    """`amount` per referred hire who completes `days` days in the month (and has not left by then)."""
    completed = []
    for hire in referred_hires:
        completes_on = referral_completion_day(hire.hire_date, days)
        if month_start <= completes_on <= month_end and (hire.left_on is None or hire.left_on >= completes_on):
            completed.append((hire, completes_on))
    if not completed:
        return ZERO, None
    total = to_money(Decimal(amount) * len(completed))
    listed = [f"{hire.name} ({completes_on:%Y-%m-%d})" for hire, completes_on in completed]
    return total, phrase("incentives.referral.paid", days=days, listed=listed, count=len(completed),
                         amount=fmt_money(amount), total=fmt_money(total))


# --- 7. manual adjustments --------------------------------------------------------------------

def adjustments_total(adjustments: Iterable[tuple[Decimal, str]]) -> tuple[Decimal, dict | None]:
    """Sum of HR's ± adjustments of the month, each listed with its reason (HR's own words)."""
    adjustments = list(adjustments)
    if not adjustments:
        return ZERO, None
    total = to_money(sum((Decimal(amount) for amount, _reason in adjustments), Decimal(0)))
    listed = "; ".join(f"{'+' if Decimal(amount) > 0 else ''}{fmt_money(amount)} ({reason})" for amount, reason in adjustments)
    return total, phrase("incentives.adjustments.listed", listed=listed, total=fmt_money(total))


def adjustment_validate(*, amount, reason: str) -> None:
    """An adjustment needs a non-zero amount and a reason (400 naming the field)."""
    errors = {}
    if amount is None or Decimal(amount) == 0:
        errors["amount"] = _("Enter a non-zero amount (negative to deduct).")
    elif Decimal(amount) != to_money(amount):
        errors["amount"] = _("Use at most 2 decimals.")
    if not (reason or "").strip():
        errors["reason"] = _("A reason is required for every adjustment.")
    if errors:
        raise ValidationError(errors)


# --- the plan ---------------------------------------------------------------------------------

def incentive_plan_validate(plan, *, bands: Iterable | None = None) -> None:
    """No amount, rate, threshold or day count of the plan may be negative (ValidationError naming
    each field); the bands, when given, must pass `commission_bands_validate`."""
    from incentives.models import PLAN_NUMBER_FIELDS

    errors = {}
    for name in PLAN_NUMBER_FIELDS:
        value = getattr(plan, name, None)
        if value is None:
            errors[name] = [_("This value is required.")]
        elif Decimal(value) < 0:
            errors[name] = [_("May not be negative.")]
    if bands is not None:
        try:
            commission_bands_validate(bands)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def row_total(amounts: dict[str, Decimal]) -> Decimal:
    return to_money(sum(amounts.values(), Decimal(0)))
