"""Demo data for performance: line managers' ratings for the last few months. The scorecards
themselves are computed by the incentives demo's month closes (it calls our services)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.periods import Period
from performance.models import ManagerRating
from teams.models import Role
from teams.selectors import line_managers_for

if TYPE_CHECKING:
    from portal.demo import DemoContext

RATED_MONTHS = 3


def seed(ctx: DemoContext) -> None:
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

