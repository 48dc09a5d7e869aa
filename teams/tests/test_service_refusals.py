"""Each value the teams services refuse is a 400 naming its field, nothing written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teams import services
from teams.models import Employee, OrgUnit, Role, UnitKind
from teams.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _create(org, **overrides):
    values = {"number": "R0100", "name": "New Rep", "role": Role.REP, "org_unit": org.east1,
              "hire_date": date(2026, 1, 5), "username": "newrep", "password": "a-good-password-9"}
    values.update(overrides)
    return services.employee_create(actor=org.hr.user, **values)


@pytest.mark.parametrize("overrides,field", [
    ({"number": " "}, "number"),
    ({"number": "R0001"}, "number"),
    ({"name": ""}, "name"),
    ({"role": "pilot"}, "role"),
    ({"org_unit": None}, "org_unit"),
    ({"hire_date": None}, "hire_date"),
    ({"hire_date": date(1800, 1, 1)}, "hire_date"),
    ({"left_on": date(2025, 1, 1)}, "left_on"),
    ({"left_on": date(1800, 1, 1)}, "left_on"),
    ({"username": " "}, "username"),
    ({"username": "x" * 151}, "username"),
    ({"username": "rep"}, "username"),
    ({"name": "bad\x0bname"}, "name"),
])
def test_employee_create_refuses_a_bad_value_naming_it(org, overrides, field):
    before = Employee.objects.count()
    with pytest.raises(ValidationError) as refused:
        _create(org, **overrides)
    assert field in refused.value.error_dict
    assert Employee.objects.count() == before


def test_a_hire_date_too_far_ahead_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        _create(org, hire_date=timezone.localdate() + timedelta(days=365))
    assert "hire_date" in refused.value.error_dict


def test_nobody_refers_themselves(org):
    with pytest.raises(ValidationError) as refused:
        services.employee_update(actor=org.hr.user, employee=org.rep, referred_by=org.rep)
    assert "referred_by" in refused.value.error_dict


def test_an_implausible_effective_date_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        services.employee_update(actor=org.hr.user, employee=org.rep, role=Role.SUPERVISOR,
                                 org_unit=org.east1, effective_on=date(1800, 1, 1))
    assert "effective_on" in refused.value.error_dict


@pytest.mark.parametrize("kind,parent,field", [
    (UnitKind.TEAM, None, "parent"),
    (UnitKind.COMPANY, "east", "parent"),
    (UnitKind.COMPANY, None, "kind"),  # a second company
    ("planet", "east", "kind"),
    (UnitKind.TEAM, "company", "parent"),  # a team sits under a region
])
def test_org_unit_create_refuses_a_bad_place(org, kind, parent, field):
    with pytest.raises(ValidationError) as refused:
        services.org_unit_create(actor=org.director.user, name="New", kind=kind,
                                 parent=getattr(org, parent) if parent else None)
    assert field in refused.value.error_dict


@pytest.mark.parametrize("name", ["", "bad\x0bname"])
def test_org_unit_create_refuses_a_bad_name(org, name):
    with pytest.raises(ValidationError) as refused:
        services.org_unit_create(actor=org.director.user, name=name, kind=UnitKind.TEAM, parent=org.east)
    assert "name" in refused.value.error_dict


def test_a_taken_name_under_the_same_parent_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        services.org_unit_create(actor=org.director.user, name="East-1", kind=UnitKind.TEAM, parent=org.east)
    assert "name" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.org_unit_update(actor=org.director.user, unit=org.east2, name="East-1")


def test_a_unit_is_not_moved_under_itself_nor_changes_kind_with_sub_units(org):
    with pytest.raises(ValidationError) as refused:
        services.org_unit_update(actor=org.director.user, unit=org.east, parent=org.east)
    assert "parent" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.org_unit_update(actor=org.director.user, unit=org.east, kind=UnitKind.TEAM, parent=org.south)
    assert "kind" in refused.value.error_dict


@pytest.mark.parametrize("case", ["second_head", "not_member", "wrong_role", "inactive", "heads_other"])
def test_a_bad_head_is_refused_naming_head(org, case):
    unit = org.east1
    if case == "second_head":
        head = EmployeeFactory(role=Role.SUPERVISOR, org_unit=unit)
    elif case == "not_member":
        head = EmployeeFactory(role=Role.SUPERVISOR, org_unit=org.east2)
    elif case == "wrong_role":
        head = org.rep
    elif case == "inactive":
        OrgUnit.objects.filter(pk=unit.pk).update(head=None)
        unit.refresh_from_db()
        head = EmployeeFactory(role=Role.SUPERVISOR, org_unit=unit, active=False)
    else:
        OrgUnit.objects.filter(pk=org.east2.pk).update(head=None)
        org.east2.refresh_from_db()
        head = org.sup1
        Employee.objects.filter(pk=head.pk).update(org_unit=org.east2)
        head.refresh_from_db()
        unit = org.east2
    with pytest.raises(ValidationError) as refused:
        services.org_unit_update(actor=org.director.user, unit=unit, head=head)
    assert "head" in refused.value.error_dict


def test_a_head_is_cleared_then_named(org):
    unit = services.org_unit_update(actor=org.director.user, unit=org.east1, head=None)
    assert unit.head is None
    unit = services.org_unit_update(actor=org.director.user, unit=unit, head=org.sup1)
    assert OrgUnit.objects.get(pk=unit.pk).head == org.sup1


def test_moving_a_unit_re_paths_its_subtree(org):
    moved = services.org_unit_update(actor=org.director.user, unit=org.east1, parent=org.south)
    assert moved.path.startswith(org.south.path)
    assert Employee.objects.get(pk=org.rep.pk).org_unit.path.startswith(org.south.path)


def test_losing_a_race_for_a_head_or_a_name_is_a_400_naming_it(org):
    from teams.services import units

    org.east2.head = org.sup1  # as if a concurrent request named sup1 first elsewhere
    with pytest.raises(ValidationError) as refused:
        units._save_unit(org.east2)
    assert "head" in refused.value.error_dict
    org.east2.refresh_from_db()
    org.east2.name = "East-1"
    with pytest.raises(ValidationError) as refused:
        units._save_unit(org.east2)
    assert "name" in refused.value.error_dict
    assert "Company" in units._name_taken_message("Company", None)
    units._validate_head(org.east1, None)  # no head: nothing to check
