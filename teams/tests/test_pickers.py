"""The employee and owner pickers (`teams.forms.EmployeePickerField`, `OwnerPickerField`) and the
`employees/assignable/` list they search."""

import pytest
from django import forms

from teams.forms import EmployeePickerField, OwnerPickerField
from teams.models import Employee

pytestmark = pytest.mark.django_db


class OwnerForm(forms.Form):
    owner = OwnerPickerField(label="Owner")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_user(user)


def test_the_owner_picker_offers_only_assignable_people_and_renders_no_select(org):
    form = OwnerForm(user=org.sup1.user)
    html = str(form["owner"])
    assert "<select" not in html and 'list="owner-options"' in html and "/api/v1/employees/assignable/" in html
    assert f"{org.rep.name} (#{org.rep.pk})" in html and org.rep2.name not in html


@pytest.mark.parametrize("typed", ["{name} (#{pk})", "{pk}", "{name}"])
def test_the_owner_picker_resolves_a_label_an_id_or_an_exact_name(org, typed):
    form = OwnerForm({"owner": typed.format(name=org.rep.name, pk=org.rep.pk)}, user=org.sup1.user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == org.rep


@pytest.mark.parametrize("who", ["rep2", "hr"])
def test_the_owner_picker_refuses_someone_out_of_scope_at_the_field(org, who):
    person = getattr(org, who)
    form = OwnerForm({"owner": f"{person.name} (#{person.pk})"}, user=org.sup1.user)
    assert not form.is_valid()
    assert list(form.errors) == ["owner"]


def test_an_empty_required_picker_is_an_error_and_an_optional_one_is_none(org):
    assert "owner" in OwnerForm({"owner": ""}, user=org.sup1.user).errors

    class Optional(forms.Form):
        who = EmployeePickerField(required=False)

    form = Optional({"who": " "})
    form.fields["who"].set_employees(Employee.objects.all())
    assert form.is_valid() and form.cleaned_data["who"] is None


def test_an_initial_employee_or_id_is_shown_as_its_label(org):
    form = OwnerForm(initial={"owner": org.rep.pk}, user=org.sup1.user)
    assert f'value="{org.rep.name} (#{org.rep.pk})"' in str(form["owner"])
    form = OwnerForm(initial={"owner": org.rep}, user=org.sup1.user)
    assert f'value="{org.rep.name} (#{org.rep.pk})"' in str(form["owner"])


def test_assignable_lists_active_salespeople_in_scope_by_name(org, api):
    org.teammate.active = False
    org.teammate.save(update_fields=["active"])
    body = api(org.sup1).get("/api/v1/employees/assignable/").json()
    assert [row["id"] for row in body["results"]] == [
        e.pk for e in sorted([org.sup1, org.rep], key=lambda e: (e.name, e.pk))
    ]
    assert set(body["results"][0]) == {"id", "number", "name", "role", "org_unit_name"}


def test_assignable_searches_name_and_number(org, api):
    body = api(org.director).get("/api/v1/employees/assignable/", {"search": "R0004"}).json()
    assert [row["id"] for row in body["results"]] == [org.rep3.pk]
    assert api(org.director).get("/api/v1/employees/assignable/", {"search": "H0001"}).json()["results"] == []


def test_assignable_needs_a_sign_in(org, api):
    assert api().get("/api/v1/employees/assignable/").status_code in (401, 403)
