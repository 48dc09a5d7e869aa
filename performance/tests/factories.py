"""Test helpers for scorecards: targets and sales written directly (no rights, no audit)."""

from datetime import date
from decimal import Decimal

from common.periods import Period
from performance.models import ManagerRating
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory, UserFactory

MARCH = Period(2026, month=3)
FEBRUARY = Period(2026, month=2)
JANUARY = Period(2026, month=1)
#: Compute March while the clock says 10 April (customers the factories create then are April's).
TODAY = "2026-04-10 10:00 +08:00"


def give(employee, month: Period, *, target=None, actual=None):
    """A monthly target and/or one sale signed mid-month."""
    if target is not None:
        make_target(str(month), target, employee=employee)
    if actual is not None:
        make_sale(employee, actual, date(month.year, month.month, 15))


def rate(employee, month: Period, rating: int, by=None):
    """A rating written directly; `by` is the rating employee (recorded as their user)."""
    return ManagerRating.objects.create(employee=employee, month=month.start, rating=rating,
                                        rated_by=None if by is None else by.user)


def add_reps(team, count: int, prefix: str = "X"):
    return [
        EmployeeFactory(role=Role.REP, org_unit=team, user=UserFactory(username=f"{prefix.lower()}{i}"),
                        number=f"{prefix}{i:04d}")
        for i in range(count)
    ]


def kpi(card, code: str) -> dict:
    return next(k for k in card.kpis if k["code"] == code)


D = Decimal
