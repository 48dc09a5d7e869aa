"""The complaint reads other apps consume (interfaces: K, I, P) and their query counts."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.periods import Period
from customers.models import ComplaintStatus
from customers.selectors import (
    active_customer_counts,
    breach_counts_by_handler,
    complaint_counts_by_owner,
    open_complaints_for,
    unresolved_complaint_counts,
)
from customers.selectors.complaints import complaint_list, complaint_queue
from customers.services import customer_follow_up_due_by
from customers.tests.factories import ComplaintFactory, ContractFactory, CustomerFactory

pytestmark = pytest.mark.django_db
MARCH = Period(2026, month=3)


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def test_complaints_are_counted_per_attributed_owner_in_the_month(org):
    customer = CustomerFactory(owner=org.rep)
    ComplaintFactory(customer=customer, received_at=at("2026-03-01 00:00"))
    ComplaintFactory(customer=customer, received_at=at("2026-03-31 23:59"))
    ComplaintFactory(customer=customer, owner=org.teammate, received_at=at("2026-03-15 12:00"))
    ComplaintFactory(customer=customer, received_at=at("2026-04-01 00:00"))  # next month
    ComplaintFactory(customer=customer, received_at=at("2026-02-28 23:59"))  # last month
    assert complaint_counts_by_owner(month=MARCH) == {org.rep.pk: 2, org.teammate.pk: 1}


def test_active_customers_have_a_contract_in_the_trailing_12_months(org):
    recent = CustomerFactory(owner=org.rep)
    ContractFactory(customer=recent, signed_on=date(2026, 3, 31))
    ContractFactory(customer=recent, signed_on=date(2026, 1, 2))  # the same customer counts once
    edge = CustomerFactory(owner=org.rep)
    ContractFactory(customer=edge, signed_on=date(2025, 4, 1))  # 12 months back, day after: in
    old = CustomerFactory(owner=org.rep)
    ContractFactory(customer=old, signed_on=date(2025, 3, 31))  # exactly 12 months before: out
    later = CustomerFactory(owner=org.teammate)
    ContractFactory(customer=later, signed_on=date(2026, 4, 1))  # after as_of: out
    assert active_customer_counts(as_of=date(2026, 3, 31)) == {org.rep.pk: 2}


def test_unresolved_at_a_moment_counts_complaints_resolved_only_later(org):
    customer = CustomerFactory(owner=org.rep)
    quarter_end = at("2026-04-01 00:00")
    ComplaintFactory(customer=customer, received_at=at("2026-03-02 09:00"))  # never resolved
    ComplaintFactory(customer=customer, received_at=at("2026-03-02 09:00"), status=ComplaintStatus.RESOLVED,
                     resolution="Refunded", resolved_at=at("2026-04-03 09:00"))  # resolved after
    ComplaintFactory(customer=customer, received_at=at("2026-03-02 09:00"), status=ComplaintStatus.CLOSED,
                     resolution="Refunded", confirmation="By phone", resolved_at=at("2026-03-20 09:00"))
    ComplaintFactory(customer=customer, received_at=at("2026-04-02 09:00"))  # received after
    assert unresolved_complaint_counts(at=quarter_end) == {org.rep.pk: 2}


@pytest.mark.usefixtures("march_tenth")
def test_open_complaints_for_the_handler_soonest_due_first(org):
    customer = CustomerFactory(owner=org.rep, name="Acme")
    now = timezone.now()
    later = ComplaintFactory(customer=customer, status=ComplaintStatus.IN_PROGRESS,
                             resolution_due_at=now + timedelta(days=3))
    breached = ComplaintFactory(customer=customer, response_due_at=now - timedelta(minutes=1))
    ComplaintFactory(customer=customer, status=ComplaintStatus.RESOLVED, resolution="Done")
    ComplaintFactory(customer=customer, handler=org.teammate)
    rows = open_complaints_for(employee=org.rep)
    assert [row["id"] for row in rows] == [breached.pk, later.pk]
    assert rows[0] | {"due_at": None} == {
        "id": breached.pk, "customer": customer.pk, "customer_name": "Acme", "severity": "normal",
        "severity_label": "Normal", "status": "open", "status_label": "Open", "due_at": None, "breached": True}
    assert rows[1]["breached"] is False and rows[1]["due_at"] == now + timedelta(days=3)


@pytest.mark.parametrize("count", [5, 50])
def test_open_complaints_for_runs_one_query(org, count):
    customer = CustomerFactory(owner=org.rep)
    ComplaintFactory.create_batch(count, customer=customer)
    with CaptureQueriesContext(connection) as queries:
        rows = open_complaints_for(employee=org.rep, limit=100)
    assert len(rows) == count and len(queries) == 1


def _queries_of_the_list(org, count):
    ComplaintFactory.create_batch(count, customer=CustomerFactory(owner=org.rep))
    list(complaint_list(user=org.sup1.user))  # the users' scopes are cached from here on
    list(complaint_queue(user=org.rep.user, employee=org.rep))
    with CaptureQueriesContext(connection) as queries:
        list(complaint_list(user=org.sup1.user))
        list(complaint_queue(user=org.rep.user, employee=org.rep))
    return len(queries)


def test_list_and_queue_query_counts_do_not_grow(org):
    assert _queries_of_the_list(org, 5) == _queries_of_the_list(org, 45)


@pytest.mark.usefixtures("march_tenth")
def test_breaches_are_counted_per_handler(org):
    customer = CustomerFactory(owner=org.rep)
    now = timezone.now()
    ComplaintFactory(customer=customer, received_at=at("2026-03-02 09:00"), response_due_at=now - timedelta(hours=1),
                     resolution_due_at=now - timedelta(minutes=1))
    ComplaintFactory(customer=customer, received_at=at("2026-03-02 09:00"), responded_at=now,
                     response_due_at=now, resolution_due_at=now)  # exactly at due: on time
    assert breach_counts_by_handler(month=MARCH) == {org.rep.pk: (1, 1)}


def test_follow_up_due_by_only_brings_dates_forward(org):
    none_yet = CustomerFactory(owner=org.rep)
    later = CustomerFactory(owner=org.rep, next_follow_up_on=date(2026, 4, 1))
    sooner = CustomerFactory(owner=org.rep, next_follow_up_on=date(2026, 3, 11))
    untouched = CustomerFactory(owner=org.rep)
    changed = customer_follow_up_due_by(customer_ids=[none_yet.pk, later.pk, sooner.pk], due_on=date(2026, 3, 12))
    assert changed == 2
    for customer, expected in ((none_yet, date(2026, 3, 12)), (later, date(2026, 3, 12)),
                               (sooner, date(2026, 3, 11)), (untouched, None)):
        customer.refresh_from_db()
        assert customer.next_follow_up_on == expected


def test_follow_up_due_by_nothing_is_no_query(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert customer_follow_up_due_by(customer_ids=[], due_on=date(2026, 3, 12)) == 0
