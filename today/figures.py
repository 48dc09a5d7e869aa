"""The month's figures of a person, read from the dashboard app's read model once it exists.

`person_month_figures` is the seam: Today asks it and nothing else. Until
`dashboard.selectors.person_month_figures` lands (issue 12, the dashboard helper), this thin adapter
answers from the upstream selectors and rules the dashboard will read too — targets for the target
and the actual, `targets.rules.attainment_pct`, `performance.rules.competition_ranks` — so no rule
is copied here. The weighted forecast has no upstream yet: it is `None` until the dashboard's
forecast exists. Three queries whatever the number of reps."""

from dataclasses import dataclass
from decimal import Decimal

from common.periods import Period
from performance.rules import competition_ranks
from targets.rules import attainment_pct
from targets.selectors import actual_sales, employee_targets
from teams.models import Employee, Role
from teams.selectors import employees_employed_during


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


def _from_upstream(*, employee: Employee, month: Period) -> PersonMonthFigures:
    reps = set(employees_employed_during(month.start, month.end, queryset=Employee.objects.filter(role=Role.REP))
               .values_list("pk", flat=True))
    targets = employee_targets(period=month, employee_ids=reps | {employee.pk})
    actuals = actual_sales(period=month)
    attainments = {pk: attainment_pct(actuals.get(pk, Decimal("0.00")), targets.get(pk)) for pk in reps}
    mine = attainment_pct(actuals.get(employee.pk, Decimal("0.00")), targets.get(employee.pk))
    ranks = competition_ranks(attainments)
    return PersonMonthFigures(
        target=targets.get(employee.pk),
        actual=actuals.get(employee.pk, Decimal("0.00")),
        attainment_pct=mine,
        company_rank=ranks.get(employee.pk),
        weighted_forecast=None,
    )
