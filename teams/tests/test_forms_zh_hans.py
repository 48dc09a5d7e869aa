"""Issue 9: in 简体中文, saving a form must not erase its dates. Each form is rendered in zh-Hans,
read back as a browser submits it (`html_forms.form_data`: a date value the browser cannot parse
is submitted empty), posted unchanged, and the stored values must not move."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from teams.forms import EmployeeEditForm, EmployeeForm
from teams.models import Employee
from teams.tests.html_forms import date_values, form_data

pytestmark = pytest.mark.django_db

EMPLOYEE_FIELDS = ("number", "name", "role", "org_unit_id", "hire_date", "left_on", "active", "referred_by_id",
                   "email", "phone")


def _chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def _stored(employee) -> dict:
    employee = Employee.objects.get(pk=employee.pk)
    return {field: getattr(employee, field) for field in EMPLOYEE_FIELDS}


def test_the_date_inputs_of_every_teams_form_render_iso_in_chinese(org, zh_hans):
    edit = EmployeeEditForm(user=org.hr.user, employee=org.rep)
    edit.initial["effective_on"] = date(2027, 1, 14)
    html = f"<form>{edit.as_div()}</form>"
    create = EmployeeForm(user=org.hr.user, initial={"hire_date": date(2027, 1, 14)})
    created_html = f"<form>{create.as_div()}</form>"
    assert date_values(html) == {"effective_on": "2027-01-14", "hire_date": "2023-01-01", "left_on": ""}
    assert date_values(created_html) == {"hire_date": "2027-01-14"}


@pytest.mark.parametrize("who", ["rep", "leaver"])
def test_an_employee_saved_unchanged_in_chinese_keeps_every_value(org, page, who):
    employee = org.rep
    if who == "leaver":
        Employee.objects.filter(pk=org.teammate.pk).update(active=False, left_on=date(2026, 2, 27),
                                                           hire_date=date(2024, 5, 6), referred_by=org.rep)
        employee = org.teammate
    before = _stored(employee)
    client = _chinese(page(org.hr))
    url = reverse("teams:employee-edit", args=[employee.pk])
    with translation.override("zh-hans"):
        shown = client.get(url)
        assert shown.status_code == 200 and 'lang="zh-hans"' in shown.content.decode()
        values = date_values(shown.content)
        assert values["hire_date"] == before["hire_date"].isoformat()
        assert values["left_on"] == (before["left_on"].isoformat() if before["left_on"] else "")
        saved = client.post(url, form_data(shown.content))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert _stored(employee) == before


def test_a_refused_creation_in_chinese_keeps_the_hire_date_for_the_next_try(org, page):
    client = _chinese(page(org.hr))
    url = reverse("teams:employee-create")
    typed = {"number": "R0099", "name": "New Rep", "role": "rep", "org_unit": org.east1.pk,
             "hire_date": "2026-01-05", "username": "rep", "password": "a-good-password-9"}
    with translation.override("zh-hans"):
        refused = client.post(url, typed)
        assert refused.status_code == 400 and "username" in refused.context["form"].errors
        again = form_data(refused.content)
    assert again["hire_date"] == "2026-01-05"
    again.update(username="newbie", password="a-good-password-9")
    assert client.post(url, again).status_code == 302
    assert Employee.objects.get(number="R0099").hire_date == date(2026, 1, 5)
