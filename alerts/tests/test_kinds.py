"""Each daily alert kind at its threshold's edges (SPEC §8, §2.4–§2.6, §3.5)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alerts.models import AlertItem
from common.models import CalendarDay, Notification
from customers.models import Contract, Customer, CustomerStatus, CustomerTierChange, Stage, Tier
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    FollowUpFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 13)  # a Tuesday


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def keys(kind: str, user=None) -> set[str]:
    items = AlertItem.objects.filter(kind=kind)
    if user is not None:
        items = items.filter(recipient=user)
    return set(items.values_list("key", flat=True))


# --- renewals: 60/30/7 days before the end while no renewal exists ---------------------------

def test_renewal_at_60_days_not_at_61(org, customer, run):
    at_60 = ContractFactory(customer=customer, signed_on=date(2025, 12, 1), end_on=TODAY + timedelta(days=60))
    ContractFactory(customer=customer, signed_on=date(2025, 12, 1), end_on=TODAY + timedelta(days=61))
    run(TODAY, kinds=["renewal"])
    assert keys("renewal") == {f"contract-renewal:{at_60.pk}:60"}


def test_renewal_59_days_before_after_a_gap_raises_60_once_then_30_and_7(org, customer, run):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 12, 1), end_on=TODAY + timedelta(days=59))
    run(TODAY, kinds=["renewal"])
    assert keys("renewal", org.rep.user) == {f"contract-renewal:{contract.pk}:60"}
    run(TODAY + timedelta(days=53), kinds=["renewal"])  # 6 days before the end: 30 and 7 catch up
    assert keys("renewal", org.rep.user) == {f"contract-renewal:{contract.pk}:{t}" for t in (60, 30, 7)}
    assert AlertItem.objects.filter(kind="renewal").count() == 3


def test_a_renewed_contract_raises_nothing_more(org, customer, run):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 12, 1), end_on=TODAY + timedelta(days=45))
    run(TODAY, kinds=["renewal"])
    ContractFactory(customer=customer, signed_on=TODAY, renews=contract)
    run(TODAY + timedelta(days=20), kinds=["renewal"])
    assert keys("renewal") == {f"contract-renewal:{contract.pk}:60"}


# --- receivables overdue at 1, 7 and 30 days ---------------------------------------------------

def test_receivable_overdue_1_day_not_on_its_due_day(org, customer, run):
    contract = ContractFactory(customer=customer, signed_on=date(2026, 8, 1))
    late = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=1), amount=Decimal("1000.00"))
    ReceivableFactory(contract=contract, due_on=TODAY, amount=Decimal("1000.00"))
    run(TODAY, kinds=["receivable_overdue"])
    assert keys("receivable_overdue", org.rep.user) == {f"receivable-overdue:{late.pk}:1"}
    assert keys("receivable_overdue", org.finance.user) == {f"receivable-overdue:{late.pk}:1"}


def test_receivable_1_day_overdue_on_a_holiday_is_raised_that_day(org, customer, run):
    """Thresholds count calendar days: the day after the due day is a holiday (National Day) and
    the alert still goes out on it; the 7-day one follows on the 7th day."""
    CalendarDay.objects.create(day=date(2026, 10, 1), name="National Day")
    contract = ContractFactory(customer=customer, signed_on=date(2026, 8, 1))
    receivable = ReceivableFactory(contract=contract, due_on=date(2026, 9, 30), amount=Decimal("500.00"))
    run(date(2026, 10, 1), kinds=["receivable_overdue"])
    assert keys("receivable_overdue", org.rep.user) == {f"receivable-overdue:{receivable.pk}:1"}
    run(date(2026, 10, 6), kinds=["receivable_overdue"])  # 6 days: nothing new
    assert AlertItem.objects.filter(kind="receivable_overdue", recipient=org.rep.user).count() == 1
    run(date(2026, 10, 7), kinds=["receivable_overdue"])
    assert keys("receivable_overdue", org.rep.user) == {f"receivable-overdue:{receivable.pk}:{t}" for t in (1, 7)}


def test_a_paid_receivable_raises_nothing_more(org, customer, run):
    contract = ContractFactory(customer=customer, signed_on=date(2026, 8, 1))
    receivable = ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=2), amount=Decimal("800.00"))
    run(TODAY, kinds=["receivable_overdue"])
    PaymentFactory(receivable=receivable, paid_on=TODAY)
    run(TODAY + timedelta(days=30), kinds=["receivable_overdue"])
    assert keys("receivable_overdue", org.rep.user) == {f"receivable-overdue:{receivable.pk}:1"}


# --- follow-up overdue (owner; digest to the supervisor) ---------------------------------------

def _last_contact(customer: Customer, day: date) -> None:
    Customer.objects.filter(pk=customer.pk).update(last_follow_up_at=_at(day), created_at=_at(date(2025, 1, 1)))


def test_followup_overdue_after_the_cadence_not_on_its_last_day(org, run):
    """Tier C: every 30 days. Last contact 30 days ago is not overdue yet; 31 days ago is."""
    due = CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE, name="Due")
    fine = CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE, name="Fine")
    _last_contact(due, TODAY - timedelta(days=31))
    _last_contact(fine, TODAY - timedelta(days=30))
    run(TODAY, kinds=["followup_overdue"])
    expected = {f"followup-overdue:{due.pk}:{(TODAY - timedelta(days=31)).isoformat()}"}
    assert keys("followup_overdue", org.rep.user) == expected
    assert keys("followup_overdue", org.sup1.user) == expected  # the supervisor's digest
    assert not keys("followup_overdue", org.manager.user)


def test_a_new_follow_up_starts_a_new_episode(org, run):
    customer = CustomerFactory(owner=org.rep, tier=Tier.A, status=CustomerStatus.ACTIVE)
    _last_contact(customer, TODAY - timedelta(days=8))
    run(TODAY, kinds=["followup_overdue"])
    run(TODAY + timedelta(days=1), kinds=["followup_overdue"])  # still the same episode
    assert AlertItem.objects.filter(kind="followup_overdue", recipient=org.rep.user).count() == 1
    _last_contact(customer, TODAY + timedelta(days=1))
    run(TODAY + timedelta(days=10), kinds=["followup_overdue"])
    assert AlertItem.objects.filter(kind="followup_overdue", recipient=org.rep.user).count() == 2


# --- no follow-up on a working day (rep and supervisor) ---------------------------------------

def test_no_followup_on_working_days_only_and_not_before_the_hire(org, customer, run, settings):
    from alerts.models import AlertPolicy

    AlertPolicy.objects.update_or_create(pk=1, defaults={"catch_up_days": 7})
    CalendarDay.objects.create(day=date(2026, 10, 8), name="Holiday")  # Thursday
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=_at(date(2026, 10, 12)))
    org.teammate.hire_date = date(2026, 10, 9)
    org.teammate.save()
    run(TODAY, kinds=["no_followup"])  # the window: 6th … 12th October
    rep_days = {key.rsplit(":", 1)[1] for key in keys("no_followup", org.rep.user)}
    assert rep_days == {"2026-10-06", "2026-10-07", "2026-10-09"}  # not the holiday, weekend or the 12th
    teammate = {key for key in keys("no_followup", org.teammate.user)}
    assert teammate == {f"no-followup:{org.teammate.pk}:2026-10-09", f"no-followup:{org.teammate.pk}:2026-10-12"}
    # the supervisor's digest lists both reps' days
    assert keys("no_followup", org.sup1.user) == keys("no_followup", org.rep.user) | teammate
    assert Notification.objects.filter(kind="no_followup", recipient=org.sup1.user).count() == 1


def test_no_followup_the_day_after_a_logged_working_day_is_quiet(org, customer, run):
    from alerts.models import AlertPolicy

    AlertPolicy.objects.update_or_create(pk=1, defaults={"catch_up_days": 1})
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=_at(TODAY - timedelta(days=1), 23))
    run(TODAY, kinds=["no_followup"])
    assert not keys("no_followup", org.rep.user)
    assert keys("no_followup", org.teammate.user) == {f"no-followup:{org.teammate.pk}:2026-10-12"}


# --- quote SLA, delivery SLA --------------------------------------------------------------------

def test_quote_sla_breached_the_day_after_its_due_day(org, customer, run):
    breached = OpportunityFactory(customer=customer, needs_confirmed_on=TODAY - timedelta(days=3), stage=Stage.PROPOSAL)
    OpportunityFactory(customer=customer, needs_confirmed_on=TODAY - timedelta(days=2), stage=Stage.PROPOSAL)
    OpportunityFactory(customer=customer, needs_confirmed_on=TODAY - timedelta(days=9), stage=Stage.LOST,
                       lost_reason="price", closed_on=TODAY - timedelta(days=4))
    OpportunityFactory(customer=customer, needs_confirmed_on=TODAY - timedelta(days=9), stage=Stage.PROPOSAL,
                       quote_submitted_on=TODAY - timedelta(days=8))  # on time
    run(TODAY, kinds=["quote_sla"])
    due = (TODAY - timedelta(days=1)).isoformat()
    assert keys("quote_sla", org.rep.user) == {f"quote-sla:{breached.pk}:{due}"}
    assert keys("quote_sla", org.sup1.user) == {f"quote-sla:{breached.pk}:{due}"}


def test_delivery_sla_breached_after_3_days(org, customer, run):
    late = ContractFactory(customer=customer, signed_on=TODAY - timedelta(days=4))
    due_today = ContractFactory(customer=customer, signed_on=TODAY - timedelta(days=3))
    ContractFactory(customer=customer, signed_on=TODAY - timedelta(days=9), delivery_confirmed_on=TODAY - timedelta(days=7))
    run(TODAY, kinds=["delivery_sla"])
    assert keys("delivery_sla", org.rep.user) == {f"delivery-sla:{late.pk}"}
    Contract.objects.filter(pk=late.pk).update(delivery_confirmed_on=TODAY)  # late: still breached
    run(TODAY + timedelta(days=1), kinds=["delivery_sla"])  # the one due yesterday is breached now
    assert keys("delivery_sla", org.rep.user) == {f"delivery-sla:{late.pk}", f"delivery-sla:{due_today.pk}"}
    assert AlertItem.objects.filter(kind="delivery_sla", recipient=org.rep.user).count() == 2


# --- churn risk, slipped opportunities ----------------------------------------------------------

def test_churn_risk_once_per_turn(org, run):
    customer = CustomerFactory(owner=org.rep, status=CustomerStatus.CHURN_RISK)
    CustomerFactory(owner=org.rep, status=CustomerStatus.ACTIVE)
    run(TODAY, kinds=["churn_risk"])
    assert keys("churn_risk", org.rep.user) == {f"churn-risk:{customer.pk}:0"}
    run(TODAY + timedelta(days=1), kinds=["churn_risk"])
    assert AlertItem.objects.filter(kind="churn_risk", recipient=org.rep.user).count() == 1
    change = CustomerTierChange.objects.create(customer=customer, field="status", old_value="active",
                                               new_value=CustomerStatus.CHURN_RISK)
    run(TODAY + timedelta(days=40), kinds=["churn_risk"])  # turned again (recorded): a new alert
    assert f"churn-risk:{customer.pk}:{change.pk}" in keys("churn_risk", org.rep.user)
    assert keys("churn_risk", org.sup1.user) == keys("churn_risk", org.rep.user)


def test_slipped_the_day_after_the_expected_close_date_while_open(org, customer, run):
    slipped = OpportunityFactory(customer=customer, expected_close_on=TODAY - timedelta(days=1))
    OpportunityFactory(customer=customer, expected_close_on=TODAY)
    OpportunityFactory(customer=customer, expected_close_on=TODAY - timedelta(days=5), stage=Stage.LOST,
                       lost_reason="budget", closed_on=TODAY - timedelta(days=2))
    run(TODAY, kinds=["slipped_opportunity"])
    expected = {f"slipped:{slipped.pk}:{(TODAY - timedelta(days=1)).isoformat()}"}
    assert keys("slipped_opportunity", org.rep.user) == expected
    assert keys("slipped_opportunity", org.sup1.user) == expected
