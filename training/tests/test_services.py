"""Services at the edges of issue 14's "Bad input" and "Tests" lists: nothing is saved on a refusal."""

from datetime import date
from decimal import Decimal

import pytest

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.models import ClosedMonth
from teams.tests.factories import EmployeeFactory
from training import services
from training.models import Assessment, Attendance, Certification, TrainingPolicy, TrainingSession
from training.tests.factories import at, make_session

pytestmark = pytest.mark.usefixtures("frozen")


def _create(actor, *teams, **overrides):
    values = dict(title="Objection handling", category="objections", format="internal",
                  starts_at=at(2026, 6, 20), hours=Decimal("1.5"), teams=list(teams), trainer_name="Coach Li")
    values.update(overrides)
    return services.training_session_create(actor=actor.user if hasattr(actor, "user") else actor, **values)


# --- scheduling --------------------------------------------------------------------------------

def test_supervisor_schedules_for_own_team(org):
    session = _create(org.sup1, org.east1)
    assert list(session.teams.all()) == [org.east1]
    assert session.created_by == org.sup1.user
    assert session.hours == Decimal("1.50")


def test_manager_schedules_for_teams_of_the_region(org):
    session = _create(org.manager, org.east1, org.east2)
    assert set(session.teams.all()) == {org.east1, org.east2}


def test_hr_schedules_for_any_team(org):
    assert _create(org.hr, org.south1, org.east1).pk


@pytest.mark.parametrize("who", ["rep", "finance"])
def test_rep_and_finance_may_not_schedule(org, who):
    with pytest.raises(NotAllowed):
        _create(getattr(org, who), org.east1)
    assert not TrainingSession.objects.exists()


def test_a_team_outside_scope_is_refused_naming_teams(org):
    with pytest.raises(ApplicationError) as error:
        _create(org.sup1, org.east1, org.east2)
    assert error.value.field == "teams"
    assert not TrainingSession.objects.exists()


def test_a_region_is_not_a_team(org):
    with pytest.raises(ApplicationError) as error:
        _create(org.manager, org.east)
    assert error.value.field == "teams"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": "  "}, "title"),
    ({"title": "bad\x00title"}, "title"),
    ({"category": "cooking"}, "category"),
    ({"format": "telepathy"}, "format"),
    ({"hours": "0"}, "hours"),
    ({"hours": "25"}, "hours"),
    ({"hours": "1.255"}, "hours"),
    ({"hours": "NaN"}, "hours"),
    ({"trainer_name": ""}, "trainer"),
    ({"teams": []}, "teams"),
    ({"starts_at": "tomorrow"}, "starts_at"),
])
def test_bad_session_input_names_the_field(org, overrides, field):
    with pytest.raises(ApplicationError) as error:
        _create(org.sup1, org.east1, **overrides)
    assert error.value.field == field
    assert not TrainingSession.objects.exists()


def test_trainer_is_an_employee_or_a_name_not_both(org):
    with pytest.raises(ApplicationError) as error:
        _create(org.sup1, org.east1, trainer=org.sup1)
    assert error.value.field == "trainer_name"
    session = _create(org.sup1, org.east1, trainer=org.sup1, trainer_name="")
    assert session.trainer_label == org.sup1.name


def test_a_session_in_a_closed_month_is_refused(org):
    ClosedMonth.objects.create(month=date(2026, 5, 1))
    with pytest.raises(Conflict) as error:
        _create(org.sup1, org.east1, starts_at=at(2026, 5, 20))
    assert error.value.field == "starts_at"


def test_update_changes_listed_fields_and_refuses_others(org):
    session = _create(org.sup1, org.east1)
    services.training_session_update(actor=org.sup1.user, session=session, data={"title": "Negotiation 101"})
    session.refresh_from_db()
    assert session.title == "Negotiation 101"
    with pytest.raises(Exception) as error:
        services.training_session_update(actor=org.sup1.user, session=session, data={"created_by": None})
    assert "created_by" in str(error.value)


def test_start_and_teams_stay_once_attendance_is_taken(org):
    session = make_session(org.east1, starts_at=at(2026, 6, 5), created_by=org.sup1.user)
    services.attendance_record(actor=org.sup1.user, session=session, employee=org.rep, status="present")
    with pytest.raises(Conflict):
        services.training_session_update(actor=org.sup1.user, session=session, data={"starts_at": at(2026, 6, 6)})
    with pytest.raises(Conflict):
        services.training_session_cancel(actor=org.sup1.user, session=session)


def test_cancel_twice_is_a_conflict(org):
    session = _create(org.sup1, org.east1)
    session = services.training_session_cancel(actor=org.sup1.user, session=session)
    assert not services.may_cancel_session(org.sup1.user, session)
    with pytest.raises(Conflict):
        services.training_session_cancel(actor=org.sup1.user, session=session)


# --- attendance ----------------------------------------------------------------------------------

@pytest.fixture
def held(org):
    """A session of East-1 held on 5 June, scheduled by its supervisor."""
    return make_session(org.east1, starts_at=at(2026, 6, 5), created_by=org.sup1.user)


def test_attendance_recorded_and_changed(org, held):
    services.attendance_record(actor=org.sup1.user, session=held, employee=org.rep, status="absent")
    services.attendance_record(actor=org.sup1.user, session=held, employee=org.rep, status="excused")
    assert Attendance.objects.get().status == "excused"


def test_attendance_for_a_non_invitee_is_refused(org, held):
    with pytest.raises(ApplicationError) as error:
        services.attendance_record(actor=org.hr.user, session=held, employee=org.rep2, status="present")
    assert error.value.field == "employee"
    assert not Attendance.objects.exists()


def test_someone_hired_after_the_session_is_not_invited(org, held):
    late = EmployeeFactory(org_unit=org.east1, hire_date=date(2026, 6, 8))
    with pytest.raises(ApplicationError):
        services.attendance_record(actor=org.sup1.user, session=held, employee=late, status="present")


def test_a_recorded_invitee_stays_after_moving_team(org, held):
    services.attendance_record(actor=org.sup1.user, session=held, employee=org.rep, status="present")
    org.rep.org_unit = org.east2
    org.rep.save()
    services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score="90")
    assert Assessment.objects.count() == 1


def test_bad_attendance_status_names_status(org, held):
    with pytest.raises(ApplicationError) as error:
        services.attendance_record(actor=org.sup1.user, session=held, employee=org.rep, status="late")
    assert error.value.field == "status"


def test_attendance_before_the_session_day_is_a_conflict(org):
    future = make_session(org.east1, starts_at=at(2026, 6, 11, 9), created_by=org.sup1.user)
    assert not services.may_record_results(org.sup1.user, future)
    with pytest.raises(Conflict):
        services.attendance_record(actor=org.sup1.user, session=future, employee=org.rep, status="present")


@pytest.mark.parametrize("who", ["rep", "teammate", "sup2", "manager2"])
def test_only_organisers_take_attendance(org, held, who):
    with pytest.raises(NotAllowed):
        services.attendance_record(actor=getattr(org, who).user, session=held, employee=org.rep, status="present")


@pytest.mark.parametrize("who", ["sup1", "manager", "director", "hr"])
def test_organisers_and_heads_take_attendance(org, held, who):
    services.attendance_record(actor=getattr(org, who).user, session=held, employee=org.rep, status="present")
    assert Attendance.objects.count() == 1


def test_the_trainer_takes_attendance(org):
    session = make_session(org.east1, starts_at=at(2026, 6, 5), trainer=org.sup2)
    services.attendance_record(actor=org.sup2.user, session=session, employee=org.rep, status="present")


def test_attendance_in_a_closed_month_is_a_conflict(org):
    session = make_session(org.east1, starts_at=at(2026, 5, 5), created_by=org.sup1.user)
    ClosedMonth.objects.create(month=date(2026, 5, 1))
    with pytest.raises(Conflict):
        services.attendance_record(actor=org.sup1.user, session=session, employee=org.rep, status="present")


def test_attendance_at_a_cancelled_session_is_a_conflict(org, held):
    services.training_session_cancel(actor=org.sup1.user, session=held)
    with pytest.raises(Conflict):
        services.attendance_record(actor=org.sup1.user, session=held, employee=org.rep, status="present")


# --- assessments ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "passed"), [("79.99", False), ("80.00", True), ("80", True)])
def test_pass_mark_edge(org, held, score, passed):
    assessment = services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score=score)
    assert assessment.passed is passed
    assert assessment.attempt == 1


def test_pass_mark_is_configurable(org, held):
    TrainingPolicy.objects.update(pass_mark=Decimal("70.00"))
    assert services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score="75").passed


def test_two_retakes_then_a_fourth_attempt_is_refused(org, held):
    for number, score in enumerate(("50", "60", "85"), start=1):
        assessment = services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score=score)
        assert assessment.attempt == number
    with pytest.raises(ApplicationError) as error:
        services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score="99")
    assert error.value.field == "employee"
    assert Assessment.objects.count() == 3


@pytest.mark.parametrize("score", ["-0.01", "100.01", "abc", "NaN", "Infinity", "1e3", "50.555", ""])
def test_score_outside_0_to_100_names_score(org, held, score):
    with pytest.raises(ApplicationError) as error:
        services.assessment_record(actor=org.sup1.user, session=held, employee=org.rep, score=score)
    assert error.value.field == "score"
    assert not Assessment.objects.exists()


def test_assessing_a_non_invitee_is_refused(org, held):
    with pytest.raises(ApplicationError) as error:
        services.assessment_record(actor=org.hr.user, session=held, employee=org.rep3, score="90")
    assert error.value.field == "employee"
    assert not Assessment.objects.exists()


# --- certifications ------------------------------------------------------------------------------

def test_certification_recorded_by_the_supervisor(org):
    cert = services.certification_create(actor=org.sup1.user, employee=org.rep, name="Product specialist",
                                         issued_on=date(2026, 1, 5), expires_on=date(2027, 1, 5))
    assert cert.recorded_by == org.sup1.user


def test_expiry_on_the_issue_day_is_allowed_before_it_is_refused(org):
    services.certification_create(actor=org.hr.user, employee=org.rep, name="A", issued_on=date(2026, 1, 5),
                                  expires_on=date(2026, 1, 5))
    with pytest.raises(ApplicationError) as error:
        services.certification_create(actor=org.hr.user, employee=org.rep, name="B", issued_on=date(2026, 1, 5),
                                      expires_on=date(2026, 1, 4))
    assert error.value.field == "expires_on"
    assert Certification.objects.count() == 1


def test_certification_issued_in_the_future_is_refused(org):
    with pytest.raises(ApplicationError) as error:
        services.certification_create(actor=org.hr.user, employee=org.rep, name="A", issued_on=date(2026, 6, 11))
    assert error.value.field == "issued_on"


@pytest.mark.parametrize("who", ["rep", "teammate", "sup2", "finance"])
def test_certification_by_someone_not_above_is_forbidden(org, who):
    with pytest.raises(NotAllowed):
        services.certification_create(actor=getattr(org, who).user, employee=org.rep, name="A",
                                      issued_on=date(2026, 1, 5))


def test_certification_update_keeps_expiry_after_issue(org):
    cert = services.certification_create(actor=org.hr.user, employee=org.rep, name="A", issued_on=date(2026, 1, 5))
    with pytest.raises(ApplicationError) as error:
        services.certification_update(actor=org.hr.user, certification=cert, data={"expires_on": date(2025, 1, 1)})
    assert error.value.field == "expires_on"
    services.certification_update(actor=org.hr.user, certification=cert, data={"name": "B"})
    cert.refresh_from_db()
    assert cert.name == "B"
    services.certification_delete(actor=org.hr.user, certification=cert)
    assert not Certification.objects.exists()


def test_saving_a_session_of_a_closed_month_unchanged_is_fine(org):
    session = make_session(org.east1, starts_at=at(2026, 5, 5), created_by=org.sup1.user)
    services.attendance_record(actor=org.sup1.user, session=session, employee=org.rep, status="present")
    ClosedMonth.objects.create(month=date(2026, 5, 1))
    services.training_session_update(actor=org.sup1.user, session=session, data={
        "title": "Renamed", "starts_at": session.starts_at, "teams": [org.east1], "trainer": None,
        "trainer_name": session.trainer_name, "hours": session.hours})
    with pytest.raises(Conflict):
        services.training_session_update(actor=org.sup1.user, session=session, data={"starts_at": at(2026, 6, 5)})
