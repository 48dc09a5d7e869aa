"""Pages: access for every role, the one-tap roster, score entry, scheduling, results, overview."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams.tests.factories import EmployeeFactory
from training.models import Assessment, Attendance, TrainingSession
from training.tests.factories import assess, at, attend, certify, make_session

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def held(org):
    return make_session(org.east1, starts_at=at(2026, 6, 5), created_by=org.sup1.user, title="Held in East-1")


def _detail(session):
    return reverse("training:session-detail", args=[session.pk])


@pytest.mark.parametrize(("who", "code"), [
    ("rep", 200), ("teammate", 200), ("sup1", 200), ("manager", 200), ("director", 200), ("hr", 200), ("admin", 200),
    ("rep2", 404), ("sup2", 404), ("manager2", 404), ("finance", 403),
])
def test_session_page_access(org, page, held, who, code):
    assert page(getattr(org, who)).get(_detail(held)).status_code == code


@pytest.mark.parametrize(("who", "code"), [("rep", 200), ("sup1", 200), ("hr", 200), ("director", 200), ("finance", 403)])
def test_calendar_access(org, page, held, who, code):
    response = page(getattr(org, who)).get(reverse("training:calendar"), {"month": "2026-06"})
    assert response.status_code == code


def test_calendar_lists_only_my_teams_sessions(org, page, held):
    make_session(org.south1, starts_at=at(2026, 6, 8), title="Held in South-1")
    body = page(org.rep).get(reverse("training:calendar")).content.decode()
    assert "Held in East-1" in body and "Held in South-1" not in body


def test_calendar_bad_month_is_400(org, page):
    assert page(org.rep).get(reverse("training:calendar"), {"month": "2026-13"}).status_code == 400


def test_calendar_queries_do_not_grow(org, page):
    client = page(org.hr)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("training:calendar"), {"month": "2026-06"}).status_code == 200
        return len(queries)

    for day in range(1, 4):
        make_session(org.east1, starts_at=at(2026, 6, day))
    count()
    few = count()
    for day in range(4, 28):
        make_session(org.east1, org.east2, starts_at=at(2026, 6, day))
    assert count() == few


def test_rep_sees_only_own_row_and_no_buttons(org, page, held):
    attend(held, org.rep, "present")
    attend(held, org.teammate, "absent")
    assess(held, org.teammate, 55)
    body = page(org.rep).get(_detail(held)).content.decode()
    assert org.rep.name in body and org.teammate.name not in body
    assert reverse("training:attendance-record", args=[held.pk]) not in body


def test_organiser_sees_the_whole_roster_with_taps(org, page, held):
    body = page(org.sup1).get(_detail(held)).content.decode()
    assert org.rep.name in body and org.teammate.name in body
    assert reverse("training:attendance-record", args=[held.pk]) in body


def test_session_page_queries_do_not_grow_with_invitees(org, page, held):
    client = page(org.sup1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_detail(held)).status_code == 200
        return len(queries)

    attend(held, org.rep, "present")
    count()
    few = count()
    for _ in range(15):
        person = EmployeeFactory(org_unit=org.east1)
        attend(held, person, "present")
        assess(held, person, 60, 90)
    assert count() == few


def test_one_tap_attendance(org, page, held):
    response = page(org.sup1).post(reverse("training:attendance-record", args=[held.pk]),
                                   {"employee": org.rep.pk, "status": "present"})
    assert response.status_code == 302 and response.url.endswith(f"#person-{org.rep.pk}")
    assert Attendance.objects.get().status == "present"


@pytest.mark.parametrize(("who", "code"), [("rep", 403), ("sup2", 404), ("finance", 403)])
def test_attendance_by_others_is_refused(org, page, held, who, code):
    response = page(getattr(org, who)).post(reverse("training:attendance-record", args=[held.pk]),
                                            {"employee": org.rep.pk, "status": "present"})
    assert response.status_code == code
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("data", [{"employee": "x", "status": "present"}, {"status": "present"},
                                  {"employee": "1", "status": "late"}])
def test_bad_attendance_post_is_400(org, page, held, data):
    assert page(org.sup1).post(reverse("training:attendance-record", args=[held.pk]), data).status_code == 400


def test_attendance_for_a_non_invitee_page_is_400(org, page, held):
    response = page(org.hr).post(reverse("training:attendance-record", args=[held.pk]),
                                 {"employee": org.rep3.pk, "status": "present"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_score_entry_records_attempts_and_refuses_a_fourth(org, page, held):
    client = page(org.sup1)
    url = reverse("training:assessment-create", args=[held.pk])
    assert client.get(url, {"employee": org.rep.pk}).status_code == 200
    for score in ("50", "70", "80"):
        assert client.post(url, {"employee": org.rep.pk, "score": score}).status_code == 302
    response = client.post(url, {"employee": org.rep.pk, "score": "90"})
    assert response.status_code == 400
    assert "attempts" in response.content.decode()
    assert 'value="90"' in response.content.decode()  # the input is kept
    assert Assessment.objects.count() == 3


def test_score_out_of_range_keeps_the_form(org, page, held):
    response = page(org.sup1).post(reverse("training:assessment-create", args=[held.pk]),
                                   {"employee": org.rep.pk, "score": "100.5"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_score_page_of_a_future_session_is_409(org, page):
    future = make_session(org.east1, starts_at=at(2026, 6, 20), created_by=org.sup1.user)
    assert page(org.sup1).get(reverse("training:assessment-create", args=[future.pk])).status_code == 409


def test_rep_may_not_open_score_entry(org, page, held):
    assert page(org.rep).get(reverse("training:assessment-create", args=[held.pk])).status_code == 403


def test_schedule_a_session(org, page):
    client = page(org.sup1)
    url = reverse("training:session-create")
    form = client.get(url).content.decode()
    assert org.east1.name in form and org.east2.name not in form
    response = client.post(url, {"title": "Product basics", "category": "product", "format": "internal",
                                 "starts_at": "2026-06-24T14:00", "hours": "2", "trainer_name": "Mr. Zhao",
                                 "teams": [org.east1.pk]})
    assert response.status_code == 302, response.content.decode()
    session = TrainingSession.objects.get()
    assert list(session.teams.all()) == [org.east1]


def test_schedule_refusal_keeps_input_and_names_the_field(org, page):
    response = page(org.sup1).post(reverse("training:session-create"), {
        "title": "Kept title", "category": "product", "format": "internal", "starts_at": "2026-06-24T14:00",
        "hours": "2", "teams": [org.east1.pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept title" in body and "Name the trainer" in body
    assert not TrainingSession.objects.exists()


def test_schedule_for_a_team_outside_scope_is_400(org, page):
    response = page(org.sup1).post(reverse("training:session-create"), {
        "title": "T", "category": "product", "format": "internal", "starts_at": "2026-06-24T14:00",
        "hours": "2", "trainer_name": "X", "teams": [org.south1.pk]})
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(("who", "code"), [("rep", 403), ("finance", 403), ("sup1", 200), ("hr", 200)])
def test_schedule_page_access(org, page, who, code):
    assert page(getattr(org, who)).get(reverse("training:session-create")).status_code == code


def test_edit_and_cancel_with_confirmation(org, page):
    session = make_session(org.east1, starts_at=at(2026, 6, 20), created_by=org.sup1.user)
    client = page(org.sup1)
    edit = reverse("training:session-edit", args=[session.pk])
    assert client.get(edit).status_code == 200
    assert page(org.rep).get(edit).status_code == 403
    cancel = reverse("training:session-cancel", args=[session.pk])
    assert client.post(cancel, {}).status_code == 400
    assert client.post(cancel, {"confirm": "on"}).status_code == 302
    session.refresh_from_db()
    assert session.cancelled_at is not None


def test_my_results_show_latest_attempt_and_certifications(org, page, held):
    assess(held, org.rep, 60, 85)
    certify(org.rep, name="Product specialist", issued_on=date(2025, 7, 1), expires_on=date(2026, 7, 1))
    body = page(org.rep).get(reverse("training:my-results")).content.decode()
    assert "85.00" in body and "60.00" not in body and "Product specialist" in body


@pytest.mark.parametrize(("who", "code"), [("rep", 200), ("sup1", 200), ("hr", 200), ("teammate", 404),
                                           ("sup2", 404), ("finance", 403)])
def test_employee_results_access(org, page, who, code):
    assert page(getattr(org, who)).get(reverse("training:employee-results", args=[org.rep.pk])).status_code == code


def test_admin_without_employee_has_no_my_results(org, page):
    assert page(org.admin).get(reverse("training:my-results")).status_code == 404


def test_record_a_certification(org, page):
    client = page(org.sup1)
    url = reverse("training:certification-create")
    assert client.get(url, {"employee": org.rep.pk}).status_code == 200
    response = client.post(url, {"employee": f"{org.rep.name} (#{org.rep.pk})", "name": "CRM expert",
                                 "issued_on": "2026-05-01", "expires_on": "2026-04-30"})
    assert response.status_code == 400 and "expire before" in response.content.decode()
    response = client.post(url, {"employee": f"{org.rep.name} (#{org.rep.pk})", "name": "CRM expert",
                                 "issued_on": "2026-05-01", "expires_on": "2027-05-01"})
    assert response.status_code == 302
    assert page(org.rep).get(url).status_code == 403


# --- correcting and deleting a certification ---------------------------------------------------

def _cert(org):
    return certify(org.rep, name="CRM expert", issued_on=date(2026, 5, 1), expires_on=date(2027, 5, 1))


@pytest.mark.parametrize(("who", "code"), [("sup1", 200), ("hr", 200), ("director", 200), ("rep", 403),
                                           ("sup2", 404), ("finance", 403)])
def test_certification_edit_access(org, page, who, code):
    cert = _cert(org)
    assert page(getattr(org, who)).get(reverse("training:certification-edit", args=[cert.pk])).status_code == code


def test_the_edit_page_shows_the_recorded_values_in_iso_dates(org, page):
    body = page(org.hr).get(reverse("training:certification-edit", args=[_cert(org).pk])).content.decode()
    assert 'value="CRM expert"' in body and 'value="2026-05-01"' in body and 'value="2027-05-01"' in body
    assert "Yes, delete this certification" in body


def test_correcting_the_expiry_keeps_the_holder_and_redirects_to_their_results(org, page):
    cert = _cert(org)
    response = page(org.hr).post(reverse("training:certification-edit", args=[cert.pk]),
                                 {"name": "CRM expert", "issued_on": "2026-05-01", "expires_on": ""})
    assert response.status_code == 302
    assert response.url == reverse("training:employee-results", args=[org.rep.pk])
    cert.refresh_from_db()
    assert (cert.employee_id, cert.expires_on) == (org.rep.pk, None)


def test_an_expiry_before_the_issue_is_refused_at_its_field_and_changes_nothing(org, page):
    cert = _cert(org)
    response = page(org.hr).post(reverse("training:certification-edit", args=[cert.pk]),
                                 {"name": "CRM master", "issued_on": "2026-05-01", "expires_on": "2026-04-30"})
    body = response.content.decode()
    assert response.status_code == 400 and "expire before" in body
    assert 'value="CRM master"' in body  # what was typed is kept
    cert.refresh_from_db()
    assert (cert.name, cert.expires_on) == ("CRM expert", date(2027, 5, 1))


def test_deleting_needs_the_tick(org, page):
    cert = _cert(org)
    url = reverse("training:certification-delete", args=[cert.pk])
    assert page(org.hr).post(url, {}).status_code == 400
    assert page(org.rep).post(url, {"confirm": "on"}).status_code == 403
    assert page(org.hr).post(url, {"confirm": "on"}).status_code == 302
    assert not type(cert).objects.filter(pk=cert.pk).exists()


def test_the_results_page_links_each_certification_to_its_correction_for_those_who_may(org, page):
    cert = _cert(org)
    link = reverse("training:certification-edit", args=[cert.pk])
    assert link in page(org.hr).get(reverse("training:employee-results", args=[org.rep.pk])).content.decode()
    assert link not in page(org.rep).get(reverse("training:my-results")).content.decode()


def test_the_edit_page_in_chinese(org, page):
    body = page(org.hr).get(reverse("training:certification-edit", args=[_cert(org).pk]),
                            HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "更正认证" in body and "Correct a certification" not in body and "删除认证" in body


@pytest.mark.parametrize(("who", "code"), [("rep", 403), ("finance", 403), ("sup1", 200), ("manager", 200),
                                           ("hr", 200), ("director", 200)])
def test_overview_access(org, page, who, code):
    assert page(getattr(org, who)).get(reverse("training:overview")).status_code == code


def test_overview_rates_per_team(org, page, held):
    attend(held, org.rep, "present")
    attend(held, org.teammate, "absent")
    assess(held, org.rep, 90)
    assess(held, org.teammate, 50, "79.99")
    rows = {row["team"].pk: row for row in page(org.hr).get(reverse("training:overview"),
                                                            {"month": "2026-06"}).context["rows"]}
    east1 = rows[org.east1.pk]
    # East-1: sup1, rep, teammate employed in June; the rep was present; 1 of 2 passed.
    assert (east1["sessions"], east1["members"], east1["present"]) == (1, 3, 1)
    assert str(east1["completion_pct"]) == "33.33" and str(east1["pass_pct"]) == "50.00"
    assert east1["absences"] == 1
    assert rows[org.south1.pk]["sessions"] == 0 and rows[org.south1.pk]["pass_pct"] is None


def test_overview_scoped_for_a_supervisor(org, page):
    rows = page(org.sup1).get(reverse("training:overview")).context["rows"]
    assert [row["team"] for row in rows] == [org.east1]


def test_overview_exports_xlsx(org, page, held):
    from io import BytesIO

    from openpyxl import load_workbook

    attend(held, org.rep, "present")
    response = page(org.hr).get(reverse("training:overview"), {"month": "2026-06", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('salesops-training-2026-06.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2][0] == org.east1.name


def test_a_trainer_from_another_team_sees_the_whole_roster(org, page):
    session = make_session(org.east1, starts_at=at(2026, 6, 5), trainer=org.sup2)
    body = page(org.sup2).get(_detail(session)).content.decode()
    assert org.rep.name in body and org.teammate.name in body
    assert reverse("training:attendance-record", args=[session.pk]) in body


def test_the_results_page_marks_a_certification_expired_from_the_day_after_its_expiry(org, page):
    certify(org.rep, name="Old badge", issued_on=date(2025, 6, 1), expires_on=date(2026, 6, 9))
    body = page(org.rep).get(reverse("training:my-results")).content.decode()
    assert body.count('class="badge bad">expired') == 1
    certify(org.teammate, name="Due today", issued_on=date(2025, 6, 1), expires_on=date(2026, 6, 10))
    assert 'class="badge bad">expired' not in page(org.teammate).get(reverse("training:my-results")).content.decode()
