"""The training KPIs and flags (issue 14 §6, SPEC §4.1–4.2, §6) read from the training app."""

from decimal import Decimal as D

import pytest

from common.phrases import render
from performance.models import Scorecard
from performance.services import scorecards_compute_drafts
from performance.tests.factories import MARCH, give, kpi
from training.tests.factories import assess, at, attend, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def card(employee) -> Scorecard:
    return Scorecard.objects.get(employee=employee, month=MARCH.start)


def test_the_training_kpi_is_the_mean_of_the_latest_attempts_of_the_month(org):
    first, second = make_session(org.east1, starts_at=at(2026, 3, 5)), make_session(org.east1, starts_at=at(2026, 3, 19))
    assess(first, org.rep, 60, 90)  # the retake counts
    assess(second, org.rep, 75)
    scorecards_compute_drafts(month=MARCH)
    training = kpi(card(org.rep), "training")
    assert training["score"] == "82.50"
    assert render(training["explanation"]) == "Mean latest assessment score of the month: 82.50."


def test_no_assessment_leaves_the_training_kpi_out_and_renormalises(org):
    give(org.rep, MARCH, target=100000, actual=100000)
    scorecards_compute_drafts(month=MARCH)
    rep = card(org.rep)
    assert kpi(rep, "training")["has_data"] is False
    assert render(kpi(rep, "training")["explanation"]).startswith("Left out: no assessment in the month")


def test_a_supervisors_training_compliance_is_the_share_of_reps_present(org):
    session = make_session(org.east1, starts_at=at(2026, 3, 10))
    attend(session, org.rep, "present")
    attend(session, org.teammate, "excused")
    scorecards_compute_drafts(month=MARCH)
    compliance = kpi(card(org.sup1), "training_compliance")
    assert compliance["score"] == "50.00" and compliance["facts"]["present"] == 1 and compliance["facts"]["reps"] == 2
    manager = kpi(card(org.manager), "training_compliance")
    assert manager["facts"]["reps"] == 3 and manager["score"] == "33.33"  # East: East-1's two and East-2's one


def test_unexcused_absences_are_counted_and_flagged_on_the_scorecard(org):
    for day in (5, 19):
        attend(make_session(org.east1, starts_at=at(2026, 3, day)), org.rep, "absent")
    attend(make_session(org.east1, starts_at=at(2026, 3, 26)), org.teammate, "excused")
    scorecards_compute_drafts(month=MARCH)
    assert card(org.rep).unexcused_absences == 2 and "unexcused_absences" in card(org.rep).flags
    assert card(org.teammate).unexcused_absences == 0 and "unexcused_absences" not in card(org.teammate).flags


def test_a_supervisor_whose_team_had_no_session_is_flagged(org):
    make_session(org.east1, starts_at=at(2026, 3, 10))
    scorecards_compute_drafts(month=MARCH)
    assert "no_training" not in card(org.sup1).flags
    assert "no_training" in card(org.sup2).flags
    assert "no_training" not in card(org.manager).flags  # the rule is the team's


def test_a_session_in_another_month_does_not_count(org):
    attend(make_session(org.east1, starts_at=at(2026, 4, 2)), org.rep, "absent")
    scorecards_compute_drafts(month=MARCH)
    assert card(org.rep).unexcused_absences == 0 and "no_training" in card(org.sup1).flags
    assert kpi(card(org.sup1), "training_compliance")["score"] == D("0.00").to_eng_string()
