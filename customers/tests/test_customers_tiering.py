"""Tiering and lifecycle (SPEC §2.2, §2.3): the rules at their edges, pinning, and a recompute whose
query count does not grow with the number of customers."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from common.exceptions import NotAllowed
from customers.models import Contract, Customer, CustomerTierChange, Opportunity, TieringPolicy
from customers.services.tiering import (
    TierInputs,
    customer_mark_lost,
    customer_pin_tier,
    customer_reactivate,
    customer_unpin_tier,
    customers_recompute_tiers,
    status_for,
    tier_for,
)
from customers.tests.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)
_numbers = itertools.count(1)


def contract(customer, amount, signed_on):
    return Contract.objects.create(
        number=f"TC-{next(_numbers):05d}", customer=customer, owner=customer.owner, amount=Decimal(amount),
        signed_on=signed_on, start_on=signed_on, end_on=signed_on + timedelta(days=365),
    )


def inputs(r="0", prev="0", first=None, last=None, p="0", followed=AS_OF):
    return TierInputs(
        revenue_12m=Decimal(r), revenue_prev_12m=Decimal(prev), first_signed_on=first,
        last_signed_on=last or first, open_pipeline=Decimal(p), last_follow_up_on=followed,
    )


@pytest.fixture
def policy():
    return TieringPolicy.current()


@pytest.mark.parametrize(
    ("revenue", "first", "expected"),
    [
        ("500000.00", date(2025, 6, 30), "A"),  # exactly 12 months
        ("499999.99", date(2025, 6, 30), "B"),  # a cent short of A
        ("500000.00", date(2025, 7, 1), "B"),  # 11 months
        ("100000.00", date(2026, 1, 1), "B"),
        ("99999.99", date(2026, 1, 1), "C"),
    ],
)
def test_tier_revenue_and_months_edges(policy, revenue, first, expected):
    assert tier_for(inputs(r=revenue, first=first), as_of=AS_OF, policy=policy) == expected


@pytest.mark.parametrize(("pipeline", "expected"), [("99999.99", "C"), ("100000.00", "B")])
def test_tier_open_pipeline_edge(policy, pipeline, expected):
    assert tier_for(inputs(p=pipeline), as_of=AS_OF, policy=policy) == expected


def test_thresholds_come_from_the_policy(policy):
    policy.b_min_revenue = Decimal("50000.00")
    assert tier_for(inputs(r="60000", first=date(2026, 1, 1)), as_of=AS_OF, policy=policy) == "B"


@pytest.mark.parametrize(
    ("kwargs", "tier", "expected"),
    [
        ({}, "C", "prospect"),
        ({"r": "1", "first": date(2025, 7, 1)}, "C", "new"),  # first contract 11 months ago
        ({"r": "1", "first": date(2025, 6, 30), "last": date(2026, 1, 1)}, "C", "active"),  # 12 months
        ({"first": date(2024, 1, 1), "last": date(2025, 6, 30)}, "C", "churn_risk"),  # none in 12 months
        ({"first": date(2024, 1, 1), "last": date(2024, 7, 1)}, "C", "churn_risk"),  # 23 months
        ({"first": date(2024, 1, 1), "last": date(2024, 6, 30)}, "C", "lost"),  # 24 months
        ({"r": "70", "prev": "100", "first": date(2024, 1, 1), "last": date(2026, 1, 1)}, "C", "churn_risk"),
        ({"r": "70.01", "prev": "100", "first": date(2024, 1, 1), "last": date(2026, 1, 1)}, "C", "active"),
    ],
)
def test_lifecycle_status_edges(policy, kwargs, tier, expected):
    assert status_for(inputs(**kwargs), tier=tier, as_of=AS_OF, policy=policy) == expected


@pytest.mark.parametrize(("days_since", "tier", "expected"), [(14, "A", "active"), (15, "A", "churn_risk"),
                                                               (28, "B", "active"), (29, "B", "churn_risk"),
                                                               (200, "C", "active")])
def test_neglected_a_b_customer_is_a_churn_risk(policy, days_since, tier, expected):
    data = inputs(r="1", first=date(2024, 1, 1), last=date(2026, 1, 1), followed=AS_OF - timedelta(days=days_since))
    assert status_for(data, tier=tier, as_of=AS_OF, policy=policy) == expected


def _recent_followup(customer):
    FollowUpFactory(customer=customer, occurred_at=timezone.make_aware(datetime(2026, 6, 29, 10)))


def test_recompute_sets_tiers_statuses_and_history(org):
    a = CustomerFactory(owner=org.rep)
    contract(a, "300000", date(2025, 6, 30))  # 12 months before: first contract; inside the window? no
    contract(a, "500000", date(2025, 12, 1))
    _recent_followup(a)
    b = CustomerFactory(owner=org.rep)
    Opportunity.objects.create(customer=b, owner=org.rep, name="Big deal", amount=Decimal("100000.00"))
    Opportunity.objects.create(customer=b, owner=org.rep, name="Lost deal", amount=Decimal("900000.00"),
                               stage="lost", lost_reason="price", closed_on=date(2026, 5, 1))
    c = CustomerFactory(owner=org.rep)
    contract(c, "499999.99", date(2025, 1, 1))
    contract(c, "499999.99", date(2026, 1, 1))

    summary = customers_recompute_tiers(as_of=AS_OF)

    assert {k: summary[k] for k in ("as_of", "customers", "tier_changed", "status_changed")} == {
        "as_of": AS_OF, "customers": 3, "tier_changed": 3, "status_changed": 2}
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert (a.tier, a.status) == ("A", "active")
    assert (b.tier, b.status) == ("B", "prospect")
    assert c.tier == "B"
    change = CustomerTierChange.objects.get(customer=a, field="tier")
    assert (change.old_value, change.new_value, change.as_of, change.changed_by) == ("C", "A", AS_OF, None)
    # Nothing changes the second time.
    assert customers_recompute_tiers(as_of=AS_OF)["tier_changed"] == 0


def test_contract_on_the_window_start_is_outside_trailing_revenue(org):
    customer = CustomerFactory(owner=org.rep)
    contract(customer, "100000", date(2025, 6, 30))  # signed_on == as_of − 12 months: excluded
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert (customer.tier, customer.status) == ("C", "churn_risk")


def test_future_contracts_are_ignored(org):
    customer = CustomerFactory(owner=org.rep)
    contract(customer, "600000", date(2026, 7, 1))
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert (customer.tier, customer.status) == ("C", "prospect")


def test_pinned_tier_survives_the_recompute(org):
    customer = CustomerFactory(owner=org.rep)
    contract(customer, "900000", date(2024, 1, 1))
    contract(customer, "900000", date(2026, 1, 1))
    customer_pin_tier(actor=org.sup1.user, customer=customer, tier="C", reason="Parent company decides")
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert customer.tier == "C" and customer.tier_pinned
    pin = CustomerTierChange.objects.get(customer=customer, field="pin")
    assert (pin.new_value, pin.changed_by, pin.reason) == ("C", org.sup1.user, "Parent company decides")


def test_unpin_recomputes_at_once(org):
    customer = CustomerFactory(owner=org.rep)
    Opportunity.objects.create(customer=customer, owner=org.rep, name="Deal", amount=Decimal("150000"))
    customer_pin_tier(actor=org.manager.user, customer=customer, tier="A", reason="Strategic")
    customer = customer_unpin_tier(actor=org.manager.user, customer=customer)
    assert (customer.tier, customer.tier_pinned, customer.pin_reason) == ("B", False, "")


@pytest.mark.parametrize("who", ["rep", "hr", "finance"])
def test_pin_refused_to_roles_below_supervisor(org, who):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(NotAllowed):
        customer_pin_tier(actor=getattr(org, who).user, customer=customer, tier="A", reason="x")


def test_pin_out_of_scope_is_not_found_and_reason_is_required(org):
    from django.http import Http404

    from common.exceptions import NotFound

    customer = CustomerFactory(owner=org.rep)
    with pytest.raises((NotFound, Http404)):
        customer_pin_tier(actor=org.sup2.user, customer=customer, tier="A", reason="x")
    with pytest.raises(ValidationError) as exc:
        customer_pin_tier(actor=org.sup1.user, customer=customer, tier="A", reason="  ")
    assert "reason" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        customer_pin_tier(actor=org.sup1.user, customer=customer, tier="Z", reason="why")
    assert "tier" in exc.value.error_dict
    assert not Customer.objects.get(pk=customer.pk).tier_pinned


def test_lost_by_hand_stays_lost_until_reactivated(org):
    customer = CustomerFactory(owner=org.rep)
    contract(customer, "1000", date(2026, 3, 1))
    customer_mark_lost(actor=org.rep.user, customer=customer, reason="Went bankrupt")
    customers_recompute_tiers(as_of=AS_OF)
    customer.refresh_from_db()
    assert (customer.status, customer.status_pinned, customer.status_reason) == ("lost", True, "Went bankrupt")
    customer = customer_reactivate(actor=org.rep.user, customer=customer)
    assert customer.status == "new" and not customer.status_pinned


def test_mark_lost_needs_a_reason(org):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        customer_mark_lost(actor=org.rep.user, customer=customer, reason="")
    assert "reason" in exc.value.error_dict


def _customers_with_history(org, count):
    for index in range(count):
        customer = CustomerFactory(owner=org.rep)
        contract(customer, "200000", date(2025, 1, 1) + timedelta(days=index))
        contract(customer, "600000", date(2026, 2, 1))
        Opportunity.objects.create(customer=customer, owner=org.rep, name="o", amount=Decimal("10"))
        _recent_followup(customer)


@pytest.mark.parametrize("count", [3, 30])
def test_recompute_query_count_does_not_grow(org, django_assert_num_queries, count):
    _customers_with_history(org, count)
    # policies (2), health facts (3) + stored health, the aggregate, savepoint + bulk update + bulk
    # create + health upsert + band update + release
    with django_assert_num_queries(13):
        summary = customers_recompute_tiers(as_of=AS_OF)
    assert summary["tier_changed"] == count


def test_command_calls_the_service(org):
    customer = CustomerFactory(owner=org.rep)
    Opportunity.objects.create(customer=customer, owner=org.rep, name="Deal", amount=Decimal("150000"))
    call_command("recompute_tiers", "--as-of", "2026-06-30")
    customer.refresh_from_db()
    assert customer.tier == "B"
    assert CustomerTierChange.objects.get(customer=customer, field="tier").as_of == AS_OF
