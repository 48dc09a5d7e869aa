from datetime import date
from decimal import Decimal

import pytest

from common.periods import Period
from customers.models import Stage, Tier
from customers.selectors.sales import (
    actual_sales_by_employee,
    actual_sales_by_employee_month,
    collection_by_employee,
    collection_pct,
    conversion_by_employee,
    conversion_pct,
    first_contracts,
    renewal_by_employee,
    renewal_contracts_signed,
    renewal_pct,
)
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

pytestmark = pytest.mark.django_db

MARCH = Period(2026, month=3)


def _contract(owner, signed_on, amount="1000.00", **kwargs):
    customer = kwargs.pop("customer", None) or CustomerFactory(owner=owner)
    return ContractFactory(customer=customer, owner=owner, signed_on=signed_on, amount=Decimal(amount), **kwargs)


def test_actual_sales_period_boundaries_are_inclusive(org):
    _contract(org.rep, date(2026, 2, 28), "1.00")  # the day before: out
    _contract(org.rep, date(2026, 3, 1), "100.00")  # first day: in
    _contract(org.rep, date(2026, 3, 31), "200.50")  # last day: in
    _contract(org.rep, date(2026, 4, 1), "7.00")  # the day after: out
    _contract(org.rep2, date(2026, 3, 15), "99.99")

    sales = actual_sales_by_employee(start=MARCH.start, end=MARCH.end)

    assert sales == {org.rep.pk: Decimal("300.50"), org.rep2.pk: Decimal("99.99")}
    assert org.teammate.pk not in sales  # no sales → absent


def test_actual_sales_filters_employees_and_is_one_query(org, django_assert_num_queries):
    for _ in range(3):
        _contract(org.rep, date(2026, 3, 10))
        _contract(org.rep3, date(2026, 3, 10))
    with django_assert_num_queries(1):
        sales = actual_sales_by_employee(start=MARCH.start, end=MARCH.end, employee_ids=[org.rep3.pk, org.rep2.pk])
    assert sales == {org.rep3.pk: Decimal("3000.00")}


def test_actual_sales_counts_the_contract_owner_not_the_customer_owner(org):
    customer = CustomerFactory(owner=org.teammate)
    _contract(org.rep, date(2026, 3, 3), "500.00", customer=customer)
    assert actual_sales_by_employee(start=MARCH.start, end=MARCH.end) == {org.rep.pk: Decimal("500.00")}


def test_actual_sales_by_month_keys_by_first_day(org, django_assert_num_queries):
    _contract(org.rep, date(2026, 1, 31), "10.00")
    _contract(org.rep, date(2026, 2, 1), "20.00")
    _contract(org.rep, date(2026, 2, 28), "30.00")
    _contract(org.rep2, date(2026, 3, 31), "40.00")
    _contract(org.rep2, date(2026, 4, 1), "50.00")
    with django_assert_num_queries(1):
        sales = actual_sales_by_employee_month(start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert sales == {
        (org.rep.pk, date(2026, 1, 1)): Decimal("10.00"),
        (org.rep.pk, date(2026, 2, 1)): Decimal("50.00"),
        (org.rep2.pk, date(2026, 3, 1)): Decimal("40.00"),
    }


def test_collection_with_partial_payments(org, django_assert_num_queries):
    contract = _contract(org.rep, date(2026, 1, 10), "10000.00")
    due_march = ReceivableFactory(contract=contract, due_on=date(2026, 3, 31), amount=Decimal("3000.00"))
    due_march_b = ReceivableFactory(contract=contract, due_on=date(2026, 3, 1), amount=Decimal("1000.00"))
    ReceivableFactory(contract=contract, due_on=date(2026, 4, 1), amount=Decimal("6000.00"))  # not due in March
    PaymentFactory(receivable=due_march, amount=Decimal("1000.00"), paid_on=date(2026, 2, 20))  # early: counts
    PaymentFactory(receivable=due_march, amount=Decimal("500.00"), paid_on=date(2026, 3, 31))  # month end: counts
    PaymentFactory(receivable=due_march, amount=Decimal("1500.00"), paid_on=date(2026, 4, 1))  # after: not
    PaymentFactory(receivable=due_march_b, amount=Decimal("333.33"), paid_on=date(2026, 3, 2))

    with django_assert_num_queries(2):
        result = collection_by_employee(month=MARCH)

    assert result == {org.rep.pk: (Decimal("1833.33"), Decimal("4000.00"))}
    assert collection_pct(*result[org.rep.pk]) == Decimal("45.83")  # 45.833… half-up


def test_collection_due_without_payments_is_zero_and_nothing_due_is_absent(org):
    contract = _contract(org.rep2, date(2026, 1, 10))
    ReceivableFactory(contract=contract, due_on=date(2026, 3, 5), amount=Decimal("800.00"))
    result = collection_by_employee(month=MARCH, employee_ids=[org.rep.pk, org.rep2.pk])
    assert result == {org.rep2.pk: (Decimal("0.00"), Decimal("800.00"))}
    assert collection_pct(*result[org.rep2.pk]) == Decimal("0.00")
    assert org.rep.pk not in result
    assert collection_pct(Decimal("0"), Decimal("0")) is None


def test_collection_fully_paid_is_100(org):
    receivable = ReceivableFactory(contract=_contract(org.rep, date(2026, 1, 1)), due_on=date(2026, 3, 20))
    PaymentFactory(receivable=receivable)
    received, due = collection_by_employee(month=MARCH)[org.rep.pk]
    assert collection_pct(received, due) == Decimal("100.00")


def test_conversion_counts_won_over_closed_in_period(org, django_assert_num_queries):
    OpportunityFactory(owner=org.rep, stage=Stage.LOST, closed_on=date(2026, 3, 1), lost_reason="price")
    OpportunityFactory(owner=org.rep, stage=Stage.WON, closed_on=date(2026, 3, 31),
                       contract=_contract(org.rep, date(2026, 3, 31)))
    OpportunityFactory(owner=org.rep, stage=Stage.WON, closed_on=date(2026, 4, 1),
                       contract=_contract(org.rep, date(2026, 4, 1)))
    OpportunityFactory(owner=org.rep, stage=Stage.NEGOTIATION)
    OpportunityFactory(owner=org.rep2, stage=Stage.LOST, closed_on=date(2026, 3, 9), lost_reason="budget")
    with django_assert_num_queries(1):
        result = conversion_by_employee(start=MARCH.start, end=MARCH.end)
    assert result == {org.rep.pk: (1, 2), org.rep2.pk: (0, 1)}
    assert conversion_pct(*result[org.rep.pk]) == Decimal("50.00")
    assert conversion_pct(0, 0) is None


def test_renewal_counts_contracts_ending_in_period(org, django_assert_num_queries):
    ending = _contract(org.rep, date(2025, 3, 1), start_on=date(2025, 3, 1), end_on=date(2026, 3, 31))
    _contract(org.rep, date(2026, 3, 20), customer=ending.customer, renews=ending)
    _contract(org.rep, date(2026, 3, 25), customer=ending.customer, renews=ending)  # a second renewal: still 1
    _contract(org.rep, date(2025, 3, 1), start_on=date(2025, 3, 1), end_on=date(2026, 3, 1))  # not renewed
    _contract(org.rep, date(2025, 3, 1), start_on=date(2025, 3, 1), end_on=date(2026, 4, 1))  # ends later
    with django_assert_num_queries(1):
        result = renewal_by_employee(start=MARCH.start, end=MARCH.end)
    assert result == {org.rep.pk: (1, 2)}
    assert renewal_pct(*result[org.rep.pk]) == Decimal("50.00")
    assert renewal_pct(0, 0) is None


def test_first_contracts_is_the_earliest_per_owner(org, django_assert_num_queries):
    _contract(org.rep, date(2026, 2, 1), number="B")
    first = _contract(org.rep, date(2026, 1, 5), number="A")
    _contract(org.rep, date(2026, 1, 5), number="C")  # same day, later id
    only = _contract(org.rep2, date(2026, 3, 1))
    with django_assert_num_queries(1):
        result = first_contracts()
    assert result == {org.rep.pk: first, org.rep2.pk: only}
    assert first_contracts(employee_ids=[org.rep2.pk]) == {org.rep2.pk: only}


def test_renewal_contracts_signed_carry_the_renewed_customer_tier(org, django_assert_num_queries):
    customer = CustomerFactory(owner=org.rep, tier=Tier.A)
    old = _contract(org.rep, date(2025, 3, 1), customer=customer)
    renewal = _contract(org.rep, date(2026, 3, 31), customer=customer, renews=old)
    _contract(org.rep, date(2026, 4, 1), customer=customer, renews=old)  # outside the period
    _contract(org.rep, date(2026, 3, 10), customer=customer)  # not a renewal
    with django_assert_num_queries(1):
        rows = list(renewal_contracts_signed(start=MARCH.start, end=MARCH.end))
        assert [(c.pk, c.renewed_customer_tier, c.owner.pk, c.renews.pk) for c in rows] == [
            (renewal.pk, Tier.A, org.rep.pk, old.pk)
        ]
