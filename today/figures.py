"""The month's figures of a person, read from the dashboard app's read model once it exists.

`person_month_figures` is the seam: Today asks it and nothing else. Until
`dashboard.selectors.person_month_figures` lands (issue 12, the dashboard helper), this thin adapter
answers from the upstream selectors and rules the dashboard will read too — targets for the target
and the actual, `targets.rules.attainment_pct`, `performance.rules.competition_ranks` — so no rule
is copied here. The weighted forecast has no upstream yet: it is `None` until the dashboard's
forecast exists. Three queries for the person, plus the cached company ranking."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache

from common.periods import Period
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


def person_month_figures(*, employee: Employee, month: Period, today=None) -> PersonMonthFigures:
    try:  # the dashboard's read model, once it exists (same signature)
        from dashboard.selectors import person_month_figures as from_dashboard
    except ImportError:
        from_dashboard = None
    if from_dashboard is not None:
        figures = from_dashboard(employee=employee, month=month, today=today)
        return _from_mapping(figures)
    return _from_upstream(employee=employee, month=month)


def _from_mapping(figures) -> PersonMonthFigures:
    get = figures.get if isinstance(figures, dict) else lambda key, default=None: getattr(figures, key, default)
    return PersonMonthFigures(
        target=get("target"), actual=get("actual") or Decimal("0.00"), attainment_pct=get("attainment_pct"),
        company_rank=get("company_rank"),
        weighted_forecast=get("weighted_forecast"),
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


def _from_upstream(*, employee: Employee, month: Period) -> PersonMonthFigures:
    target = employee_targets(period=month, employee_ids=[employee.pk]).get(employee.pk)
    actual = actual_sales(period=month, employee_ids=[employee.pk]).get(employee.pk, ZERO)
    attainment = attainment_pct(actual, target)
    return PersonMonthFigures(
        target=target, actual=actual, attainment_pct=attainment,
        company_rank=company_ranks(month).get(employee.pk) if attainment is not None else None,
        weighted_forecast=None,
    )
