"""Every refusal has a `may_*` twin answering from the same code (issue 10): the twin says yes
exactly when the service goes through."""

import pytest

from common.exceptions import ApplicationError
from common.models import ClosedMonth
from common.periods import Period
from performance import services
from performance.models import CoachingPlan, ImprovementPlan
from performance.tests.factories import FEBRUARY, MARCH, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _goes_through(call) -> bool:
    try:
        call()
    except ApplicationError:
        return False
    return True


def _close(month):
    services.scorecards_compute_drafts(month=month)
    services.plans_open_for_month(month=month)


def test_improvement_plan_twins_agree_with_the_services(org):
    give(org.rep, MARCH, target=100000, actual=50000)
    _close(MARCH)
    plan = ImprovementPlan.objects.get()
    for who in (org.rep, org.teammate, org.sup1, org.sup2):
        assert services.may_submit_improvement_plan(plan=plan, actor=who.user) is (who == org.rep)
        assert not services.may_accept_improvement_plan(plan=plan, actor=who.user)  # nothing submitted
    services.improvement_plan_submit(plan=plan, actor=org.rep.user, text="More calls.")
    plan.refresh_from_db()
    for who in (org.rep, org.teammate, org.sup2, org.sup1):
        may = services.may_accept_improvement_plan(plan=plan, actor=who.user)
        assert may is (who == org.sup1)
        assert may is _goes_through(lambda: services.improvement_plan_accept(plan=plan, actor=who.user))  # noqa: B023
    plan.refresh_from_db()
    assert not services.may_submit_improvement_plan(plan=plan, actor=org.rep.user)  # accepted


def test_coaching_plan_twin_agrees_with_the_service(org):
    for month in (FEBRUARY, MARCH):
        give(org.rep, month, target=100000, actual=50000)
        _close(month)
    plan = CoachingPlan.objects.get()
    assert not services.may_update_coaching_plan(plan=plan, actor=org.rep.user)
    assert not services.may_update_coaching_plan(plan=plan, actor=org.sup2.user)
    assert services.may_update_coaching_plan(plan=plan, actor=org.sup1.user)
    services.coaching_plan_update(plan=plan, actor=org.sup1.user, close=True)
    plan.refresh_from_db()
    assert not services.may_update_coaching_plan(plan=plan, actor=org.sup1.user)


def test_rating_twin_agrees_with_the_service(org):
    april = Period(2026, month=4)
    may = Period(2026, month=5)
    cases = [(org.sup1, org.rep, MARCH), (org.sup1, org.sup1, MARCH), (org.teammate, org.rep, MARCH),
             (org.sup1, org.rep, may), (org.sup1, org.rep, april)]
    for actor, person, month in cases:
        answer = services.may_rate(actor=actor.user, employee=person, month=month)
        assert answer is _goes_through(lambda: services.manager_rating_set(  # noqa: B023
            actor=actor.user, employee=person, month=month, rating=70))  # noqa: B023
    assert services.may_rate(actor=org.sup1.user, employee=org.rep, month=MARCH)
    ClosedMonth.objects.create(month=MARCH.start)
    assert services.ratings_locked(month=MARCH)
    assert not services.may_rate(actor=org.sup1.user, employee=org.rep, month=MARCH)
    assert not services.may_compute_scorecards(month=MARCH)
    assert services.may_compute_scorecards(month=april) and not services.may_compute_scorecards(month=may)
    assert not services.may_compute_scorecards(month=Period.parse("2026-Q1"))
