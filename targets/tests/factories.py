"""Factories for targets. `make_target` writes a row directly (no rights, no audit) for tests."""

from decimal import Decimal

from common.periods import Period
from targets.models import SalesTarget


def make_target(period: str, amount, *, employee=None, org_unit=None, product_line: str = "") -> SalesTarget:
    return SalesTarget.objects.create(
        **SalesTarget.period_fields(Period.parse(period)), employee=employee, org_unit=org_unit,
        amount=Decimal(str(amount)), product_line=product_line,
    )


def make_sale(owner, amount, signed_on):
    """A contract owned by `owner` signed on `signed_on` (actual sales)."""
    from customers.tests.factories_pipeline import ContractFactory

    return ContractFactory(customer__owner=owner, owner=owner, amount=Decimal(str(amount)), signed_on=signed_on)
