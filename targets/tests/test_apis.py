from datetime import date
from decimal import Decimal

import pytest

from common.models import ClosedMonth
from targets.models import SalesTarget, TargetChange
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory

URL = "/api/v1/targets/"


@pytest.fixture
def targets(org):
    return {
        "rep": make_target("2026-03", "1000.00", employee=org.rep),
        "teammate": make_target("2026-03", "2000.00", employee=org.teammate),
        "rep2": make_target("2026-03", "3000.00", employee=org.rep2),
        "rep3": make_target("2026-03", "4000.00", employee=org.rep3),
        "east1": make_target("2026-03", "3000.00", org_unit=org.east1),
        "east": make_target("2026-03", "6000.00", org_unit=org.east),
        "company": make_target("2026-03", "9000.00", org_unit=org.company),
    }


@pytest.mark.parametrize(("who", "expected"), [
    ("rep", {"rep"}),
    ("teammate", {"teammate"}),
    ("sup1", {"rep", "teammate", "east1"}),
    ("sup2", {"rep2"}),
    ("manager", {"rep", "teammate", "rep2", "east1", "east"}),
    ("manager2", {"rep3"}),
    ("director", {"rep", "teammate", "rep2", "rep3", "east1", "east", "company"}),
    ("hr", {"rep", "teammate", "rep2", "rep3", "east1", "east", "company"}),
    ("admin", {"rep", "teammate", "rep2", "rep3", "east1", "east", "company"}),
])
def test_list_is_scoped(org, api, targets, who, expected):
    user = org.admin if who == "admin" else getattr(org, who)
    response = api(user).get(URL)
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {targets[name].pk for name in expected}


def test_finance_never_reads_targets_403(org, api, targets):
    """SPEC §1.2: a list the role may never read answers 403, not an empty list."""
    for path in (URL, f"{URL}attainment/?period=2026-03"):
        response = api(org.finance).get(path)
        assert response.status_code == 403 and response.json()["detail"]


def test_shape_and_amounts_as_strings(org, api, targets):
    row = api(org.rep).get(f"{URL}{targets['rep'].pk}/").json()
    assert row["period"] == "2026-03" and row["amount"] == "1000.00" and row["employee"] == org.rep.pk
    assert row["org_unit"] is None and row["product_line"] == ""


def test_detail_out_of_scope_is_404(org, api, targets):
    assert api(org.teammate).get(f"{URL}{targets['rep'].pk}/").status_code == 404
    assert api(org.sup2).get(f"{URL}{targets['rep'].pk}/").status_code == 404
    assert api(org.finance).get(f"{URL}{targets['rep'].pk}/").status_code == 404
    assert api().get(URL).status_code in (401, 403)


def test_list_query_count_constant(org, api, django_assert_max_num_queries):
    for index in range(40):
        make_target("2026-03", 10 + index, employee=EmployeeFactory(role=Role.REP, org_unit=org.east1))
    client = api(org.director)
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"page_size": 100})
    assert response.json()["count"] == 40


def test_create_and_change_with_reason(org, api):
    client = api(org.sup1)
    response = client.post(URL, {"period": "2026-04", "employee": org.rep.pk, "amount": "1500.00"}, format="json")
    assert response.status_code == 201, response.json()
    target_id = response.json()["id"]
    response = client.patch(f"{URL}{target_id}/", {"amount": "1800.00"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.patch(f"{URL}{target_id}/", {"amount": "1800.00", "reason": "Big renewal"}, format="json")
    assert response.status_code == 200 and response.json()["amount"] == "1800.00"
    history = client.get(f"{URL}{target_id}/changes/").json()
    assert [(h["old_amount"], h["new_amount"], h["reason"]) for h in history] == [
        ("1500.00", "1800.00", "Big renewal"), (None, "1500.00", "")]
    again = client.post(URL, {"period": "2026-04", "employee": org.rep.pk, "amount": "1.00"}, format="json")
    assert again.status_code == 400 and "period" in again.json()["errors"]


@pytest.mark.parametrize(("body", "field"), [
    ({"period": "2026-13", "employee": "REP", "amount": "1.00"}, "period"),
    ({"period": "26", "employee": "REP", "amount": "1.00"}, "period"),
    ({"period": "2026-Q5", "employee": "REP", "amount": "1.00"}, "period"),
    ({"period": "2026-04", "employee": "REP", "amount": "-1.00"}, "amount"),
    ({"period": "2026-04", "employee": "REP", "amount": "1.001"}, "amount"),
    ({"period": "2026-04", "amount": "1.00"}, "employee"),
    ({"period": "2026-04", "employee": "REP", "org_unit": "TEAM", "amount": "1.00"}, "employee"),
    ({"period": "2026-04", "employee": "REP2", "amount": "1.00"}, "employee"),  # out of scope → "does not exist"
])
def test_create_bad_input(org, api, body, field):
    ids = {"REP": org.rep.pk, "REP2": org.rep2.pk, "TEAM": org.east1.pk}
    body = {k: ids.get(v, v) for k, v in body.items()}
    response = api(org.sup1).post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not SalesTarget.objects.exists()


@pytest.mark.parametrize(("who", "assignee", "status"), [
    ("sup1", "sup1", 403), ("rep", "rep", 403), ("hr", "rep", 403), ("finance", "rep", 403),
    ("manager", "east", 403), ("manager", "east1", 201), ("director", "company", 201), ("teammate", "rep", 403),
])
def test_create_rights(org, api, who, assignee, status):
    target = getattr(org, assignee)
    key = "org_unit" if hasattr(target, "path") else "employee"
    response = api(getattr(org, who)).post(URL, {"period": "2026-04", key: target.pk, "amount": "1.00"},
                                           format="json")
    assert response.status_code == status, response.json()


def test_change_rights_and_lock(org, api, targets):
    body = {"amount": "1.00", "reason": "x"}
    assert api(org.rep).patch(f"{URL}{targets['rep'].pk}/", body, format="json").status_code == 403
    assert api(org.hr).patch(f"{URL}{targets['rep'].pk}/", body, format="json").status_code == 403
    assert api(org.sup2).patch(f"{URL}{targets['rep'].pk}/", body, format="json").status_code == 404
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    response = api(org.sup1).patch(f"{URL}{targets['rep'].pk}/", body, format="json")
    assert response.status_code == 409 and response.json()["detail"]
    assert SalesTarget.objects.get(pk=targets["rep"].pk).amount == Decimal("1000.00")


def test_decompose_returns_created_targets(org, api):
    make_target("2026-03", "100000.00", org_unit=org.east1)
    third = EmployeeFactory(role=Role.REP, org_unit=org.east1, number="R0009")
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "equal", "into": "children"}
    response = api(org.sup1).post(f"{URL}decompose/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [(r["employee"], r["amount"]) for r in response.json()] == [
        (org.rep.pk, "33333.34"), (org.teammate.pk, "33333.33"), (third.pk, "33333.33")]
    assert all(r["period"] == "2026-03" and r["org_unit"] is None for r in response.json())


def test_decompose_weights_keyed_by_string_ids_and_preview(org, api):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "weighted", "into": "children",
            "weights": {str(org.rep.pk): 1, str(org.teammate.pk): "4"}}
    preview = api(org.sup1).post(f"{URL}decompose/preview/", body, format="json")
    assert preview.status_code == 200
    assert [(r["employee"], r["amount"], r["previous_amount"]) for r in preview.json()] == [
        (org.rep.pk, "200.00", None), (org.teammate.pk, "800.00", None)]
    flagged = api(org.sup1).post(f"{URL}decompose/", {**body, "preview": True}, format="json")
    assert flagged.status_code == 200 and flagged.json() == preview.json()
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


def test_decompose_into_months(org, api):
    make_target("2026", "1200.00", org_unit=org.east1)
    body = {"period": "2026", "org_unit": org.east1.pk, "method": "equal", "into": "months"}
    response = api(org.manager).post(f"{URL}decompose/", body, format="json")
    assert response.status_code == 201
    assert [r["period"] for r in response.json()][:3] == ["2026-Q1", "2026-01", "2026-02"]
    assert {r["amount"] for r in response.json() if len(r["period"]) == 7 and "Q" not in r["period"]} == {"100.00"}


@pytest.mark.parametrize(("body", "field", "status"), [
    ({"period": "2026-3"}, "period", 400),
    ({"period": "March"}, "period", 400),
    ({"method": "magic"}, "method", 400),
    ({"into": "weeks"}, "into", 400),
    ({"method": "manual", "amounts": {"REP": "500.00", "MATE": "499.99"}}, "amounts", 400),
    ({"method": "weighted", "weights": {"REP": "-1", "MATE": "1"}}, "weights", 400),
    ({"method": "weighted", "weights": {"REP": "0", "MATE": "0"}}, "weights", 400),
    ({"org_unit": "EAST2"}, "org_unit", 400),  # another team: does not exist for sup1
    ({"period": "2026-04"}, "period", 400),  # no parent target
])
def test_decompose_bad_input(org, api, body, field, status):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    ids = {"REP": str(org.rep.pk), "MATE": str(org.teammate.pk), "EAST2": org.east2.pk}
    request = {"period": "2026-03", "org_unit": org.east1.pk, "method": "equal", "into": "children", **body}
    request = {k: ids.get(v, v) if not isinstance(v, dict) else {ids.get(a, a): b for a, b in v.items()}
               for k, v in request.items()}
    response = api(org.sup1).post(f"{URL}decompose/", request, format="json")
    assert response.status_code == status, response.json()
    assert field in response.json()["errors"] and field in response.json()["detail"]
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("sup1", "east1", 201), ("sup1", "east", 403), ("manager", "east", 201), ("manager", "company", 403),
    ("director", "company", 201), ("rep", "east1", 403), ("hr", "east1", 403), ("finance", "east1", 403),
    ("sup2", "east1", 400),
])
def test_decompose_rights(org, api, who, unit, status):
    make_target("2026-03", "1000.00", org_unit=getattr(org, unit))
    body = {"period": "2026-03", "org_unit": getattr(org, unit).pk, "method": "equal"}
    assert api(getattr(org, who)).post(f"{URL}decompose/", body, format="json").status_code == status


def test_decompose_locked_month_409(org, api):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "equal"}
    assert api(org.sup1).post(f"{URL}decompose/", body, format="json").status_code == 409
    assert not TargetChange.objects.exists()


def test_attainment_endpoint(org, api, targets):
    make_sale(org.rep, "1500.00", date(2026, 3, 3))
    rows = api(org.sup1).get(f"{URL}attainment/", {"period": "2026-03", "org_unit": org.east1.pk}).json()
    rep = next(r for r in rows if r["kind"] == "employee" and r["id"] == org.rep.pk)
    assert (rep["target"], rep["actual"], rep["attainment"], rep["gap"]) == ("1000.00", "1500.00", "150.00", "-500.00")
    assert api(org.sup1).get(f"{URL}attainment/", {"period": "x"}).status_code == 400
    assert api(org.sup2).get(f"{URL}attainment/", {"period": "2026-03", "org_unit": org.east1.pk}).status_code == 404


def test_profiles_api(org, api):
    listing = api(org.rep).get("/api/v1/distribution-profiles/").json()
    assert listing[0]["is_default"] and sum(Decimal(p) for p in listing[0]["percentages"]) == 100
    bad = ["10.00"] * 12
    response = api(org.director).post("/api/v1/distribution-profiles/", {"name": "Bad", "percentages": bad},
                                      format="json")
    assert response.status_code == 400 and "percentages" in response.json()["errors"]
    good = ["5.00"] * 6 + ["11.67", "11.67", "11.67", "11.67", "11.66", "11.66"]
    response = api(org.director).post("/api/v1/distribution-profiles/", {"name": "H2", "percentages": good},
                                      format="json")
    assert response.status_code == 201, response.json()
    assert api(org.manager).post("/api/v1/distribution-profiles/", {"name": "M", "percentages": good},
                                 format="json").status_code == 403


def test_decompose_onto_unit_without_members_400(org, api):
    from teams.models import UnitKind
    from teams.tests.factories import make_unit

    empty = make_unit("Empty", UnitKind.TEAM, org.east)
    EmployeeFactory(role=Role.SUPERVISOR, org_unit=empty, number="S0099")  # a head, but no reps
    make_target("2026-03", "1000.00", org_unit=empty)
    body = {"period": "2026-03", "org_unit": empty.pk, "method": "equal", "into": "children"}
    response = api(org.manager).post(f"{URL}decompose/", body, format="json")
    assert response.status_code == 400, response.json()
    assert "org_unit" in response.json()["errors"]
    assert SalesTarget.objects.count() == 1 and not TargetChange.objects.exists()


def test_decompose_awkward_year_to_months_to_seven_reps_via_api(org, api):
    from teams.models import UnitKind
    from teams.tests.factories import make_unit

    team = make_unit("Seven", UnitKind.TEAM, org.east)
    reps = [EmployeeFactory(role=Role.REP, org_unit=team, number=f"S7-{i}", hire_date=date(2020, 1, 1))
            for i in range(7)]
    make_target("2026", "1000000.01", org_unit=team)
    client = api(org.manager)
    months = client.post(f"{URL}decompose/", {"period": "2026", "org_unit": team.pk, "method": "profile",
                                              "into": "months"}, format="json")
    assert months.status_code == 201, months.json()
    month_rows = [r for r in months.json() if len(r["period"]) == 7 and "Q" not in r["period"]]
    assert len(month_rows) == 12 and sum(Decimal(r["amount"]) for r in month_rows) == Decimal("1000000.01")
    assert all(len(r["amount"].split(".")[1]) == 2 for r in months.json())
    people = client.post(f"{URL}decompose/", {"period": "2026", "org_unit": team.pk, "method": "equal",
                                              "into": "children"}, format="json")
    assert people.status_code == 201, people.json()
    rows = people.json()
    assert {r["employee"] for r in rows} == {rep.pk for rep in reps} and all(r["org_unit"] is None for r in rows)
    assert sum(Decimal(r["amount"]) for r in rows if r["period"] == "2026") == Decimal("1000000.01")
    for month in month_rows:
        assert sum(Decimal(r["amount"]) for r in rows if r["period"] == month["period"]) == Decimal(month["amount"])


def _count_queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_changes_and_attainment_query_counts_do_not_grow(org, api):
    client = api(org.director)
    target = make_target("2026-03", "1.00", org_unit=org.east1)

    def add_reps(count):
        for index in range(count):
            person = EmployeeFactory(role=Role.REP, org_unit=org.east1)
            make_target("2026-03", 10 + index, employee=person)
            make_sale(person, 5, date(2026, 3, 2))
            TargetChange.objects.create(target=target, changed_by=org.director.user, old_amount=Decimal(index),
                                        new_amount=Decimal(index + 1), reason=f"r{index}")

    add_reps(1)  # 3 reps in East-1
    client.get(URL)  # warm caches (content types, scope)
    few = [_count_queries(client, URL, {"page_size": 100}),
           _count_queries(client, f"{URL}{target.pk}/changes/"),
           _count_queries(client, f"{URL}attainment/", {"period": "2026-03", "org_unit": org.east1.pk})]
    add_reps(37)  # 40 reps
    many = [_count_queries(client, URL, {"page_size": 100}),
            _count_queries(client, f"{URL}{target.pk}/changes/"),
            _count_queries(client, f"{URL}attainment/", {"period": "2026-03", "org_unit": org.east1.pk})]
    assert few == many


def test_decompose_preview_marks_the_parts_that_add_up(org, api):
    make_target("2026", "1000000.01", org_unit=org.east)
    client = api(org.director)
    months = client.post(f"{URL}decompose/", {"period": "2026", "org_unit": org.east.pk, "method": "profile",
                                              "into": "months"}, format="json")
    assert months.status_code == 201
    body = {"period": "2026", "org_unit": org.east.pk, "method": "equal", "into": "children", "cascade": True}
    rows = client.post(f"{URL}decompose/preview/", body, format="json").json()
    parts = [r for r in rows if r["in_total"]]
    assert {(r["org_unit"], r["period"]) for r in parts} == {(org.east1.pk, "2026"), (org.east2.pk, "2026")}
    assert sum(Decimal(r["amount"]) for r in parts) == Decimal("1000000.01")
    assert any(r["employee"] for r in rows)  # the reps are in the preview, but not counted twice
