"""SPEC §13.1 "Roles are granted from above": every acting role × target × rights field, through
the API (which calls the service, asked here for its `may_*` answer too) and the page; the admin
has its own tests in test_admin.py.

The oracle below is written from the spec, not from the code: only the director (a superuser
acts as director) and HR manage people; only the director gives or takes the director, HR or
finance role or moves/deactivates someone holding one; nobody changes their own role, unit,
active flag or leaving date. A refusal is 403 (who is acting is the problem), or 404 where the
target is outside the actor's scope; a bad value is 400."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from common.exceptions import NotAllowed
from teams import services
from teams.models import Employee, Role
from teams.tests.factories import EmployeeFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ACTORS = ["director", "manager", "sup1", "rep", "hr", "finance", "admin"]
TARGETS = ["director", "manager", "sup1", "rep", "hr2", "finance", "self"]
PRIVILEGED = {"director", "hr", "finance"}


@pytest.fixture
def org(org):
    org.hr2 = EmployeeFactory(role=Role.HR, org_unit=org.company, user=UserFactory(username="hr2"), number="H0002")
    return org


def actor_of(org, name):
    return getattr(org, name)


def user_of(org, name):
    who = actor_of(org, name)
    return getattr(who, "user", who)


def target_of(org, actor, target) -> Employee | None:
    return actor_of(org, actor) if target == "self" else getattr(org, target)


def allowed(actor: str, target_role: str, *, own: bool, new_role: str | None = None) -> bool:
    """The spec's answer: may `actor` change this rights field of someone holding `target_role`?"""
    if actor not in ("director", "hr", "admin") or own:
        return False
    if actor == "hr":
        return target_role not in PRIVILEGED and new_role not in PRIVILEGED
    return True


#: For each target, a change of each rights field that is a valid value (so "allowed" means 200).
def change_for(org, target: Employee, field: str):
    if field == "role":
        return {Role.DIRECTOR: Role.HR, Role.MANAGER: Role.FINANCE, Role.SUPERVISOR: Role.REP,
                Role.REP: Role.SUPERVISOR, Role.HR: Role.FINANCE, Role.FINANCE: Role.HR}[target.role]
    if field == "org_unit":
        return {Role.MANAGER: org.south, Role.SUPERVISOR: org.east2, Role.REP: org.east2,
                Role.HR: org.east, Role.FINANCE: org.east, Role.DIRECTOR: None}[target.role]
    if field == "active":
        return False
    if field == "left_on":
        return date(2026, 10, 31)
    raise AssertionError(field)


def api_value(value):
    return getattr(value, "pk", value.isoformat() if isinstance(value, date) else value)


CASES = [
    (actor, target, field)
    for actor in ACTORS
    for target in TARGETS
    for field in ("role", "org_unit", "active", "left_on")
    if not (target == "self" and actor == "admin")  # the superuser has no employee record
    # The director's unit can only be the company; moving the director is checked on its own below.
    and not (field == "org_unit" and (target == "director" or (target == "self" and actor == "director")))
]


def expectation(org, actor, target_name, field):
    target = target_of(org, actor, target_name)
    own = target.user_id == user_of(org, actor).pk
    value = change_for(org, target, field)
    ok = allowed(actor, target.role, own=own, new_role=value if field == "role" else None)
    return target, value, ok


def visible(org, actor, target) -> bool:
    return Employee.objects.visible_to(user_of(org, actor)).filter(pk=target.pk).exists()


def current(target: Employee, field: str):
    fresh = Employee.objects.get(pk=target.pk)
    return fresh.org_unit if field == "org_unit" else getattr(fresh, field)


# --- API -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor,target_name,field", CASES)
def test_api_matrix(org, api, actor, target_name, field):
    """The API goes through `services.employee_update`; the `may_*` twin answers the same."""
    target, value, ok = expectation(org, actor, target_name, field)
    before = current(target, field)
    user = user_of(org, actor)
    may = {"role": lambda: services.may_change_role(user, employee=target, role=value),
           "org_unit": lambda: services.may_change_unit(user, employee=target),
           "active": lambda: services.may_change_active(user, employee=target),
           "left_on": lambda: services.may_change_active(user, employee=target)}[field]()
    assert may is ok
    response = api(actor_of(org, actor)).patch(f"/api/v1/employees/{target.pk}/", {field: api_value(value)}, format="json")
    if ok:
        assert response.status_code == 200, response.content
        assert current(target, field) == value
        return
    assert current(target, field) == before
    if not visible(org, actor, target):
        assert response.status_code == 404
    else:
        assert response.status_code == 403, response.content
        if actor in ("director", "hr"):  # people admins are told which field they may not change
            assert field in response.json()["errors"]


@pytest.mark.parametrize("actor", ACTORS)
def test_api_allowed_changes_match_the_service(org, api, actor):
    rows = api(actor_of(org, actor)).get("/api/v1/employees/?page_size=100").json()["results"]
    assert rows
    for row in rows:
        employee = Employee.objects.get(pk=row["id"])
        own = employee.user_id == user_of(org, actor).pk
        offered = set(row["allowed_changes"]["role"])
        expected_roles = {role for role in Role.values if allowed(actor, employee.role, own=own, new_role=role)}
        assert offered == expected_roles, (actor, employee.number)
        assert row["allowed_changes"]["org_unit"] is allowed(actor, employee.role, own=own)
        assert row["allowed_changes"]["active"] is allowed(actor, employee.role, own=own)


# --- page ----------------------------------------------------------------------------------------

def edit_post(target: Employee, **override) -> dict:
    data = {
        "number": target.number, "name": target.name, "role": target.role, "org_unit": target.org_unit_id,
        "hire_date": target.hire_date.isoformat(), "left_on": target.left_on.isoformat() if target.left_on else "",
        "referred_by": target.referred_by_id or "", "email": target.email, "phone": target.phone,
    }
    if target.active:
        data["active"] = "on"
    for field, value in override.items():
        if field == "active":
            data.pop("active", None) if not value else data.update(active="on")
        else:
            data[field] = api_value(value)
    return data


@pytest.mark.parametrize("actor,target_name,field", CASES)
def test_page_matrix(org, page, actor, target_name, field):
    target, value, ok = expectation(org, actor, target_name, field)
    before = current(target, field)
    client = page(actor_of(org, actor))
    url = reverse("teams:employee-edit", args=[target.pk])
    shown = client.get(url)
    if actor not in ("director", "hr", "admin"):
        assert shown.status_code == (403 if visible(org, actor, target) else 404)
        assert client.post(url, edit_post(target, **{field: value})).status_code == shown.status_code
        assert current(target, field) == before
        return
    assert shown.status_code == 200
    form_field = shown.context["form"].fields[field]
    response = client.post(url, edit_post(target, **{field: value}))
    if ok:
        assert not form_field.disabled
        assert response.status_code == 302, response.content
        assert current(target, field) == value
        return
    assert current(target, field) == before
    if form_field.disabled:
        # Not the actor's to change: shown greyed out, and a forged value is ignored.
        assert response.status_code == 302
    else:
        # HR may change this rep's role, but not to a privileged one: the forged choice gets the 403 page.
        assert field == "role" and value in PRIVILEGED and actor == "hr"
        assert value not in [code for code, _label in form_field.choices]
        assert response.status_code == 403


def test_page_role_choices_offered_to_hr_exclude_the_privileged_roles(org, page):
    form = page(org.hr).get(reverse("teams:employee-edit", args=[org.rep.pk])).context["form"]
    assert [code for code, _label in form.fields["role"].choices] == [Role.MANAGER, Role.SUPERVISOR, Role.REP]
    new = page(org.hr).get(reverse("teams:employee-create")).context["form"]
    assert [code for code, _label in new.fields["role"].choices] == [Role.MANAGER, Role.SUPERVISOR, Role.REP]
    director_form = page(org.director).get(reverse("teams:employee-create")).context["form"]
    assert [code for code, _label in director_form.fields["role"].choices] == list(Role.values)


def test_page_edit_button_and_add_button_follow_may(org, page):
    rep_page = page(org.rep).get(reverse("teams:employee-detail", args=[org.rep.pk]))
    assert rep_page.context["can_edit"] is False
    assert reverse("teams:employee-edit", args=[org.rep.pk]).encode() not in rep_page.content
    hr_page = page(org.hr).get(reverse("teams:employee-detail", args=[org.rep.pk]))
    assert reverse("teams:employee-edit", args=[org.rep.pk]).encode() in hr_page.content
    assert page(org.finance).get(reverse("teams:employee-list")).context["can_add"] is False
    assert page(org.hr).get(reverse("teams:employee-list")).context["can_add"] is True


# --- new logins ----------------------------------------------------------------------------------

UNIT_FOR_ROLE = {Role.DIRECTOR: "company", Role.MANAGER: "south", Role.SUPERVISOR: "east2", Role.REP: "east2",
                 Role.HR: "company", Role.FINANCE: "east"}


def new_login(org, role, **overrides):
    body = {"number": f"N-{role}", "name": f"New {role}", "role": role, "org_unit": getattr(org, UNIT_FOR_ROLE[role]).pk,
            "hire_date": "2026-11-01", "username": f"new-{role}", "password": "a-good-password-9"}
    body.update(overrides)
    return body


def may_create(actor, role) -> bool:
    return actor in ("director", "admin") or (actor == "hr" and role not in PRIVILEGED)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("role", Role.values)
def test_new_login_api(org, api, actor, role):
    response = api(actor_of(org, actor)).post("/api/v1/employees/", new_login(org, role), format="json")
    created = get_user_model().objects.filter(username=f"new-{role}").exists()
    if may_create(actor, role):
        assert response.status_code == 201, response.content
        assert created and Employee.objects.get(number=f"N-{role}").role == role
    else:
        assert response.status_code == 403, response.content
        assert not created and not Employee.objects.filter(number=f"N-{role}").exists()
        if actor == "hr":
            assert "role" in response.json()["errors"]
    assert services.may_create_employee(user_of(org, actor), role=role) is may_create(actor, role)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("role", Role.values)
def test_new_login_page(org, page, actor, role):
    client = page(actor_of(org, actor))
    url = reverse("teams:employee-create")
    if actor not in ("director", "hr", "admin"):
        assert client.get(url).status_code == 403
    response = client.post(url, new_login(org, role))
    created = get_user_model().objects.filter(username=f"new-{role}").exists()
    if may_create(actor, role):
        assert response.status_code == 302, response.content
        assert created
    else:
        assert response.status_code == 403
        assert not created


# --- the audit's reproductions -------------------------------------------------------------------

def test_audit_hr_cannot_make_itself_director(org, api):
    response = api(org.hr).patch(f"/api/v1/employees/{org.hr.pk}/", {"role": "director"}, format="json")
    assert response.status_code == 403
    assert "role" in response.json()["errors"]
    org.hr.refresh_from_db()
    assert org.hr.role == Role.HR
    # …so the same token still reads no customer (SPEC §1.2: HR sees no customer data).
    assert api(org.hr).get("/api/v1/customers/").json().get("count", 0) == 0


def test_audit_hr_cannot_create_a_director_login_with_its_own_password(org, api):
    response = api(org.hr).post("/api/v1/employees/", new_login(org, "director", username="boss2",
                                                                  password="hr-knows-this-1"), format="json")
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="boss2").exists()


def test_audit_hr_cannot_deactivate_the_director(org, api):
    response = api(org.hr).patch(f"/api/v1/employees/{org.director.pk}/", {"active": False}, format="json")
    assert response.status_code == 403 and "active" in response.json()["errors"]
    org.director.refresh_from_db()
    assert org.director.active is True


def test_audit_director_cannot_deactivate_itself(org, api):
    response = api(org.director).patch(f"/api/v1/employees/{org.director.pk}/", {"active": False}, format="json")
    assert response.status_code == 403 and "active" in response.json()["errors"]
    org.director.refresh_from_db()
    assert org.director.active is True


def test_director_gives_and_takes_the_privileged_roles(org, api):
    client = api(org.director)
    assert client.patch(f"/api/v1/employees/{org.hr2.pk}/", {"role": "finance"}, format="json").status_code == 200
    assert client.patch(f"/api/v1/employees/{org.hr2.pk}/", {"active": False}, format="json").status_code == 200
    assert api(org.admin).patch(f"/api/v1/employees/{org.hr2.pk}/", {"active": True}, format="json").status_code == 200


@pytest.mark.parametrize("actor", ["director", "hr"])
@pytest.mark.parametrize("field,value", [("role", "rep"), ("org_unit", "east1"), ("active", False),
                                         ("left_on", "2026-11-01")])
def test_nobody_changes_their_own_role_unit_or_active(org, api, actor, field, value):
    me = actor_of(org, actor)
    if field == "org_unit":
        value = org.east1.pk
    response = api(me).patch(f"/api/v1/employees/{me.pk}/", {field: value}, format="json")
    assert response.status_code == 403 and field in response.json()["errors"]
    assert not services.may_change_unit(me.user, employee=me)
    assert not services.may_change_active(me.user, employee=me)
    assert not services.may_change_role(me.user, employee=me)


def test_a_superuser_with_an_employee_record_is_bound_by_the_self_rule_too(org):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    with pytest.raises(NotAllowed):
        services.employee_update(actor=org.hr.user, employee=org.hr, role=Role.DIRECTOR)
    services.employee_update(actor=org.hr.user, employee=org.finance, role=Role.HR)  # acts as director


def test_put_repeating_ones_own_role_unit_and_active_is_fine(org, api):
    """Only the fields that change are checked: HR may still edit its own phone with a full PUT."""
    body = {"number": org.hr.number, "name": org.hr.name, "role": "hr", "org_unit": org.company.pk,
            "hire_date": org.hr.hire_date.isoformat(), "active": True, "phone": "123"}
    response = api(org.hr).put(f"/api/v1/employees/{org.hr.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    org.hr.refresh_from_db()
    assert org.hr.phone == "123"


def test_hr_edits_the_details_of_the_director_but_not_its_rights(org, api):
    client = api(org.hr)
    assert client.patch(f"/api/v1/employees/{org.director.pk}/", {"phone": "555"}, format="json").status_code == 200
    response = client.patch(f"/api/v1/employees/{org.director.pk}/", {"org_unit": org.east.pk}, format="json")
    assert response.status_code == 403 and "org_unit" in response.json()["errors"]


def test_an_unknown_role_is_a_bad_value_not_a_right(org, api, page):
    response = api(org.hr).patch(f"/api/v1/employees/{org.rep.pk}/", {"role": "king"}, format="json")
    assert response.status_code == 400 and "role" in response.json()["errors"]
    posted = page(org.hr).post(reverse("teams:employee-edit", args=[org.rep.pk]), edit_post(org.rep, role="king"))
    assert posted.status_code == 400 and "role" in posted.context["form"].errors


@pytest.mark.parametrize("actor,changed,allowed", [
    ("hr", {"role": Role.SUPERVISOR}, True),
    ("hr", {"role": Role.DIRECTOR}, False),
    ("rep", {"name": "x"}, False),
    ("director", {"active": False, "org_unit": None}, True),
])
def test_may_apply_changes_answers_what_the_check_enforces(org, actor, changed, allowed):
    user = user_of(org, actor)
    assert services.may_apply_changes(user, employee=org.rep, changed=changed) is allowed
    if not allowed:
        with pytest.raises(NotAllowed):
            services.ensure_may_apply_changes(user, employee=org.rep, changed=changed)
