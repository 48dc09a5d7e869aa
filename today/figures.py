"""The month's figures of a person on Today: target, actual, attainment, company rank and weighted
forecast. Every rule is upstream: target and actual from `targets.selectors`, attainment from
`targets.rules.attainment_pct`, the ranking from `performance.rules.competition_ranks`, the weighted
forecast from the dashboard's rolling forecast (`dashboard.selectors.forecast`). The company ranking
is the one company-wide read, so it is cached per month (`company_ranks`); the rep's own figures are
read fresh. `dashboard.selectors.person_month_figures` answers the same keys but ranks every rep on
each call (about 50 ms at 1,000 reps, Today's whole budget), hence this seam."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache

from common.periods import Period
from dashboard.selectors import forecast
from performance.rules import competition_ranks
from targets.rules import attainment_pct
from targets.selectors import actual_sales, employee_targets
from teams.models import Employee, Role
from teams.selectors import employees_employed_during

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PersonMonthFigures:
    target: Decimal | None
    actual: Decimal
    attainment_pct: Decimal | None
    #: Competition rank (1, 2, 2, 4) of the attainment among the reps employed in the month; None
    #: without a target (no attainment to rank).
    company_rank: int | None
    weighted_forecast: Decimal | None


def person_month_figures(*, employee: Employee, month: Period, today: date | None = None) -> PersonMonthFigures:
    target = employee_targets(period=month, employee_ids=[employee.pk]).get(employee.pk)
    actual = actual_sales(period=month, employee_ids=[employee.pk]).get(employee.pk, ZERO)
    attainment = attainment_pct(actual, target)
    return PersonMonthFigures(
        target=target, actual=actual, attainment_pct=attainment,
        company_rank=company_ranks(month).get(employee.pk) if attainment is not None else None,
        weighted_forecast=forecast(employee=employee, period=month, today=today, known=(actual, target))["weighted"],
    )


#: The company ranking is the one company-wide read of Today (every rep's target and actual); it is
#: kept this long per month, so a rep's Today reads only their own figures (SPEC §12: Today ≤ 50 ms
#: at 1,000 reps). A rank may lag a new contract by this much; the rep's own actual never does.
RANKS_CACHE_SECONDS = 120


def company_ranks(month: Period) -> dict[int, int | None]:
    """{rep id: competition rank of attainment} among the reps employed in `month` (three queries,
    then cached for `RANKS_CACHE_SECONDS`)."""
    key = f"today:company-ranks:{month}"
    ranks = cache.get(key)
    if ranks is None:
        reps = list(employees_employed_during(month.start, month.end, queryset=Employee.objects.filter(role=Role.REP))
                    .values_list("pk", flat=True))
        targets = employee_targets(period=month, employee_ids=reps)
        actuals = actual_sales(period=month, employee_ids=reps)
        ranks = competition_ranks({pk: attainment_pct(actuals.get(pk, ZERO), targets.get(pk)) for pk in reps})
        cache.set(key, ranks, RANKS_CACHE_SECONDS)
    return ranks
