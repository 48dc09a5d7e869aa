"""The bottom-performer review's effects that incentives reads (interfaces.md): the promotion hold
and the bonus reduction of an escalated coaching plan, until closed or lifted by a month at 100 %."""

from decimal import Decimal

import pytest
import time_machine

from common.exceptions import ApplicationError
from common.periods import Period
from performance.models import CoachingPlan
from performance.selectors import bonus_reduction_pct_by_employee, promotion_hold_employee_ids
from performance.services import coaching_plan_update, plans_open_for_month, scorecards_compute_drafts
from performance.tests.factories import FEBRUARY, JANUARY, MARCH, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
APRIL = Period(2026, month=4)


def close(month):
    scorecards_compute_drafts(month=month)
    plans_open_for_month(month=month)


@pytest.fixture
def escalated(org):
    """The rep under 100 % in January, February and March: their coaching plan is escalated for March."""
    for month in (JANUARY, FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
        close(month)
    plan = CoachingPlan.objects.get(employee=org.rep)
    assert plan.escalated_to_manager
    return plan


def test_an_open_escalated_plan_holds_the_promotion(org, escalated):
    assert promotion_hold_employee_ids(as_of=MARCH.end) == {org.rep.pk}


def test_no_hold_before_the_escalation_month(org, escalated):
    assert promotion_hold_employee_ids(as_of=FEBRUARY.end) == set()


def test_a_coaching_plan_not_escalated_holds_nothing(org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
        close(month)
    assert CoachingPlan.objects.filter(employee=org.rep, escalated_to_manager=False).exists()
    assert promotion_hold_employee_ids(as_of=MARCH.end) == set()


def test_a_closed_plan_holds_nothing(org, escalated):
    coaching_plan_update(plan=escalated, actor=org.sup1.user, close=True)
    assert promotion_hold_employee_ids(as_of=MARCH.end) == set()


def test_a_month_at_100_after_the_escalation_lifts_the_hold(org, escalated):
    give(org.rep, APRIL, target=100000, actual=100000)
    scorecards_compute_drafts(month=APRIL)
    assert promotion_hold_employee_ids(as_of=MARCH.end) == {org.rep.pk}
    assert promotion_hold_employee_ids(as_of=APRIL.start) == set()


def test_a_month_just_under_100_does_not_lift(org, escalated):
    give(org.rep, APRIL, target=100000, actual=99000)
    scorecards_compute_drafts(month=APRIL)
    assert promotion_hold_employee_ids(as_of=APRIL.end) == {org.rep.pk}


def test_no_reduction_until_the_line_manager_sets_one(org, escalated):
    assert bonus_reduction_pct_by_employee(month=MARCH) == {}


def test_the_reduction_applies_from_the_escalation_month(org, escalated):
    coaching_plan_update(plan=escalated, actor=org.sup1.user, bonus_reduction_pct="20")
    assert bonus_reduction_pct_by_employee(month=FEBRUARY) == {}
    assert bonus_reduction_pct_by_employee(month=MARCH) == {org.rep.pk: Decimal("20.00")}
    assert bonus_reduction_pct_by_employee(month=APRIL) == {org.rep.pk: Decimal("20.00")}


def test_the_reduction_stops_with_the_month_that_lifts_the_plan(org, escalated):
    coaching_plan_update(plan=escalated, actor=org.sup1.user, bonus_reduction_pct="20")
    give(org.rep, APRIL, target=100000, actual=120000)
    scorecards_compute_drafts(month=APRIL)
    assert bonus_reduction_pct_by_employee(month=APRIL) == {}
    assert bonus_reduction_pct_by_employee(month=MARCH) == {org.rep.pk: Decimal("20.00")}


def test_a_plan_closed_during_a_month_still_reduces_that_month_but_not_the_next(org, escalated):
    coaching_plan_update(plan=escalated, actor=org.sup1.user, bonus_reduction_pct="12.5")
    with time_machine.travel("2026-04-20 10:00 +08:00", tick=False):
        coaching_plan_update(plan=escalated, actor=org.sup1.user, close=True)
    assert bonus_reduction_pct_by_employee(month=APRIL) == {org.rep.pk: Decimal("12.50")}
    assert bonus_reduction_pct_by_employee(month=Period(2026, month=5)) == {}


def test_a_plan_not_escalated_refuses_a_reduction(org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
        close(month)
    plan = CoachingPlan.objects.get(employee=org.rep)
    with pytest.raises(ApplicationError) as refused:
        coaching_plan_update(plan=plan, actor=org.sup1.user, bonus_reduction_pct="10")
    assert refused.value.field == "bonus_reduction_pct"
    plan.refresh_from_db()
    assert plan.bonus_reduction_pct == 0


@pytest.mark.parametrize("value", ["-1", "100.01", "abc", "NaN", "1E+999999"])
def test_a_reduction_outside_0_100_is_refused(org, escalated, value):
    with pytest.raises(ApplicationError) as refused:
        coaching_plan_update(plan=escalated, actor=org.sup1.user, bonus_reduction_pct=value)
    assert refused.value.field == "bonus_reduction_pct"


def test_the_reduction_is_set_through_the_api(org, escalated, api):
    client = api(org.sup1)
    answer = client.patch(f"/api/v1/coaching-plans/{escalated.pk}/", {"bonus_reduction_pct": "15.00"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["bonus_reduction_pct"] == "15.00"


def test_the_reduction_is_set_on_the_page(org, escalated, page):
    client = page(org.sup1)
    answer = client.post(f"/plans/coaching/{escalated.pk}/", {"actions": "Shadow calls", "bonus_reduction_pct": "10"})
    assert answer.status_code == 302
    escalated.refresh_from_db()
    assert escalated.bonus_reduction_pct == Decimal("10.00")
