"""The month inputs of the scorecard (interfaces: T provides), set-based and at their edges."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.periods import Period
from teams.tests.factories import EmployeeFactory
from training import selectors
from training.tests.factories import assess, at, attend, make_session

JUNE = Period(2026, month=6)
pytestmark = pytest.mark.django_db


def test_mean_of_latest_scores_over_several_sessions(org):
    first = make_session(org.east1, starts_at=at(2026, 6, 3))
    second = make_session(org.east1, starts_at=at(2026, 6, 17))
    assess(first, org.rep, 60, 70, 90)  # the third attempt counts over the first two
    assess(second, org.rep, 75)
    assert selectors.latest_assessment_means(month=JUNE) == {org.rep.pk: Decimal("82.50")}


def test_mean_rounds_half_up_to_two_decimals(org):
    sessions = [make_session(org.east1, starts_at=at(2026, 6, day)) for day in (2, 3, 4)]
    for session, score in zip(sessions, (80, 80, "80.01"), strict=True):
        assess(session, org.rep, score)
    assert selectors.latest_assessment_means(month=JUNE)[org.rep.pk] == Decimal("80.00")


def test_no_assessment_means_no_entry(org):
    make_session(org.east1, starts_at=at(2026, 6, 3))
    assert selectors.latest_assessment_means(month=JUNE) == {}


def test_month_boundaries_are_local_time(org):
    # 1 July 00:30 in Shanghai is still 30 June in UTC: it belongs to July.
    july = make_session(org.east1, starts_at=at(2026, 7, 1, 0, 30))
    june = make_session(org.east1, starts_at=at(2026, 6, 1, 0, 0))
    assess(july, org.rep, 50)
    assess(june, org.rep, 90)
    assert selectors.latest_assessment_means(month=JUNE) == {org.rep.pk: Decimal("90.00")}
    assert selectors.latest_assessment_means(month=Period(2026, month=7)) == {org.rep.pk: Decimal("50.00")}


def test_cancelled_sessions_do_not_count(org):
    cancelled = make_session(org.east1, starts_at=at(2026, 6, 3), cancelled_at=at(2026, 6, 1))
    assess(cancelled, org.rep, 90)
    attend(cancelled, org.rep, "present")
    assert selectors.latest_assessment_means(month=JUNE) == {}
    assert selectors.present_employee_ids(month=JUNE) == set()
    assert org.east1.pk in selectors.teams_without_session(month=JUNE)


def test_present_ids_and_unexcused_absences(org):
    first = make_session(org.east1, starts_at=at(2026, 6, 3))
    second = make_session(org.east1, starts_at=at(2026, 6, 17))
    attend(first, org.rep, "present")
    attend(second, org.rep, "present")
    attend(first, org.teammate, "absent")
    attend(second, org.teammate, "absent")
    attend(first, org.sup1, "excused")
    assert selectors.present_employee_ids(month=JUNE) == {org.rep.pk}
    assert selectors.unexcused_absences_by_employee(month=JUNE) == {org.teammate.pk: 2}


def test_teams_without_session_counts_scheduled_sessions(org):
    make_session(org.east1, org.east2, starts_at=at(2026, 6, 28))  # still scheduled: it counts
    make_session(org.south1, starts_at=at(2026, 5, 28))  # last month: it does not
    assert selectors.teams_without_session(month=JUNE) == {org.south1.pk}


def test_month_inputs_take_a_fixed_number_of_queries(org):
    def run():
        with CaptureQueriesContext(connection) as queries:
            selectors.latest_assessment_means(month=JUNE)
            selectors.present_employee_ids(month=JUNE)
            selectors.unexcused_absences_by_employee(month=JUNE)
            selectors.teams_without_session(month=JUNE)
        return len(queries)

    session = make_session(org.east1, starts_at=at(2026, 6, 3))
    assess(session, org.rep, 70)
    attend(session, org.rep)
    few = run()
    for _ in range(20):
        person = EmployeeFactory(org_unit=org.east1)
        other = make_session(org.east1, starts_at=at(2026, 6, 4))
        assess(other, person, 60, 85)
        attend(other, person, "absent")
    assert run() == few == 4
