"""Customer-side metrics: new prospects, follow-up compliance (holidays, mid-month hire),
satisfaction, overdue-for-follow-up at its edges, the timeline — with pinned query counts."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from common.models import CalendarDay
from common.periods import Period
from customers.models import Contract, Customer, Opportunity, OpportunityStageChange, Payment, Receivable
from customers.selectors.customers import (
    customer_timeline,
    followup_compliance_by_employee,
    followup_overdue_customers,
    new_prospects_by_employee,
    satisfaction_by_employee,
)
from customers.tests.factories import CustomerFactory, FollowUpFactory, SurveyFactory

pytestmark = pytest.mark.django_db
JUNE = Period(2026, month=6)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def created(customer, when):
    Customer.objects.filter(pk=customer.pk).update(created_at=when)


def test_new_prospects_counted_for_creator_else_owner(org):
    for _ in range(2):
        created(CustomerFactory(owner=org.rep, created_by=org.rep), at(date(2026, 6, 1), 0, 0))
    created(CustomerFactory(owner=org.teammate, created_by=org.sup1), at(date(2026, 6, 30), 23, 59))
    created(CustomerFactory(owner=org.teammate, created_by=None), at(date(2026, 6, 15)))
    created(CustomerFactory(owner=org.rep, created_by=org.rep), at(date(2026, 5, 31), 23, 59))  # May, local time
    created(CustomerFactory(owner=org.rep, created_by=org.rep), at(date(2026, 7, 1), 0, 0))
    assert new_prospects_by_employee(month=JUNE) == {org.rep.pk: 2, org.sup1.pk: 1, org.teammate.pk: 1}
    assert new_prospects_by_employee(month=JUNE, employee_ids=[org.rep.pk]) == {org.rep.pk: 2}


@pytest.mark.parametrize("reps", [1, 20])
def test_new_prospects_one_query(org, django_assert_num_queries, reps):
    for _ in range(reps):
        CustomerFactory()
    with django_assert_num_queries(1):
        new_prospects_by_employee(month=Period.of_month(timezone.localdate()))


@time_machine.travel(at(date(2026, 7, 5)), tick=False)
def test_compliance_with_holidays_and_mid_month_hire(org, django_assert_num_queries):
    # June 2026 has 22 weekdays; two of them are holidays and one Saturday is a make-up working day.
    CalendarDay.objects.create(day=date(2026, 6, 19), name="端午节")
    CalendarDay.objects.create(day=date(2026, 6, 22), name="端午节")
    CalendarDay.objects.create(day=date(2026, 6, 27), name="调休", is_working_day=True)
    customer = CustomerFactory(owner=org.rep)
    # rep: follow-ups on 10 working days (two on one of them), one on a holiday, one at 23:30 local time.
    for day in [1, 2, 3, 4, 5, 8, 9, 10, 11, 27]:
        FollowUpFactory(customer=customer, author=org.rep, occurred_at=at(date(2026, 6, day)))
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=at(date(2026, 6, 1), 16))
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=at(date(2026, 6, 19)))  # holiday: no credit
    FollowUpFactory(customer=customer, author=org.rep, occurred_at=at(date(2026, 5, 31), 23, 30))  # May
    # teammate hired mid-month on Monday 15 June: 11 working days counted (15–30 minus 19, 22, plus 27).
    org.teammate.hire_date = date(2026, 6, 15)
    org.teammate.save()
    FollowUpFactory(customer=CustomerFactory(owner=org.teammate), author=org.teammate, occurred_at=at(date(2026, 6, 15)))
    new_rep = org.rep2
    new_rep.hire_date = date(2026, 7, 1)
    new_rep.save()
    with django_assert_num_queries(2):
        result = followup_compliance_by_employee(month=JUNE, employees=[org.rep, org.teammate, new_rep])
    assert result == {org.rep.pk: Decimal("47.62"), org.teammate.pk: Decimal("9.09"), new_rep.pk: None}  # 10/21, 1/11


@time_machine.travel(at(date(2026, 6, 3)), tick=False)
def test_compliance_of_a_running_month_counts_days_until_today(org):
    customer = CustomerFactory(owner=org.rep)
    for day in (1, 2):
        FollowUpFactory(customer=customer, author=org.rep, occurred_at=at(date(2026, 6, day)))
    assert followup_compliance_by_employee(month=JUNE, employees=[org.rep]) == {org.rep.pk: Decimal("66.67")}


def test_satisfaction_mean_by_owner_at_survey_date(org, django_assert_num_queries):
    customer = CustomerFactory(owner=org.rep)
    for score in (90, 85, 70):
        SurveyFactory(customer=customer, owner=org.rep, surveyed_on=date(2026, 6, 30), score=score)
    SurveyFactory(customer=customer, owner=org.teammate, surveyed_on=date(2026, 6, 1), score=79)
    SurveyFactory(customer=customer, owner=org.rep, surveyed_on=date(2026, 7, 1), score=0)
    with django_assert_num_queries(1):
        result = satisfaction_by_employee(month=JUNE)
    assert result == {org.rep.pk: Decimal("81.67"), org.teammate.pk: Decimal("79.00")}
    assert satisfaction_by_employee(month=JUNE, employee_ids=[org.teammate.pk]) == {org.teammate.pk: Decimal("79.00")}


TODAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("tier", "status", "days_ago", "overdue"),
    [
        ("A", "active", 7, False), ("A", "active", 8, True),
        ("B", "active", 14, False), ("B", "active", 15, True),
        ("C", "active", 30, False), ("C", "active", 31, True),
        ("A", "prospect", 14, False), ("A", "prospect", 15, True),  # prospects use the prospect cadence
        ("C", "lost", 400, False),
    ],
)
def test_overdue_for_follow_up_cadence_edges(org, tier, status, days_ago, overdue):
    customer = CustomerFactory(owner=org.rep, tier=tier, status=status)
    Customer.objects.filter(pk=customer.pk).update(
        last_follow_up_at=at(TODAY - timedelta(days=days_ago), 23, 59), created_at=at(date(2025, 1, 1))
    )
    assert followup_overdue_customers(Customer.objects.all(), TODAY).exists() is overdue


@pytest.mark.parametrize(("next_on", "overdue"), [(TODAY, False), (TODAY - timedelta(days=1), True)])
def test_overdue_when_next_follow_up_date_passed(org, next_on, overdue):
    customer = CustomerFactory(owner=org.rep, tier="C", status="active")
    Customer.objects.filter(pk=customer.pk).update(last_follow_up_at=at(TODAY), next_follow_up_on=next_on)
    assert followup_overdue_customers(Customer.objects.all(), TODAY).exists() is overdue


def test_never_followed_up_counts_from_creation(org):
    fresh, old = CustomerFactory(owner=org.rep, status="prospect"), CustomerFactory(owner=org.rep, status="prospect")
    created(fresh, at(TODAY - timedelta(days=14)))
    created(old, at(TODAY - timedelta(days=15)))
    assert list(followup_overdue_customers(Customer.objects.all(), TODAY)) == [old]


def _history(customer):
    FollowUpFactory(customer=customer, occurred_at=at(date(2026, 6, 1)))
    contract = Contract.objects.create(
        number=f"TL-{customer.pk}", customer=customer, owner=customer.owner, amount=Decimal("1000.00"),
        signed_on=date(2026, 6, 2), start_on=date(2026, 6, 2), end_on=date(2027, 6, 1),
    )
    receivable = Receivable.objects.create(contract=contract, due_on=date(2026, 7, 1), amount=Decimal("1000.00"))
    Payment.objects.create(receivable=receivable, amount=Decimal("400.00"), paid_on=date(2026, 6, 20))
    opportunity = Opportunity.objects.create(customer=customer, owner=customer.owner, name="Deal", amount=Decimal(5))
    OpportunityStageChange.objects.create(opportunity=opportunity, old_stage="lead", new_stage="contacted")


@pytest.mark.parametrize("rows", [1, 10])
def test_timeline_merges_everything_in_fixed_queries(org, django_assert_num_queries, rows):
    customer = CustomerFactory(owner=org.rep)
    for _ in range(rows):
        _history(customer) if _ == 0 else FollowUpFactory(customer=customer, occurred_at=at(date(2026, 6, 3)))
    from customers.services.tiering import customer_pin_tier

    customer_pin_tier(actor=org.sup1.user, customer=customer, tier="A", reason="Strategic")
    SurveyFactory(customer=customer, surveyed_on=date(2026, 6, 25), score=70)
    user = org.rep.user
    with django_assert_num_queries(9):  # scope + eight kinds
        entries = customer_timeline(customer=customer, user=user, warning_below=80)
    kinds = {entry.kind for entry in entries}
    assert {"followup", "contract", "payment", "stage", "survey", "tier", "pin"} <= kinds
    assert entries == sorted(entries, key=lambda e: e.at, reverse=True)


def test_the_timeline_is_newest_first_across_every_kind(org):
    """Issue 9: one order (`timeline_order_key`) for follow-ups, opportunities, contracts, payments,
    surveys and tier changes; an event known by its date only stands at the end of its day."""
    from customers.models import CustomerTierChange

    customer = CustomerFactory(owner=org.rep)
    FollowUpFactory(customer=customer, occurred_at=at(date(2026, 6, 2), 9), content="morning call")
    FollowUpFactory(customer=customer, occurred_at=at(date(2026, 6, 20), 16), content="late call")
    contract = Contract.objects.create(
        number="TL-1", customer=customer, owner=customer.owner, amount=Decimal("31250.00"),
        signed_on=date(2026, 6, 2), start_on=date(2026, 6, 2), end_on=date(2027, 6, 1),
    )
    receivable = Receivable.objects.create(contract=contract, due_on=date(2026, 7, 1), amount=Decimal("31250.00"))
    first = Payment.objects.create(receivable=receivable, amount=Decimal("1000.00"), paid_on=date(2026, 6, 20))
    second = Payment.objects.create(receivable=receivable, amount=Decimal("2000.00"), paid_on=date(2026, 6, 20))
    opportunity = Opportunity.objects.create(customer=customer, owner=customer.owner, name="Deal", amount=Decimal(5))
    change = OpportunityStageChange.objects.create(opportunity=opportunity, old_stage="lead", new_stage="contacted")
    OpportunityStageChange.objects.filter(pk=change.pk).update(changed_at=at(date(2026, 6, 10), 11))
    SurveyFactory(customer=customer, surveyed_on=date(2026, 6, 15), score=75)
    tier = CustomerTierChange.objects.create(customer=customer, field="tier", old_value="C", new_value="B",
                                             as_of=date(2026, 6, 30))
    CustomerTierChange.objects.filter(pk=tier.pk).update(changed_at=at(date(2026, 6, 30), 2))

    entries = customer_timeline(customer=customer, user=org.rep.user, warning_below=80)
    assert [(e.kind, timezone.localtime(e.at).date().isoformat()) for e in entries] == [
        ("tier", "2026-06-30"),
        ("payment", "2026-06-20"), ("payment", "2026-06-20"),  # date only: before the 16:00 call that day
        ("followup", "2026-06-20"),
        ("survey", "2026-06-15"),
        ("stage", "2026-06-10"),
        ("contract", "2026-06-02"), ("followup", "2026-06-02"),
    ]
    assert [e.row_id for e in entries if e.kind == "payment"] == [second.pk, first.pk]
    assert [e.amount for e in entries if e.kind == "payment"] == [Decimal("2000.00"), Decimal("1000.00")]
    assert [e.day_only for e in entries] == [False, True, True, False, True, False, True, False]
    assert next(e for e in entries if e.kind == "survey").flag == "warning"


def test_the_timeline_cut_keeps_every_kind_complete_down_to_its_oldest_entry(org):
    """Each kind is read newest first and capped; the merged list is cut at the same limit, so no
    kind shows older entries while another's are missing."""
    customer = CustomerFactory(owner=org.rep)
    for day in (1, 2, 3, 4):
        FollowUpFactory(customer=customer, occurred_at=at(date(2026, 6, day)))
    for day in (5, 6):
        SurveyFactory(customer=customer, surveyed_on=date(2026, 5, day))
    entries = customer_timeline(customer=customer, user=org.rep.user, limit=3, warning_below=80)
    assert [timezone.localtime(e.at).date() for e in entries] == [date(2026, 6, 4), date(2026, 6, 3), date(2026, 6, 2)]


def test_the_customer_page_shows_timeline_amounts_with_separators_and_dates_without_invented_times(org, page):
    customer = CustomerFactory(owner=org.rep)
    contract = Contract.objects.create(
        number="TL-2", customer=customer, owner=customer.owner, amount=Decimal("31250.00"),
        signed_on=date(2026, 6, 2), start_on=date(2026, 6, 2), end_on=date(2027, 6, 1),
    )
    receivable = Receivable.objects.create(contract=contract, due_on=date(2026, 7, 1), amount=Decimal("31250.00"))
    Payment.objects.create(receivable=receivable, amount=Decimal("1250.50"), paid_on=date(2026, 6, 20))
    from django.urls import reverse

    body = page(org.rep).get(reverse("customers:customer-detail", args=[customer.pk])).content.decode()
    timeline = body[body.index('class="timeline"'):]
    assert "31,250.00" in timeline and "1,250.50" in timeline
    assert "31250.00" not in timeline and "23:59" not in timeline
