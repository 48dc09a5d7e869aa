"""The annual lists of SPEC §5.8 (no cash): reps whose year attainment reaches the plan's minimum
(default 100 %) are eligible for the team trip / advanced training; each quarter's Sales Star is
the rep with the best quarterly attainment at or above it (ties: higher actual, then both).

A period's target is the rep's own target for it, or else the sum of its parts (a year: its
quarters; a quarter: its months). Actuals come from one grouped query. About twenty queries
whatever the number of reps. Figures are shown only for reps in the viewer's scope; the Sales
Star's name is public recognition and shown to everyone who sees bonus data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from common.money import ZERO
from common.periods import Period
from incentives.models import BonusSheet, IncentivePlan
from incentives.selectors.sheets import ensure_sees_bonuses
from performance.rules import competition_ranks
from targets.rules import attainment_pct, reached_target
from teams.models import Employee, Role
from teams.selectors import employed_during_q


@dataclass(frozen=True)
class AnnualRow:
    employee: Employee
    target: Decimal | None
    actual: Decimal
    attainment: Decimal | None
    visible: bool


def _minimum(year: int) -> Decimal:
    plan = IncentivePlan.objects.filter(year=year).only("annual_min_attainment_pct").first()
    return plan.annual_min_attainment_pct if plan else IncentivePlan._meta.get_field("annual_min_attainment_pct").default


def _targets_by_period(year: int) -> dict[Period, dict[int, Decimal]]:
    """Own targets per period, with quarters and the year filled from their parts when missing."""
    from targets.selectors import employee_targets

    year_period = Period(year)
    months = {m: employee_targets(period=m) for m in year_period.months()}
    result: dict[Period, dict[int, Decimal]] = {}
    for quarter in year_period.quarters():
        result[quarter] = _own_or_summed(employee_targets(period=quarter), [months[m] for m in quarter.months()])
    result[year_period] = _own_or_summed(employee_targets(period=year_period),
                                         [result[q] for q in year_period.quarters()])
    return result


def _own_or_summed(own: dict[int, Decimal], parts: list[dict[int, Decimal]]) -> dict[int, Decimal]:
    """Per employee: their own target of the period, else the sum of their targets of its parts."""
    summed: dict[int, Decimal] = {}
    for part in parts:
        for employee_id, amount in part.items():
            summed[employee_id] = summed.get(employee_id, ZERO) + amount
    return {**summed, **dict(own)}


def _actuals_by_period(year: int) -> dict[Period, dict[int, Decimal]]:
    from targets.selectors import actual_sales_by_month  # closed months: their published figures

    year_period = Period(year)
    result: dict[Period, dict[int, Decimal]] = {p: {} for p in (year_period, *year_period.quarters())}
    for (employee_id, month_start), amount in actual_sales_by_month(
        start=year_period.start, end=year_period.end
    ).items():
        quarter = Period(year, quarter=(month_start.month - 1) // 3 + 1)
        for period in (year_period, quarter):
            result[period][employee_id] = result[period].get(employee_id, ZERO) + amount
    return result


def _reps(year_period: Period) -> list[Employee]:
    employed = employed_during_q(year_period.start, year_period.end)
    return list(Employee.objects.filter(employed, role=Role.REP).select_related("org_unit").order_by("number"))


def annual_lists(*, user, year: int, today: date | None = None) -> dict:
    """{"year", "minimum", "eligible": [AnnualRow] (in the viewer's scope, best first),
    "quarters": [{"quarter", "finished", "stars": [AnnualRow]}]}."""
    ensure_sees_bonuses(user)
    today = today or timezone.localdate()
    year_period = Period(year)
    minimum = _minimum(year)
    reps = _reps(year_period)
    visible_ids = set(Employee.objects.visible_to(user).filter(pk__in=[r.pk for r in reps]).values_list("pk", flat=True))
    targets, actuals = _targets_by_period(year), _actuals_by_period(year)

    def row(employee: Employee, period: Period) -> AnnualRow:
        target, actual = targets[period].get(employee.pk), actuals[period].get(employee.pk, ZERO)
        return AnnualRow(employee, target, actual, attainment_pct(actual, target), employee.pk in visible_ids)

    def reached(employee: Employee, period: Period) -> bool:
        return reached_target(actuals[period].get(employee.pk, ZERO), targets[period].get(employee.pk),
                              threshold_pct=minimum)

    eligible = [row(rep, year_period) for rep in reps if rep.pk in visible_ids and reached(rep, year_period)]
    eligible.sort(key=lambda r: (-(r.actual / r.target), -r.actual, r.employee.number))

    quarters = []
    for quarter in year_period.quarters():
        if quarter.start > today:
            continue
        at_minimum = [row(rep, quarter) for rep in reps if reached(rep, quarter)]
        ranks = competition_ranks({r.employee.pk: (r.actual / r.target, r.actual) for r in at_minimum})
        stars = [r for r in at_minimum if ranks[r.employee.pk] == 1]
        quarters.append({"quarter": quarter, "finished": quarter.end < today, "stars": stars})
    return {"year": year, "minimum": minimum, "eligible": eligible, "quarters": quarters}


def annual_list_years() -> list[int]:
    """The years offered by the annual lists' picker: this year and every year with a bonus sheet,
    newest first."""
    months = BonusSheet.objects.dates("month", "year", order="DESC")
    return sorted({timezone.localdate().year, *(d.year for d in months)}, reverse=True)
