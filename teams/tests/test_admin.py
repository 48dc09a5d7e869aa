"""The admin goes through the same rights as the page and the API (SPEC §13.1): a staff HR user
cannot do there what `teams.services.rights` refuses elsewhere."""

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.urls import reverse

from teams.models import Employee, Role, RoleChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(page):
    """`staff(employee, *codenames)` → a client signed in to the admin with just those permissions."""

    def make(employee, *codenames):
        employee.user.is_staff = True
        employee.user.save()
        employee.user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return page(employee)

    return make


PEOPLE = ("view_employee", "change_employee", "delete_employee", "add_employee")
LOGINS = ("view_user", "change_user", "add_user")


def admin_post(response, **override) -> dict:
    """The change form as the browser would send it back, with `override` applied."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field.widget, forms.MultiWidget):  # the admin's split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [str(v) for v in value or []]
        else:
            data[name] = "" if value is None else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                data[sub.add_prefix(name)] = "" if value is None else str(value)
    for name, value in override.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def change_url(employee):
    return reverse("admin:teams_employee_change", args=[employee.pk])


def test_hr_changes_a_reps_role_in_the_admin_through_the_service(org, staff):
    client = staff(org.hr, *PEOPLE)
    shown = client.get(change_url(org.rep))
    assert shown.status_code == 200
    assert [code for code, _ in shown.context["adminform"].form.fields["role"].choices if code] == list(Role.values)
    response = client.post(change_url(org.rep), admin_post(shown, role=Role.SUPERVISOR))
    assert response.status_code == 302, response.context["adminform"].form.errors
    org.rep.refresh_from_db()
    assert org.rep.role == Role.SUPERVISOR
    change = RoleChange.objects.get(employee=org.rep)
    assert (change.old_role, change.new_role, change.changed_by) == (Role.REP, Role.SUPERVISOR, org.hr.user)


@pytest.mark.parametrize("role", [Role.HR, Role.FINANCE])
def test_hr_cannot_give_a_privileged_role_in_the_admin(org, staff, role):
    client = staff(org.hr, *PEOPLE)
    shown = client.get(change_url(org.rep))
    response = client.post(change_url(org.rep), admin_post(shown, role=role))
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    org.rep.refresh_from_db()
    assert org.rep.role == Role.REP


def test_hr_cannot_make_itself_director_in_the_admin(org, staff):
    client = staff(org.hr, *PEOPLE)
    shown = client.get(change_url(org.hr))
    fields = shown.context["adminform"].form.fields
    assert not {"role", "org_unit", "active", "left_on", "user"} & set(fields)
    client.post(change_url(org.hr), admin_post(shown, role=Role.DIRECTOR, active=False))
    org.hr.refresh_from_db()
    assert (org.hr.role, org.hr.active) == (Role.HR, True)


def test_hr_cannot_deactivate_the_director_in_the_admin_but_edits_its_phone(org, staff):
    client = staff(org.hr, *PEOPLE)
    shown = client.get(change_url(org.director))
    assert "active" not in shown.context["adminform"].form.fields
    response = client.post(change_url(org.director), admin_post(shown, active=False, phone="555"))
    assert response.status_code == 302
    org.director.refresh_from_db()
    assert org.director.active is True and org.director.phone == "555"


def test_the_superuser_deactivates_hr_in_the_admin_but_a_bad_value_is_a_form_error(org, staff, page):
    client = page(org.admin)
    shown = client.get(change_url(org.hr))
    assert client.post(change_url(org.hr), admin_post(shown, active=False)).status_code == 302
    org.hr.refresh_from_db()
    assert org.hr.active is False
    shown = client.get(change_url(org.rep))
    bad = client.post(change_url(org.rep), admin_post(shown, org_unit=org.east, hire_date="1899-12-31"))
    assert bad.status_code == 200
    assert {"org_unit", "hire_date"} <= set(bad.context["adminform"].form.errors)


def test_nobody_adds_and_only_superusers_delete_employees_in_the_admin(org, staff, page):
    client = staff(org.hr, *PEOPLE)
    assert client.get(reverse("admin:teams_employee_add")).status_code == 403
    assert client.get(reverse("admin:teams_employee_delete", args=[org.director.pk])).status_code == 403
    assert page(org.admin).get(reverse("admin:teams_employee_add")).status_code == 403
    assert Employee.objects.filter(pk=org.director.pk).exists()


def test_user_admin_only_superusers_grant_admin_flags(org, staff):
    client = staff(org.hr, *PEOPLE, *LOGINS)
    rep_user = reverse("admin:auth_user_change", args=[org.rep.user.pk])
    shown = client.get(rep_user)
    fields = shown.context["adminform"].form.fields
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(fields)
    assert "is_active" in fields  # HR may switch a rep's login off
    client.post(rep_user, admin_post(shown, is_superuser="on", is_staff="on", first_name="Renamed"))
    org.rep.user.refresh_from_db()
    assert (org.rep.user.is_superuser, org.rep.user.is_staff, org.rep.user.first_name) == (False, False, "Renamed")


def test_user_admin_own_login_keeps_its_active_flag(org, staff):
    client = staff(org.hr, *PEOPLE, *LOGINS)
    own = reverse("admin:auth_user_change", args=[org.hr.user.pk])
    shown = client.get(own)
    assert "is_active" not in shown.context["adminform"].form.fields
    client.post(own, admin_post(shown, is_active=False))
    org.hr.user.refresh_from_db()
    assert org.hr.user.is_active is True


@pytest.mark.parametrize("target,status", [("director", 403), ("finance", 403), ("admin", 403), ("rep", 200)])
def test_user_admin_hr_sets_passwords_only_of_people_it_manages(org, staff, target, status):
    client = staff(org.hr, *PEOPLE, *LOGINS)
    user = getattr(getattr(org, target), "user", getattr(org, target))
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert client.get(url).status_code == status
    response = client.post(url, {"password1": "taken-over-9x", "password2": "taken-over-9x", "usable_password": "true"})
    user.refresh_from_db()
    assert user.check_password("taken-over-9x") is (status == 200)
    assert response.status_code == (302 if status == 200 else 403)


def test_director_user_change_is_view_only_for_hr(org, staff):
    client = staff(org.hr, *PEOPLE, *LOGINS)
    url = reverse("admin:auth_user_change", args=[org.director.user.pk])
    assert client.get(url).context["has_change_permission"] is False
    assert client.post(url, {"username": "director", "is_active": ""}).status_code == 403
    org.director.user.refresh_from_db()
    assert org.director.user.is_active is True


def test_api_tokens_are_for_superusers_only(org, staff, page):
    client = staff(org.hr, "add_tokenproxy", "view_tokenproxy", "change_tokenproxy")
    assert client.get(reverse("admin:authtoken_tokenproxy_add")).status_code == 403
    assert page(org.admin).get(reverse("admin:authtoken_tokenproxy_add")).status_code == 200
