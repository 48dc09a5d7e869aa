"""Demo data for performance: line managers' ratings for the last few months, and an example KPI
scheme built from the catalogue (inactive: the demo closes its months with the default schemes;
the director or HR may activate it from the settings page). The scorecards themselves are computed
by the incentives demo's month closes (it calls our services)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.periods import Period
from performance.models import KPIScheme, ManagerRating, SchemeRole
from teams.models import Role
from teams.selectors import line_managers_for

if TYPE_CHECKING:
    from portal.demo import DemoContext

RATED_MONTHS = 3

#: A service-minded rep scheme from the catalogue: sales still first, then customer care and events.
EXAMPLE_REP_WEIGHTS = {"w_sales_attainment": 35, "w_new_prospects": 10, "w_satisfaction": 10,
                       "w_complaint_rate": 15, "w_renewal_rate": 10, "w_event_attendance": 10,
                       "w_avg_deal_size": 5, "w_manager_rating": 5}


def _example_scheme(ctx: DemoContext) -> None:
    latest = KPIScheme.objects.filter(role=SchemeRole.REP).order_by("-version").first()
    if latest is None or KPIScheme.objects.filter(role=SchemeRole.REP, active=False).exists():
        return
    KPIScheme.objects.create(role=SchemeRole.REP, version=latest.version + 1, active=False,
                             complaint_limit=8, reference_deal_amount=80000, **EXAMPLE_REP_WEIGHTS)
    ctx.log(f"  an example rep KPI scheme from the catalogue (v{latest.version + 1}, inactive)")


def seed(ctx: DemoContext) -> None:
    _example_scheme(ctx)
    people = [e for e in ctx.data.get("employees", []) if e.active and e.role in (Role.REP, Role.SUPERVISOR, Role.MANAGER)]
    if not people:
        return
    managers = line_managers_for(people)
    month = Period.of_month(ctx.today)
    ratings = []
    for _step in range(RATED_MONTHS):
        month = month.previous_month()
        for person in people:
            manager = managers.get(person.pk)
            if manager is None or person.hire_date > month.end or ctx.rng.random() < 0.2:
                continue  # some ratings are still missing: the KPI is left out, as in real life
            ratings.append(ManagerRating(employee=person, month=month.start, rated_by_id=manager.user_id,
                                         rating=ctx.rng.randint(60, 98)))
    ManagerRating.objects.bulk_create(ratings, ignore_conflicts=True)
    ctx.log(f"  {len(ratings)} manager ratings over the last {RATED_MONTHS} months")

