"""The reads others consume (claims_for_today, event_costs) and the queue's budget beside each claim."""

from datetime import date
from decimal import Decimal

import pytest

from events.costs import event_costs as all_event_costs
from expenses import selectors
from expenses.models import ClaimStatus
from expenses.tests.factories import make_budget, make_claim

pytestmark = pytest.mark.django_db


def test_claims_for_today_are_the_latest_of_the_claimant_in_one_query(org, django_assert_num_queries):
    for amount in (10, 20, 30):
        make_claim(org.rep, amount, status=ClaimStatus.DRAFT)
    make_claim(org.teammate, 99)
    with django_assert_num_queries(1):
        rows = selectors.claims_for_today(employee=org.rep, limit=2)
    assert [row["amount"] for row in rows] == [Decimal("30.00"), Decimal("20.00")]
    assert rows[0]["status_label"] == "Draft" and rows[0]["category_label"] == "Travel"
    assert set(rows[0]) == {"id", "category", "category_label", "amount", "status", "status_label", "incurred_on"}


def test_event_costs_sum_the_claims_naming_the_event_from_manager_approved_on(org):
    from events.tests.factories import EventFactory

    seminar, other = EventFactory(org_unit=org.east1), EventFactory(org_unit=org.east1)
    make_claim(org.rep, 100, status=ClaimStatus.MANAGER_APPROVED, event=seminar, category="event")
    make_claim(org.rep, 50, status=ClaimStatus.PAID, event=seminar, category="event")
    make_claim(org.rep, 1000, status=ClaimStatus.SUBMITTED, event=seminar, category="event")
    make_claim(org.rep, 2000, status=ClaimStatus.REJECTED, event=other, category="event")
    assert selectors.event_costs(event_ids=[seminar.pk, other.pk]) == {seminar.pk: Decimal("150.00")}
    assert selectors.event_costs(event_ids=[]) == {}
    # registered with the events app in ExpensesConfig.ready()
    assert all_event_costs(event_ids=[seminar.pk, other.pk]) == {seminar.pk: Decimal("150.00"),
                                                                  other.pk: Decimal("0.00")}


def test_the_queue_of_a_head_is_the_submitted_claims_below_them_never_their_own(org):
    mine = make_claim(org.sup1)
    reps = make_claim(org.rep)
    make_claim(org.rep, status=ClaimStatus.MANAGER_APPROVED)
    make_claim(org.rep2)
    assert list(selectors.approval_queue(user=org.sup1.user)) == [reps]
    assert mine in selectors.approval_queue(user=org.manager.user)
    assert list(selectors.approval_queue(user=org.rep.user)) == []


def test_the_finance_queue_is_the_claims_the_line_manager_approved(org):
    approved = make_claim(org.rep3, status=ClaimStatus.MANAGER_APPROVED)
    make_claim(org.rep)
    assert list(selectors.approval_queue(user=org.finance.user)) == [approved]


def test_budget_beside_each_claim_is_the_tightest_in_constant_queries(org, django_assert_num_queries):
    make_budget(org.east1, 1000)
    make_budget(org.east, 100000, period="2026")
    make_claim(org.teammate, 700, status=ClaimStatus.MANAGER_APPROVED)
    waiting = make_claim(org.rep, 500)
    approved = make_claim(org.rep, 100, status=ClaimStatus.MANAGER_APPROVED)
    uncovered = make_claim(org.rep3, 10)
    claims = list(selectors.claims_visible(user=org.director.user).filter(
        pk__in=[waiting.pk, approved.pk, uncovered.pk]))
    with django_assert_num_queries(2):
        beside = selectors.budgets_beside(claims)
    assert beside[waiting.pk].budget.org_unit == org.east1
    assert beside[waiting.pk].line.remaining == Decimal("200.00")
    assert beside[waiting.pk].excess == Decimal("300.00")
    assert beside[approved.pk].excess == Decimal("0.00")
    assert beside[uncovered.pk].line is None


def test_budgets_beside_does_not_grow_with_the_claims(org, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_budget(org.east1, 100000)
    for index in range(30):
        make_claim(org.rep, 10, incurred_on=date(2026, 11, 1 + index % 15))
    counts = []
    for size in (5, 30):
        claims = list(selectors.approval_queue(user=org.sup1.user)[:size])
        with CaptureQueriesContext(connection) as queries:
            selectors.budgets_beside(claims)
        counts.append(len(queries))
    assert counts[0] == counts[1]
