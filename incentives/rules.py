"""The bonus rules of SPEC §5, each one pure function: plain values in, `(amount, explanation)`
out, no database. The sheet generator (`incentives.services.generation`) gathers the inputs in a
few set-based queries and calls these per person.

Decisions the spec leaves open:
* thresholds compare the *exact* attainment (actual × 100 ≥ target × threshold), never the
  2-decimal display: a rep at 99.995 % (shown as 100.00 %) is still under 100 %, so rounding
  never pays a bonus;
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

from common.money import ZERO, percent, to_money

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


def attainment_pct(actual, target) -> Decimal | None:
    """Attainment as shown (2 decimals); None without a target."""
    if target is None or Decimal(target) <= 0:
        return None
    return percent(actual, target)


def reaches(actual, target, threshold_pct) -> bool:
    """Whether actual ÷ target ≥ threshold %, compared exactly (no rounding)."""
    if target is None or Decimal(target) <= 0:
        return False
    return Decimal(actual) * HUNDRED >= Decimal(target) * Decimal(threshold_pct)


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


def commission(*, actual, target, bands: Sequence, mode: str) -> tuple[Decimal, str]:
    """Tiered commission on the month's actual sales (SPEC §5.1). `marginal`: each slice of sales
    at its band's rate; `flat`: all sales at the rate of the band reached. No target → 0."""
    actual = Decimal(actual or 0)
    if target is None or Decimal(target) <= 0:
        return ZERO, _("No target for the month: no commission.")
    target = Decimal(target)
    ordered = sorted(bands, key=lambda band: Decimal(band.lower_pct))
    heading = _("%(actual)s sales on a %(target)s target") % {"actual": fmt_money(actual), "target": fmt_money(target)}
    if mode == "flat":
        reached = None
        for band in ordered:
            if reaches(actual, target, band.lower_pct) and (band.upper_pct is None or not reaches(actual, target, band.upper_pct)):
                reached = band
        rate = Decimal(reached.rate_pct) if reached is not None else ZERO
        amount = to_money(actual * rate / HUNDRED)
        return amount, f"{heading} ({fmt_attainment(attainment_pct(actual, target))} %): {fmt_money(actual)} × {fmt_pct(rate)} % = {fmt_money(amount)}"
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
        return amount, _("%(heading)s (%(pct)s %%): no sales in a paid band = 0.00") % {
            "heading": heading, "pct": fmt_attainment(attainment_pct(actual, target))}
    return amount, f"{heading}: {' + '.join(parts)} = {fmt_money(amount)}"


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
    explanation: str


def top3_bonuses(candidates: Iterable[Top3Candidate], *, amounts: Sequence[Decimal],
                 min_attainment_pct=Decimal(100)) -> dict[int, Top3Result]:
    """Rank the eligible reps company-wide by attainment (ties: higher actual first; still equal:
    same rank, competition ranking 1, 1, 3) and pay ranks 1/2/3 `amounts`. Eligible: attainment
    ≥ the minimum and active the whole month. Returns a result for every candidate."""
    results: dict[int, Top3Result] = {}
    eligible = []
    for candidate in candidates:
        if not candidate.active_whole_month:
            results[candidate.employee_id] = Top3Result(None, ZERO, _("Not active the whole month: not eligible for the top-3 bonus."))
        elif not reaches(candidate.actual, candidate.target, min_attainment_pct):
            shown = attainment_pct(candidate.actual, candidate.target)
            reason = (_("No target: not eligible for the top-3 bonus.") if shown is None else
                      _("Attainment %(pct)s %% is under %(min)s %%: not eligible for the top-3 bonus.") % {
                          "pct": fmt_attainment(shown), "min": fmt_pct(min_attainment_pct)})
            results[candidate.employee_id] = Top3Result(None, ZERO, reason)
        else:
            ratio = Decimal(candidate.actual) / Decimal(candidate.target)
            eligible.append(((ratio, Decimal(candidate.actual)), candidate))
    eligible.sort(key=lambda item: item[0], reverse=True)
    previous_key, rank = None, 0
    for position, (key, candidate) in enumerate(eligible, start=1):
        if key != previous_key:
            rank, previous_key = position, key
        amount = to_money(amounts[rank - 1]) if rank <= len(amounts) else ZERO
        facts = {"rank": rank, "count": len(eligible), "pct": fmt_attainment(attainment_pct(candidate.actual, candidate.target)),
                 "actual": fmt_money(candidate.actual), "amount": fmt_money(amount)}
        text = (_("Rank %(rank)s of %(count)s eligible reps (attainment %(pct)s %%, %(actual)s sales) → %(amount)s")
                if amount else
                _("Rank %(rank)s of %(count)s eligible reps (attainment %(pct)s %%, %(actual)s sales): outside the top 3"))
        results[candidate.employee_id] = Top3Result(rank, amount, text % facts)
    return results


# --- 3. first-order bonus ---------------------------------------------------------------------

def first_order_bonus(*, hire_date: date, first_contract_number: str | None, first_signed_on: date | None,
                      month_start: date, month_end: date, amount, days: int) -> tuple[Decimal, str]:
    """`amount` for a rep's first ever signed contract when signed within `days` days of the hire
    date, paid in the month of signing. ("", 0) when the first contract is not in this month."""
    if first_signed_on is None or not month_start <= first_signed_on <= month_end:
        return ZERO, ""
    elapsed = (first_signed_on - hire_date).days
    facts = {"number": first_contract_number, "day": elapsed, "days": days, "amount": fmt_money(amount)}
    if 0 <= elapsed <= days:
        return to_money(amount), _("First contract %(number)s signed %(day)s days after hire (within %(days)s) → %(amount)s") % facts
    return ZERO, _("First contract %(number)s signed %(day)s days after hire (more than %(days)s): no first-order bonus.") % facts


# --- 4. team achievement ----------------------------------------------------------------------

def team_achievement_bonus(*, unit_name: str, unit_actual, unit_target, amount,
                           min_attainment_pct=Decimal(100)) -> tuple[Decimal, str]:
    """`amount` to the head of a team (supervisor) or region (manager) whose attainment reaches
    the minimum; no target → nothing."""
    if unit_target is None or Decimal(unit_target) <= 0:
        return ZERO, _("%(unit)s has no target for the month: no team achievement bonus.") % {"unit": unit_name}
    facts = {"unit": unit_name, "actual": fmt_money(unit_actual), "target": fmt_money(unit_target),
             "pct": fmt_attainment(attainment_pct(unit_actual, unit_target)), "min": fmt_pct(min_attainment_pct),
             "amount": fmt_money(amount)}
    if reaches(unit_actual, unit_target, min_attainment_pct):
        return to_money(amount), _("%(unit)s: %(actual)s sales on a %(target)s target (%(pct)s %%) ≥ %(min)s %% → %(amount)s") % facts
    return ZERO, _("%(unit)s: %(actual)s sales on a %(target)s target (%(pct)s %%) is under %(min)s %%: no team bonus.") % facts


# --- 5. retention -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Renewal:
    number: str
    amount: Decimal
    renewed_customer_tier: str


def retention_bonus(*, renewals: Iterable[Renewal], rate_pct, is_core: bool) -> tuple[Decimal, str]:
    """`rate_pct` % of each renewal contract signed in the month whose renewed customer is tier A,
    for core reps only; rounded once over the month's total."""
    renewals = list(renewals)
    if not renewals:
        return ZERO, ""
    if not is_core:
        return ZERO, _("New hire: the retention bonus is for core reps only.")
    tier_a = [renewal for renewal in renewals if renewal.renewed_customer_tier == "A"]
    if not tier_a:
        return ZERO, _("Renewals signed this month are not for tier-A customers: no retention bonus.")
    base = sum((Decimal(renewal.amount) for renewal in tier_a), Decimal(0))
    amount = to_money(base * Decimal(rate_pct) / HUNDRED)
    listed = ", ".join(f"{renewal.number} ({fmt_money(renewal.amount)})" for renewal in tier_a)
    return amount, _("%(rate)s %% of tier-A renewals %(listed)s = %(amount)s") % {
        "rate": fmt_pct(rate_pct), "listed": listed, "amount": fmt_money(amount)}


# --- 6. referral ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferredHire:
    name: str
    hire_date: date
    left_on: date | None = None


def referral_completion_day(hire_date: date, days: int) -> date:
    return hire_date + timedelta(days=days)


def referral_reward(*, referred_hires: Iterable[ReferredHire], month_start: date, month_end: date,
                    amount, days: int) -> tuple[Decimal, str]:
    """`amount` per referred hire who completes `days` days in the month (and has not left by then)."""
    completed = []
    for hire in referred_hires:
        completes_on = referral_completion_day(hire.hire_date, days)
        if month_start <= completes_on <= month_end and (hire.left_on is None or hire.left_on >= completes_on):
            completed.append((hire, completes_on))
    if not completed:
        return ZERO, ""
    total = to_money(Decimal(amount) * len(completed))
    listed = ", ".join(f"{hire.name} ({completes_on:%Y-%m-%d})" for hire, completes_on in completed)
    return total, _("Referred hires who completed %(days)s days: %(listed)s → %(count)s × %(amount)s = %(total)s") % {
        "days": days, "listed": listed, "count": len(completed), "amount": fmt_money(amount), "total": fmt_money(total)}


# --- 7. manual adjustments --------------------------------------------------------------------

def adjustments_total(adjustments: Iterable[tuple[Decimal, str]]) -> tuple[Decimal, str]:
    """Sum of HR's ± adjustments of the month, each listed with its reason."""
    adjustments = list(adjustments)
    if not adjustments:
        return ZERO, ""
    total = to_money(sum((Decimal(amount) for amount, _reason in adjustments), Decimal(0)))
    listed = "; ".join(f"{'+' if Decimal(amount) > 0 else ''}{fmt_money(amount)} ({reason})" for amount, reason in adjustments)
    return total, f"{listed} = {fmt_money(total)}"


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
