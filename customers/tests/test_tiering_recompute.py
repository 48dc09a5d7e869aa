"""The set-based tier recompute (issue 11 item 6): one aggregate query in, only changed rows
written, a query count that is the same for 5 and 50 customers of every kind, and the same result
as applying the rules one customer at a time."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.models import Contract, Customer, CustomerTierChange, Opportunity, TieringPolicy
from customers.services.tiering import TierInputs, customers_recompute_tiers, status_for, tier_for
from customers.tests.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)
_numbers = itertools.count(1)


def _contract(customer, amount, signed_on):
    Contract.objects.create(
        number=f"TR-{next(_numbers):06d}", customer=customer, owner=customer.owner, amount=Decimal(amount),
        signed_on=signed_on, start_on=signed_on, end_on=signed_on + timedelta(days=365),
    )


def _mixed_customers(org, count):
    """`count` customers cycling through every shape: prospects with pipeline, new, active A,
    churn by drop, neglected B, lost by age, future contracts, and pinned ones."""
    for index in range(count):
        customer = CustomerFactory(owner=org.rep)
        shape = index % 8
        if shape == 0:
            Opportunity.objects.create(customer=customer, owner=org.rep, name="o", amount=Decimal("100000.00"))
        elif shape == 1:
            _contract(customer, "120000.10", date(2026, 3, 1))
        elif shape == 2:
            _contract(customer, "300000", date(2024, 6, 1))
            _contract(customer, "500000", date(2026, 1, 1))
            FollowUpFactory(customer=customer, occurred_at=timezone.make_aware(datetime(2026, 6, 29, 23, 30)))
        elif shape == 3:
            _contract(customer, "900000", date(2024, 12, 1))
            _contract(customer, "100000", date(2025, 12, 1))
        elif shape == 4:
            _contract(customer, "150000", date(2025, 3, 1))
            _contract(customer, "150000", date(2026, 2, 1))
            FollowUpFactory(customer=customer, occurred_at=timezone.make_aware(datetime(2026, 5, 1, 9)))
        elif shape == 5:
            _contract(customer, "10", date(2023, 1, 1))
        elif shape == 6:
            _contract(customer, "700000", date(2026, 7, 1))  # after as_of: ignored
            FollowUpFactory(customer=customer, occurred_at=timezone.make_aware(datetime(2026, 7, 1, 0, 30)))
        else:
            _contract(customer, "700000", date(2026, 1, 1))
            Customer.objects.filter(pk=customer.pk).update(tier="A", tier_pinned=True, pin_reason="by hand")


def _expected_one_by_one(as_of):
    """The rules applied per customer from ORM reads (slow, obviously right): the reference."""
    policy = TieringPolicy.current()
    expected = {}
    year_ago, two_ago = date(as_of.year - 1, as_of.month, as_of.day), date(as_of.year - 2, as_of.month, as_of.day)
    for customer in Customer.objects.all():
        contracts = list(customer.contracts.filter(signed_on__lte=as_of))
        followups = [f.occurred_at for f in customer.follow_ups.all()
                     if timezone.localtime(f.occurred_at).date() <= as_of]
        last = max(followups, default=None) or customer.created_at
        inputs = TierInputs(
            revenue_12m=sum((c.amount for c in contracts if c.signed_on > year_ago), Decimal("0.00")),
            revenue_prev_12m=sum((c.amount for c in contracts if two_ago < c.signed_on <= year_ago), Decimal("0.00")),
            first_signed_on=min((c.signed_on for c in contracts), default=None),
            last_signed_on=max((c.signed_on for c in contracts), default=None),
            open_pipeline=sum((o.amount for o in customer.opportunities.all() if o.is_open), Decimal("0.00")),
            last_follow_up_on=timezone.localtime(last).date(),
        )
        tier = customer.tier if customer.tier_pinned else tier_for(inputs, as_of=as_of, policy=policy)
        expected[customer.pk] = (tier, status_for(inputs, tier=tier, as_of=as_of, policy=policy))
    return expected


def test_set_based_recompute_matches_the_rules_one_customer_at_a_time(org):
    _mixed_customers(org, 16)
    expected = _expected_one_by_one(AS_OF)
    assert len(set(expected.values())) >= 6  # the shapes really differ
    summary = customers_recompute_tiers(as_of=AS_OF)
    assert dict((pk, (tier, status)) for pk, tier, status in Customer.objects.values_list("pk", "tier", "status")) \
        == expected
    assert summary["customers"] == 16
    assert summary["tier_changed"] == CustomerTierChange.objects.filter(field="tier").count()
    assert summary["status_changed"] == CustomerTierChange.objects.filter(field="status").count()


def _queries_of_a_recompute(org, count):
    _mixed_customers(org, count)
    with CaptureQueriesContext(connection) as first:
        customers_recompute_tiers(as_of=AS_OF)
    with CaptureQueriesContext(connection) as rerun:
        rerun_summary = customers_recompute_tiers(as_of=AS_OF)
    assert rerun_summary["tier_changed"] == rerun_summary["status_changed"] == 0
    return len(first), len(rerun)


def test_query_count_is_the_same_for_5_and_50_customers_of_every_kind(org):
    small = _queries_of_a_recompute(org, 5)
    big = _queries_of_a_recompute(org, 50)
    assert small == big
    # tiering and health policies, the health facts (3) and the month's stored health, the
    # aggregate, savepoint, the UPDATE, the history INSERT, the health upsert, the band UPDATE,
    # release; a rerun writes nothing
    assert small == (13, 9)


def test_only_changed_customers_are_written(org):
    _mixed_customers(org, 8)
    customers_recompute_tiers(as_of=AS_OF)
    untouched = CustomerFactory(owner=org.rep)  # a prospect already: nothing to write
    with CaptureQueriesContext(connection) as queries:
        summary = customers_recompute_tiers(as_of=AS_OF)
    assert summary["customers"] == 9 and summary["tier_changed"] == summary["status_changed"] == 0
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert not CustomerTierChange.objects.filter(customer=untouched).exists()


def test_follow_up_late_on_the_last_day_counts_in_local_time(org):
    """23:30 Shanghai on as_of is 15:30 UTC: inside the day; 00:30 the next day is outside."""
    customer = CustomerFactory(owner=org.rep)
    _contract(customer, "150000", date(2025, 3, 1))
    _contract(customer, "150000", date(2026, 2, 1))
    FollowUpFactory(customer=customer, occurred_at=timezone.make_aware(datetime(2026, 6, 30, 23, 30)))
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert (customer.tier, customer.status) == ("B", "active")
