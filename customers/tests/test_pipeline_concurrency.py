"""Row locks: two payments racing for the same receivable never exceed it (PostgreSQL only;
SQLite serialises writers, so there is no race to show)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from customers.models import Payment, Receivable
from customers.services.contracts import payment_create
from customers.tests.factories import ContractFactory, CustomerFactory, ReceivableFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-lock races need PostgreSQL (CI's second pass runs it)"
)


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_cannot_exceed_the_receivable(org):
    receivable = ReceivableFactory(contract=ContractFactory(customer=CustomerFactory(owner=org.rep)),
                                   amount=Decimal("1000.00"))
    barrier = threading.Barrier(2)
    outcomes = []

    def pay():
        try:
            barrier.wait(timeout=10)
            payment_create(actor=org.finance.user, receivable=receivable, amount=Decimal("600.00"),
                           paid_on=date(2026, 1, 20))  # after the contract was signed (15th)
            outcomes.append("paid")
        except ValidationError as exc:
            outcomes.append(sorted(exc.error_dict))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [["amount"], "paid"]
    assert Payment.objects.count() == 1
    assert Receivable.objects.get().paid_amount == Decimal("600.00")
