"""The named quarterly awards (SPEC §5.9) as pure functions of plain values: each takes the
quarter's figures per rep and the plan's numbers and returns the winners. Ties give the award to
every tied person; a person may win several awards. Long-service awards go in the month an
employee completes 3, 5 or 10 years.

Edges: attainment is compared exactly (99.99 % is under 100 %); Best Customer Service needs at
least the plan's minimum number of surveys (3) and no complaint unresolved at quarter end."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from common.money import ZERO, to_money
from common.phrases import phrase
from incentives.rules import fmt_attainment as _pct
from incentives.rules import fmt_money as _money
from targets.rules import attainment_pct, reached_target

#: Anniversaries (whole years of service) that carry a long-service award, in plan field order.
LONG_SERVICE_YEARS = (3, 5, 10)


@dataclass(frozen=True)
class QuarterFigures:
    """One rep's quarter: sales against target, the customers whose first ever contract they
    signed in the quarter, the surveys of their customers and complaints unresolved at its end."""

    employee_id: int
    actual: Decimal = ZERO
    target: Decimal | None = None
    new_customers: int = 0
    new_customer_sales: Decimal = ZERO
    survey_count: int = 0
    survey_mean: Decimal | None = None
    unresolved_complaints: int = 0


@dataclass(frozen=True)
class AwardWin:
    employee_id: int
    code: str
    amount: Decimal
    figures: dict
    explanation: dict


def _winners(candidates: list[QuarterFigures], key: Callable) -> list[QuarterFigures]:
    """Everyone sharing the best `key` (ties win together)."""
    if not candidates:
        return []
    best = max(key(c) for c in candidates)
    return [c for c in candidates if key(c) == best]


def _attainment_figures(rep: QuarterFigures) -> dict:
    return {"pct": _pct(attainment_pct(rep.actual, rep.target)), "actual": _money(rep.actual),
            "target": _money(rep.target)}


def sales_star(reps: Iterable[QuarterFigures], *, quarter: str, amount, min_attainment_pct) -> list[AwardWin]:
    """Best quarter attainment at or above the minimum (exact ratio; equal ratios tie)."""
    eligible = [r for r in reps if reached_target(r.actual, r.target, threshold_pct=min_attainment_pct)]
    return [
        AwardWin(r.employee_id, "sales_star", to_money(amount), figures := {"quarter": quarter, **_attainment_figures(r)},
                 phrase("incentives.award.sales_star", amount=_money(amount), **figures))
        for r in _winners(eligible, lambda r: Decimal(r.actual) / Decimal(r.target))
    ]


def sales_champion(reps: Iterable[QuarterFigures], *, quarter: str, amount, min_attainment_pct) -> list[AwardWin]:
    """Highest quarter actual sales among the reps at or above the minimum attainment."""
    eligible = [r for r in reps if reached_target(r.actual, r.target, threshold_pct=min_attainment_pct)]
    return [
        AwardWin(r.employee_id, "sales_champion", to_money(amount),
                 figures := {"quarter": quarter, **_attainment_figures(r)},
                 phrase("incentives.award.sales_champion", amount=_money(amount), **figures))
        for r in _winners(eligible, lambda r: Decimal(r.actual))
    ]


def customer_development(reps: Iterable[QuarterFigures], *, quarter: str, amount) -> list[AwardWin]:
    """Most customers whose first ever contract was signed in the quarter (at least one); ties:
    higher sales of those first contracts; still equal: every one of them."""
    eligible = [r for r in reps if r.new_customers > 0]
    return [
        AwardWin(r.employee_id, "customer_development", to_money(amount),
                 figures := {"quarter": quarter, "customers": r.new_customers, "sales": _money(r.new_customer_sales)},
                 phrase("incentives.award.customer_development", amount=_money(amount), **figures))
        for r in _winners(eligible, lambda r: (r.new_customers, Decimal(r.new_customer_sales)))
    ]


def customer_service(reps: Iterable[QuarterFigures], *, quarter: str, amount, min_surveys: int) -> list[AwardWin]:
    """Highest mean satisfaction over at least `min_surveys` surveys in the quarter, with no
    complaint against the rep's customers unresolved at quarter end."""
    eligible = [r for r in reps if r.survey_count >= min_surveys and r.survey_mean is not None
                and r.unresolved_complaints == 0]
    return [
        AwardWin(r.employee_id, "customer_service", to_money(amount),
                 figures := {"quarter": quarter, "mean": f"{Decimal(r.survey_mean):.2f}", "surveys": r.survey_count},
                 phrase("incentives.award.customer_service", amount=_money(amount), **figures))
        for r in _winners(eligible, lambda r: Decimal(r.survey_mean))
    ]


def anniversary(hire_date: date, years: int) -> date:
    """The day `years` years after hire (29 February → 28 February in a common year)."""
    try:
        return hire_date.replace(year=hire_date.year + years)
    except ValueError:
        return hire_date.replace(year=hire_date.year + years, day=28)


def long_service(people: Iterable[tuple[int, date, date | None]], *, month_start: date, month_end: date,
                 amounts: dict[int, Decimal]) -> list[AwardWin]:
    """`amounts[years]` to each (employee id, hire date, left on) completing `years` years in the
    month while still employed on the anniversary."""
    wins = []
    for employee_id, hire_date, left_on in people:
        for years in LONG_SERVICE_YEARS:
            day = anniversary(hire_date, years)
            still_employed = left_on is None or left_on >= day
            if month_start <= day <= month_end and still_employed and amounts.get(years):
                figures = {"years": years, "hire_date": hire_date.isoformat(), "day": day.isoformat()}
                wins.append(AwardWin(employee_id, "long_service", to_money(amounts[years]), figures,
                                     phrase("incentives.award.long_service", amount=_money(amounts[years]), **figures)))
    return wins


def quarter_awards(reps: list[QuarterFigures], *, quarter: str, plan) -> list[AwardWin]:
    """Every quarterly award the plan switches on, from the same figures."""
    wins: list[AwardWin] = []
    if plan.sales_star_enabled:
        wins += sales_star(reps, quarter=quarter, amount=plan.sales_star_amount,
                           min_attainment_pct=plan.sales_star_min_attainment_pct)
    if plan.champion_enabled:
        wins += sales_champion(reps, quarter=quarter, amount=plan.champion_amount,
                               min_attainment_pct=plan.champion_min_attainment_pct)
    if plan.development_enabled:
        wins += customer_development(reps, quarter=quarter, amount=plan.development_amount)
    if plan.service_enabled:
        wins += customer_service(reps, quarter=quarter, amount=plan.service_amount, min_surveys=plan.service_min_surveys)
    return wins


def awards_total(wins: Iterable[AwardWin]) -> tuple[Decimal, dict | None]:
    """A row's awards column: the sum of its wins, explained award by award."""
    wins = list(wins)
    if not wins:
        return ZERO, None
    total = to_money(sum((w.amount for w in wins), Decimal(0)))
    return total, phrase("incentives.award.listed", listed=[w.explanation for w in wins], total=_money(total))
