"""Test helpers for bonus sheets: targets, sales and renewals written directly (no rights, no audit)."""

from datetime import date, timedelta
from decimal import Decimal

from common.periods import Period
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory, UserFactory

OCTOBER = Period(2026, month=10)
SEPTEMBER = Period(2026, month=9)
#: A quarter's last month before SEPTEMBER (query-count tests compare two months that both decide awards).
JUNE = Period(2026, month=6)
#: The clock of most tests: early November, so October is the most recent finished month.
TODAY = "2026-11-05 10:00 +08:00"


def give(employee, month: Period = OCTOBER, *, target=None, actual=None, day: int = 15):
    """A monthly target and/or one sale signed in the month."""
    if target is not None:
        make_target(str(month), target, employee=employee)
    if actual is not None:
        make_sale(employee, actual, date(month.year, month.month, day))


def add_reps(team, count: int, prefix: str = "X", **kwargs):
    return [
        EmployeeFactory(role=Role.REP, org_unit=team, user=UserFactory(username=f"{prefix.lower()}{i}"),
                        number=f"{prefix}{i:04d}", **kwargs)
        for i in range(count)
    ]


def renewal(owner, *, amount, tier: str, signed_on: date):
    """A renewal contract (of a tier-`tier` customer's earlier contract) signed on `signed_on`."""
    from customers.tests.factories import ContractFactory, CustomerFactory

    customer = CustomerFactory(owner=owner, tier=tier)
    original = ContractFactory(customer=customer, owner=owner, signed_on=signed_on - timedelta(days=365),
                               amount=Decimal("100000"))
    return ContractFactory(customer=customer, owner=owner, renews=original, signed_on=signed_on,
                           amount=Decimal(str(amount)))


def row_of(sheet, employee):
    return sheet.rows.get(employee=employee)
