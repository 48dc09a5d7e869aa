"""Uniqueness under concurrency (SPEC §13.1): two people creating the same customer name for the
same owner at once get one customer and one 400 naming `name`, never a 500 (PostgreSQL only;
SQLite serialises writers, so there is no race to show — the savepoint path is also tested
without a race in `test_audit_access_and_queries`)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from customers.models import Customer
from customers.services.customers import customer_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="write races need PostgreSQL (CI's second pass runs it)"
)


@pytest.mark.django_db(transaction=True)
def test_two_creations_of_the_same_customer_name_at_once(org):
    barrier = threading.Barrier(2)
    outcomes = []

    def create(actor, name):
        try:
            barrier.wait(timeout=10)
            customer_create(actor=actor, name=name, owner=org.rep)
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(sorted(exc.error_dict))
        except Exception as exc:  # an IntegrityError here is the 500 the audit found
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(org.rep.user, "Acme Trading")),
               threading.Thread(target=create, args=(org.sup1.user, "ACME trading"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [["name"], "created"]
    assert Customer.objects.count() == 1
