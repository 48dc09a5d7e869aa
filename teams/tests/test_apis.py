import pytest

pytestmark = pytest.mark.django_db

EVERY = ["rep", "teammate", "sup1", "sup2", "manager", "manager2", "director", "hr", "finance", "admin"]


def who(org, name):
    return getattr(org, name)


@pytest.mark.parametrize(
    "viewer,target,status",
    [
        ("rep", "rep", 200), ("rep", "teammate", 404), ("rep", "sup1", 404),
        ("teammate", "rep", 404),
        ("sup1", "rep", 200), ("sup1", "teammate", 200), ("sup1", "rep2", 404), ("sup1", "manager", 404),
        ("sup2", "rep", 404),
        ("manager", "rep", 200), ("manager", "rep2", 200), ("manager", "rep3", 404),
        ("manager2", "rep", 404),
        ("director", "rep3", 200), ("hr", "rep3", 200), ("finance", "rep3", 200), ("admin", "rep", 200),
    ],
)
def test_employee_detail_access_matrix(org, api, viewer, target, status):
    response = api(who(org, viewer)).get(f"/api/v1/employees/{who(org, target).pk}/")
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": "Not found."} or "detail" in response.json()


def test_anonymous_gets_401_or_403(org, api):
    assert api().get("/api/v1/employees/").status_code in (401, 403)
    assert api().get("/api/v1/org-units/").status_code in (401, 403)


@pytest.mark.parametrize("viewer,count", [("rep", 1), ("sup1", 3), ("manager", 6), ("director", 12), ("hr", 12)])
def test_employee_list_is_scoped(org, api, viewer, count):
    data = api(who(org, viewer)).get("/api/v1/employees/").json()
    assert data["count"] == count


def test_employees_me(org, api):
    assert api(org.rep).get("/api/v1/employees/me/").json()["number"] == "R0001"
    assert api(org.admin).get("/api/v1/employees/me/").status_code == 404


def test_org_units_fields_and_scope(org, api):
    data = api(org.rep).get("/api/v1/org-units/").json()
    assert {row["name"] for row in data["results"]} == {"Company", "East", "East-1"}
    row = next(r for r in data["results"] if r["name"] == "East-1")
    assert {"id", "name", "kind", "parent", "head"} <= set(row)
    assert row["head"] == org.sup1.pk


def new_employee(org, **overrides):
    body = {"number": "N100", "name": "Li Na", "role": "rep", "org_unit": org.east1.pk,
            "hire_date": "2026-06-01", "username": "lina", "password": "a-good-password-9"}
    body.update(overrides)
    return body


@pytest.mark.parametrize("creator,status", [("hr", 201), ("director", 201), ("admin", 201),
                                            ("manager", 403), ("sup1", 403), ("rep", 403), ("finance", 403)])
def test_create_employee_rights(org, api, creator, status):
    response = api(who(org, creator)).post("/api/v1/employees/", new_employee(org), format="json")
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert "password" not in body and "username" not in body
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.get(username="lina").check_password("a-good-password-9")


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"number": "R0001"}, "number"),
        ({"username": "rep"}, "username"),
        ({"org_unit": "east"}, "org_unit"),
        ({"hire_date": "2099-01-01"}, "hire_date"),
        ({"hire_date": "not-a-date"}, "hire_date"),
        ({"role": "king"}, "role"),
    ],
)
def test_create_employee_bad_input_400_names_field(org, api, overrides, field):
    from teams.models import Employee

    if overrides.get("org_unit") == "east":
        overrides["org_unit"] = org.east.pk
    before = Employee.objects.count()
    response = api(org.hr).post("/api/v1/employees/", new_employee(org, **overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and field in body["detail"]
    assert Employee.objects.count() == before


def test_fk_outside_scope_is_400_like_missing(org, api):
    # A manager may not create people at all; use the org-unit endpoint as director with a bogus id.
    response = api(org.director).post("/api/v1/org-units/", {"name": "T", "kind": "team", "parent": 999999}, format="json")
    assert response.status_code == 400 and "parent" in response.json()["errors"]


def test_director_creates_and_moves_units_with_cycle_refused(org, api):
    client = api(org.director)
    response = client.post("/api/v1/org-units/", {"name": "East-3", "kind": "team", "parent": org.east.pk}, format="json")
    assert response.status_code == 201, response.content
    cycle = client.patch(f"/api/v1/org-units/{org.east.pk}/", {"parent": response.json()["id"]}, format="json")
    assert cycle.status_code == 400 and "parent" in cycle.json()["errors"]
    team_under_team = client.post("/api/v1/org-units/", {"name": "X", "kind": "team", "parent": org.east1.pk}, format="json")
    assert team_under_team.status_code == 400


def test_manager_cannot_change_units(org, api):
    response = api(org.manager).patch(f"/api/v1/org-units/{org.east1.pk}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 403


def test_mass_assignment_of_path_is_ignored(org, api):
    client = api(org.director)
    response = client.patch(f"/api/v1/org-units/{org.east1.pk}/", {"name": "East-One", "path": "hack/"}, format="json")
    assert response.status_code == 200
    org.east1.refresh_from_db()
    assert org.east1.name == "East-One" and org.east1.path != "hack/"


def test_employee_list_query_count_is_constant(org, api, django_assert_max_num_queries):
    from teams.tests.factories import EmployeeFactory

    client = api(org.hr)
    with django_assert_max_num_queries(6):
        client.get("/api/v1/employees/")
    for _ in range(30):
        EmployeeFactory(org_unit=org.east1)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/employees/").json()["count"] == 42


def test_schema_and_docs_are_served(org, api, page):
    assert api(org.rep).get("/api/schema/").status_code == 200
    docs = page(org.rep).get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


def test_token_auth(org):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=org.rep.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/employees/me/").json()["number"] == "R0001"


# --- issue 8: left_on, plausible dates, uniqueness races, translated errors ------------------------

def test_audit_create_with_left_on_is_a_proper_field(org, api):
    """The audit's `POST employees/` with `left_on` answered 500."""
    response = api(org.hr).post("/api/v1/employees/", new_employee(org, left_on="2026-12-31"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["left_on"] == "2026-12-31"


@pytest.mark.parametrize(
    "overrides,field",
    [({"left_on": "2026-05-31"}, "left_on"),  # before the hire date
     ({"left_on": "2101-01-01"}, "left_on"), ({"left_on": "0001-01-01"}, "left_on"),
     ({"hire_date": "1999-12-31"}, "hire_date"), ({"hire_date": "0001-01-01"}, "hire_date"),
     ({"name": "Li\x0bNa"}, "name"), ({"username": "li\x00na"}, "username")],
)
def test_create_refuses_implausible_dates_and_control_characters(org, api, overrides, field):
    from teams.models import Employee

    before = Employee.objects.count()
    response = api(org.hr).post("/api/v1/employees/", new_employee(org, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Employee.objects.count() == before


def test_update_refuses_an_implausible_leaving_date(org, api):
    response = api(org.hr).patch(f"/api/v1/employees/{org.rep.pk}/", {"left_on": "0001-01-01"}, format="json")
    assert response.status_code == 400 and "left_on" in response.json()["errors"]


@pytest.mark.parametrize("check,overrides,field", [("_username_taken", {"username": "rep"}, "username"),
                                                    ("_number_taken", {"number": "R0001"}, "number")])
def test_a_name_taken_by_a_simultaneous_creation_is_a_400_not_a_500(org, api, monkeypatch, check, overrides, field):
    """Two simultaneous creations: the second passes the pre-check before the first commits, and
    the unique constraint refuses it. (Raced for real on PostgreSQL in test_concurrency.py.)"""
    from teams.services import employees

    real, calls = getattr(employees, check), []
    monkeypatch.setattr(employees, check, lambda *a, **k: bool(calls.append(a)) or (len(calls) > 1 and real(*a, **k)))
    response = api(org.hr).post("/api/v1/employees/", new_employee(org, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]


def test_a_unit_name_taken_under_the_parent_is_a_400_naming_name(org, api):
    response = api(org.director).post("/api/v1/org-units/", {"name": "East-1", "kind": "team", "parent": org.east.pk},
                                      format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["name"]
    rename = api(org.director).patch(f"/api/v1/org-units/{org.east2.pk}/", {"name": "East-1"}, format="json")
    assert rename.status_code == 400 and list(rename.json()["errors"]) == ["name"]


def test_employees_me_without_a_record_is_a_translated_404(org, api):
    client = api(org.admin)
    assert client.get("/api/v1/employees/me/").json()["detail"] == "This login has no employee record."
    chinese = client.get("/api/v1/employees/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 404
    assert chinese.json()["detail"] != "This login has no employee record."


def test_a_role_that_never_manages_people_gets_403_before_its_body_is_read(org, api):
    # An org unit outside the manager's scope would be a 400 "does not exist"; the right comes first.
    response = api(org.manager).patch(f"/api/v1/employees/{org.rep.pk}/", {"org_unit": org.south1.pk}, format="json")
    assert response.status_code == 403
    assert api(org.rep).post("/api/v1/employees/", {"role": "king"}, format="json").status_code == 403
    assert api(org.manager).post("/api/v1/org-units/", {"name": ""}, format="json").status_code == 403
