"""The training API: SPEC §10 field names, scoping per role, bad input → 400 naming the field."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from training.models import Assessment, Attendance, Certification, TrainingSession
from training.tests.factories import assess, at, attend, certify, make_session

pytestmark = pytest.mark.usefixtures("frozen")
SESSIONS = "/api/v1/training-sessions/"


@pytest.fixture
def sessions(org):
    """A held session of East-1 (scheduled by sup1), one of East-2 and one of South-1."""
    return {
        "east1": make_session(org.east1, starts_at=at(2026, 6, 5), created_by=org.sup1.user),
        "east2": make_session(org.east2, starts_at=at(2026, 6, 6), created_by=org.sup2.user),
        "south1": make_session(org.south1, starts_at=at(2026, 6, 7), created_by=org.sup3.user),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_session_fields_are_the_spec_names(org, api, sessions):
    row = api(org.sup1).get(f"{SESSIONS}{sessions['east1'].pk}/").json()
    assert {"id", "title", "category", "format", "starts_at", "hours", "trainer", "teams"} <= set(row)
    assert row["teams"] == [org.east1.pk]
    assert row["hours"] == "2.00"


@pytest.mark.parametrize(("who", "seen"), [
    ("rep", {"east1"}), ("teammate", {"east1"}), ("rep2", {"east2"}), ("sup1", {"east1"}),
    ("manager", {"east1", "east2"}), ("manager2", {"south1"}), ("director", {"east1", "east2", "south1"}),
    ("hr", {"east1", "east2", "south1"}),
])
def test_sessions_are_scoped(org, api, sessions, who, seen):
    assert _ids(api(getattr(org, who)).get(SESSIONS)) == {sessions[name].pk for name in seen}


def test_admin_sees_every_session(org, api, sessions):
    assert len(_ids(api(org.admin).get(SESSIONS))) == 3


def test_finance_gets_403_on_training(org, api, sessions):
    client = api(org.finance)
    for path in (SESSIONS, "/api/v1/attendances/", "/api/v1/assessments/", "/api/v1/certifications/"):
        assert client.get(path).status_code == 403


def test_anonymous_is_refused(api):
    assert api().get(SESSIONS).status_code in (401, 403)


def test_out_of_scope_session_is_404(org, api, sessions):
    assert api(org.sup1).get(f"{SESSIONS}{sessions['south1'].pk}/").status_code == 404


def test_month_and_team_filters(org, api, sessions):
    make_session(org.east1, starts_at=at(2026, 7, 1, 0, 30))
    client = api(org.hr)
    assert _ids(client.get(SESSIONS, {"month": "2026-06", "team": org.east1.pk})) == {sessions["east1"].pk}
    response = client.get(SESSIONS, {"month": "2026-13"})
    assert response.status_code == 400 and "month" in response.json()["errors"]
    assert client.get(SESSIONS, {"team": "1e80"}).status_code == 400


def _session_body(org, **overrides):
    body = {"title": "Negotiation", "category": "negotiation", "format": "external",
            "starts_at": "2026-06-24T14:00:00+08:00", "hours": "2.5", "trainer_name": "Dr. Wang",
            "teams": [org.east1.pk]}
    body.update(overrides)
    return body


def test_supervisor_creates_a_session(org, api):
    response = api(org.sup1).post(SESSIONS, _session_body(org), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["teams"] == [org.east1.pk] and response.json()["hours"] == "2.50"


def test_rep_may_not_create(org, api):
    assert api(org.rep).post(SESSIONS, _session_body(org), format="json").status_code == 403


@pytest.mark.parametrize(("overrides", "field"), [
    ({"teams": []}, "teams"), ({"hours": "24.01"}, "hours"), ({"hours": "1e9"}, "hours"),
    ({"category": "x"}, "category"), ({"title": "a\u0000b"}, "title"), ({"starts_at": "3000-01-01T10:00"}, "starts_at"),
    ({"trainer": 10**30}, "trainer"), ({"teams": ["x"]}, "teams"),
])
def test_bad_session_input(org, api, overrides, field):
    response = api(org.sup1).post(SESSIONS, _session_body(org, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not TrainingSession.objects.exists()


def test_team_outside_scope_is_400_as_if_missing(org, api):
    response = api(org.sup1).post(SESSIONS, _session_body(org, teams=[org.south1.pk]), format="json")
    assert response.status_code == 400 and "teams" in response.json()["errors"]


def test_patch_and_cancel(org, api):
    client = api(org.sup1)
    pk = client.post(SESSIONS, _session_body(org), format="json").json()["id"]
    assert client.patch(f"{SESSIONS}{pk}/", {"title": "Renamed"}, format="json").json()["title"] == "Renamed"
    assert api(org.rep).patch(f"{SESSIONS}{pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{SESSIONS}{pk}/cancel/").json()["cancelled_at"]
    assert client.post(f"{SESSIONS}{pk}/cancel/").status_code == 409


def test_attendance_create_then_change(org, api, sessions):
    client = api(org.sup1)
    body = {"session": sessions["east1"].pk, "employee": org.rep.pk, "status": "absent"}
    first = client.post("/api/v1/attendances/", body, format="json")
    assert first.status_code == 201
    assert set(first.json()) == {"id", "session", "employee", "status"}
    second = client.post("/api/v1/attendances/", {**body, "status": "present"}, format="json")
    assert second.status_code == 200 and second.json()["status"] == "present"


@pytest.mark.parametrize("employee", ["rep2", "missing"])
def test_attendance_for_a_non_invitee_or_a_missing_id_is_the_same_400(org, api, sessions, employee):
    pk = getattr(org, employee).pk if employee != "missing" else 999999
    response = api(org.hr).post("/api/v1/attendances/", {"session": sessions["east1"].pk, "employee": pk,
                                                         "status": "present"}, format="json")
    assert response.status_code == 400 and "employee" in response.json()["errors"]
    assert not Attendance.objects.exists()


def test_attendance_on_an_invisible_session_is_400(org, api, sessions):
    response = api(org.sup1).post("/api/v1/attendances/", {"session": sessions["south1"].pk, "employee": org.rep3.pk,
                                                           "status": "present"}, format="json")
    assert response.status_code == 400 and "session" in response.json()["errors"]


def test_rep_sees_only_own_results(org, api, sessions):
    attend(sessions["east1"], org.rep)
    attend(sessions["east1"], org.teammate, "absent")
    assess(sessions["east1"], org.rep, 70)
    assess(sessions["east1"], org.teammate, 90)
    client = api(org.rep)
    assert [row["employee"] for row in client.get("/api/v1/attendances/").json()["results"]] == [org.rep.pk]
    assert [row["employee"] for row in client.get("/api/v1/assessments/").json()["results"]] == [org.rep.pk]
    assert len(api(org.sup1).get("/api/v1/assessments/").json()["results"]) == 2
    assert len(api(org.sup2).get("/api/v1/assessments/").json()["results"]) == 0


def test_assessment_attempts_through_the_api(org, api, sessions):
    client = api(org.sup1)
    body = {"session": sessions["east1"].pk, "employee": org.rep.pk}
    answers = [client.post("/api/v1/assessments/", {**body, "score": score}, format="json") for score in
               ("79.99", "80.00", "95")]
    assert [(a.json()["attempt"], a.json()["passed"]) for a in answers] == [(1, False), (2, True), (3, True)]
    assert set(answers[0].json()) == {"id", "session", "employee", "score", "attempt", "passed"}
    assert answers[0].json()["score"] == "79.99"
    fourth = client.post("/api/v1/assessments/", {**body, "score": "99"}, format="json")
    assert fourth.status_code == 400 and "employee" in fourth.json()["errors"]
    assert Assessment.objects.count() == 3


@pytest.mark.parametrize("score", ["100.01", "-1", "abc", "1e400", None])
def test_bad_scores(org, api, sessions, score):
    response = api(org.sup1).post("/api/v1/assessments/", {"session": sessions["east1"].pk, "employee": org.rep.pk,
                                                           "score": score}, format="json")
    assert response.status_code == 400 and "score" in response.json()["errors"]


def test_certifications_crud_and_expiry_check(org, api):
    client = api(org.sup1)
    body = {"name": "Product specialist", "employee": org.rep.pk, "issued_on": "2026-01-05",
            "expires_on": "2026-01-04"}
    bad = client.post("/api/v1/certifications/", body, format="json")
    assert bad.status_code == 400 and "expires_on" in bad.json()["errors"]
    created = client.post("/api/v1/certifications/", {**body, "expires_on": "2027-01-05"}, format="json")
    assert created.status_code == 201
    assert set(created.json()) == {"id", "name", "employee", "issued_on", "expires_on"}
    pk = created.json()["id"]
    assert client.patch(f"/api/v1/certifications/{pk}/", {"expires_on": None}, format="json").json()["expires_on"] is None
    assert api(org.rep).delete(f"/api/v1/certifications/{pk}/").status_code == 403
    assert api(org.sup2).get(f"/api/v1/certifications/{pk}/").status_code == 404
    assert client.delete(f"/api/v1/certifications/{pk}/").status_code == 204


def test_certification_for_someone_out_of_scope_is_400(org, api):
    response = api(org.sup1).post("/api/v1/certifications/", {"name": "A", "employee": org.rep3.pk,
                                                              "issued_on": "2026-01-05"}, format="json")
    assert response.status_code == 400 and "employee" in response.json()["errors"]


def test_certification_filters(org, api):
    certify(org.rep, issued_on=date(2025, 1, 1), expires_on=date(2026, 7, 1))
    certify(org.rep, issued_on=date(2025, 1, 1), expires_on=date(2027, 7, 1))
    rows = api(org.hr).get("/api/v1/certifications/", {"expires_before": "2026-12-31"}).json()["results"]
    assert len(rows) == 1
    assert Certification.objects.count() == 2


def test_list_queries_do_not_grow_with_rows(org, api):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api(org.hr).get(SESSIONS).status_code == 200
        return len(queries)

    for day in range(1, 6):
        make_session(org.east1, org.east2, starts_at=at(2026, 5, day))
    count()  # the first request reads the user's scope once
    few = count()
    for day in range(1, 29):
        make_session(org.east1, org.south1, starts_at=at(2026, 4, day))
    assert count() == few
