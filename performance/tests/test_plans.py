import pytest

from common.calendar import add_working_days
from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.models import CalendarDay, Notification
from performance.models import CoachingPlan, CoachingStatus, ImprovementPlan, PlanStatus
from performance.services import (
    coaching_plan_update,
    improvement_plan_accept,
    improvement_plan_submit,
    plans_open_for_month,
    scorecards_compute_drafts,
)
from performance.tests.factories import FEBRUARY, JANUARY, MARCH, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]



def close(month):
    scorecards_compute_drafts(month=month)
    return plans_open_for_month(month=month)


def test_one_month_below_target_opens_an_improvement_plan_only(org):
    give(org.rep, MARCH, target=100000, actual=99990)
    give(org.teammate, MARCH, target=100000, actual=100000)
    result = close(MARCH)
    assert result["improvement_plans"] == 1 and result["coaching_plans"] == 0 and result["escalations"] == 0
    plan = ImprovementPlan.objects.get()
    assert plan.employee == org.rep and plan.status == PlanStatus.OPEN
    assert plan.due_on == add_working_days(MARCH.end, 5)
    assert Notification.objects.filter(recipient=org.rep.user, kind="improvement_plan").count() == 1
    assert not CoachingPlan.objects.exists()


def test_due_date_skips_holidays(org):
    CalendarDay.objects.create(day=MARCH.end.replace(month=4, day=3), name="Qingming")  # Friday 3 April
    give(org.rep, MARCH, target=100000, actual=50000)
    close(MARCH)
    # 31 March (Tue) + 5 working days: 1, 2, (3 holiday), 6, 7, 8 April
    assert ImprovementPlan.objects.get().due_on.isoformat() == "2026-04-08"


def test_two_then_three_months_below_open_coaching_then_escalate(org):
    for month in (JANUARY, FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
    assert close(JANUARY)["coaching_plans"] == 0
    result = close(FEBRUARY)
    assert result["coaching_plans"] == 1 and result["escalations"] == 0
    plan = CoachingPlan.objects.get()
    assert plan.month == FEBRUARY.start and not plan.escalated_to_manager and plan.consecutive_months == 2
    assert Notification.objects.filter(recipient=org.sup1.user, kind="coaching_plan").count() == 1
    result = close(MARCH)
    assert result["coaching_plans"] == 0 and result["escalations"] == 1
    plan.refresh_from_db()
    assert plan.escalated_to_manager and plan.escalated_for_month == MARCH.start and plan.consecutive_months == 3
    assert Notification.objects.filter(recipient=org.manager.user, kind="bottom_performer").count() == 1
    assert CoachingPlan.objects.count() == 1
    from performance.models import Scorecard
    assert Scorecard.objects.get(employee=org.rep, month=MARCH.start).flags == ["below_target", "coaching_plan", "escalated"]


def test_a_month_at_target_breaks_the_streak(org):
    give(org.rep, JANUARY, target=100000, actual=50000)
    give(org.rep, FEBRUARY, target=100000, actual=100000)
    give(org.rep, MARCH, target=100000, actual=50000)
    for month in (JANUARY, FEBRUARY, MARCH):
        close(month)
    assert not CoachingPlan.objects.exists()
    assert ImprovementPlan.objects.count() == 2


def test_opening_plans_is_idempotent(org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
    close(FEBRUARY)
    close(MARCH)
    notifications = Notification.objects.count()
    again = plans_open_for_month(month=MARCH)
    assert again == {"improvement_plans": 0, "coaching_plans": 0, "escalations": 0, "notifications": 0}
    assert Notification.objects.count() == notifications
    assert ImprovementPlan.objects.count() == 2 and CoachingPlan.objects.count() == 1


def test_no_target_means_no_plan(org):
    give(org.rep, MARCH, actual=1000)
    assert close(MARCH)["improvement_plans"] == 0


def test_improvement_plan_is_written_by_the_rep_and_accepted_by_the_line_manager(org):
    give(org.rep, MARCH, target=100000, actual=50000)
    close(MARCH)
    plan = ImprovementPlan.objects.get()
    with pytest.raises(NotAllowed):
        improvement_plan_submit(plan=plan, actor=org.teammate.user, text="Not mine")
    with pytest.raises(ApplicationError) as error:
        improvement_plan_submit(plan=plan, actor=org.rep.user, text="  ")
    assert error.value.field == "text"
    with pytest.raises(Conflict):
        improvement_plan_accept(plan=plan, actor=org.sup1.user)  # nothing submitted yet
    improvement_plan_submit(plan=plan, actor=org.rep.user, text="Call 10 more A customers a week.")
    with pytest.raises(NotAllowed):
        improvement_plan_accept(plan=plan, actor=org.rep.user)
    with pytest.raises(NotAllowed):
        improvement_plan_accept(plan=plan, actor=org.sup2.user)
    plan = improvement_plan_accept(plan=plan, actor=org.sup1.user)
    assert plan.status == PlanStatus.ACCEPTED and plan.accepted_by == org.sup1.user
    with pytest.raises(Conflict):
        improvement_plan_submit(plan=plan, actor=org.rep.user, text="Changed")
    assert [t.to_status for t in plan.transitions.all()] == ["submitted", "accepted"]


def test_coaching_plan_gets_a_mentor_and_actions(org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
    close(FEBRUARY)
    close(MARCH)
    plan = CoachingPlan.objects.get()
    with pytest.raises(NotAllowed):
        coaching_plan_update(plan=plan, actor=org.rep.user, actions="Self-coaching")
    with pytest.raises(ApplicationError) as error:
        coaching_plan_update(plan=plan, actor=org.sup1.user, mentor=org.rep)
    assert error.value.field == "mentor"
    plan = coaching_plan_update(plan=plan, actor=org.sup1.user, mentor=org.teammate, actions="Joint visits weekly")
    assert plan.status == CoachingStatus.ACTIVE
    plan = coaching_plan_update(plan=plan, actor=org.sup1.user, close=True)
    assert plan.status == CoachingStatus.CLOSED
    with pytest.raises(Conflict):
        coaching_plan_update(plan=plan, actor=org.sup1.user, actions="More")
