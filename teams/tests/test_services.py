from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import NotAllowed
from teams import rules, selectors, services
from teams.models import Employee, OrgPolicy, OrgUnit, Role, RoleChange, UnitKind
from teams.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def field_error(exc_info) -> set[str]:
    return set(exc_info.value.message_dict)


# --- line manager -------------------------------------------------------------------------------

def test_line_manager_for_every_role(org):
    assert selectors.line_manager(org.rep) == org.sup1
    assert selectors.line_manager(org.sup1) == org.manager
    assert selectors.line_manager(org.manager) == org.director
    assert selectors.line_manager(org.director) is None
    assert selectors.line_manager(org.hr) == org.director
    assert selectors.line_manager(org.finance) == org.director


def test_line_manager_skips_a_vacant_head(org):
    org.east1.head = None
    org.east1.save()
    assert selectors.line_manager(org.rep) == org.manager


def test_line_managers_for_many_in_constant_queries(org, django_assert_num_queries):
    people = list(Employee.objects.select_related("org_unit"))
    with django_assert_num_queries(1):
        managers = selectors.line_managers_for(people)
    assert managers[org.rep.pk] == org.sup1 and managers[org.director.pk] is None


# --- new hire -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tenure,expected", [(179, True), (180, False), (0, True)])
def test_new_hire_boundary(org, tenure, expected):
    period_start = date(2026, 11, 1)
    org.rep.hire_date = period_start - timedelta(days=tenure)
    assert rules.is_new_hire(org.rep, period_start, policy=OrgPolicy.current()) is expected


def test_new_hire_days_is_configurable(org):
    policy = OrgPolicy.current()
    policy.new_hire_days = 90
    policy.save()
    org.rep.hire_date = date(2026, 8, 1)
    assert rules.is_new_hire(org.rep, date(2026, 10, 1), policy=OrgPolicy.current()) is True
    assert rules.is_new_hire(org.rep, date(2026, 11, 1), policy=OrgPolicy.current()) is False


# --- units --------------------------------------------------------------------------------------

def test_unit_under_itself_is_refused(org):
    with pytest.raises(ValidationError) as exc:
        services.org_unit_update(actor=org.admin, unit=org.east, parent=org.east1)
    assert "parent" in field_error(exc)


def test_team_under_team_and_team_under_company_are_refused(org):
    with pytest.raises(ValidationError) as exc:
        services.org_unit_create(actor=org.director.user, name="Nested", kind=UnitKind.TEAM, parent=org.east1)
    assert "parent" in field_error(exc)
    with pytest.raises(ValidationError):
        services.org_unit_create(actor=org.director.user, name="Flat", kind=UnitKind.TEAM, parent=org.company)
    assert not OrgUnit.objects.filter(name__in=["Nested", "Flat"]).exists()


def test_second_company_refused(org):
    with pytest.raises(ValidationError) as exc:
        services.org_unit_create(actor=org.admin, name="Another", kind=UnitKind.COMPANY)
    assert "kind" in field_error(exc)


def test_second_head_refused_until_cleared(org):
    other = EmployeeFactory(role=Role.SUPERVISOR, org_unit=org.east1)
    with pytest.raises(ValidationError) as exc:
        services.org_unit_update(actor=org.admin, unit=org.east1, head=other)
    assert "head" in field_error(exc)
    services.org_unit_update(actor=org.admin, unit=org.east1, head=None)
    services.org_unit_update(actor=org.admin, unit=org.east1, head=other)
    org.east1.refresh_from_db()
    assert org.east1.head == other


def test_head_must_have_matching_role_and_membership(org):
    services.org_unit_update(actor=org.admin, unit=org.east2, head=None)
    with pytest.raises(ValidationError):
        services.org_unit_update(actor=org.admin, unit=org.east2, head=org.rep2)  # a rep cannot head a team
    with pytest.raises(ValidationError):
        services.org_unit_update(actor=org.admin, unit=org.east2, head=org.sup1)  # not a member (and heads East-1)


def test_moving_a_region_repaths_its_subtree_in_one_update(org, django_assert_max_num_queries):
    services.org_unit_update(actor=org.admin, unit=org.east2, head=None)
    org.east2.refresh_from_db()
    with django_assert_max_num_queries(8):
        services.org_unit_update(actor=org.admin, unit=org.east2, parent=org.south)
    org.east2.refresh_from_db()
    assert org.east2.path.startswith(org.south.path)
    assert set(Employee.objects.in_subtree(org.south).values_list("number", flat=True)) >= {"R0003", "S0002"}


def test_only_the_director_changes_the_tree(org):
    with pytest.raises(NotAllowed):
        services.org_unit_create(actor=org.manager.user, name="X", kind=UnitKind.TEAM, parent=org.east)
    with pytest.raises(NotAllowed):
        services.org_unit_create(actor=org.hr.user, name="X", kind=UnitKind.TEAM, parent=org.east)


# --- employees ----------------------------------------------------------------------------------

def employee_kwargs(org, **overrides):
    values = dict(number="N1", name="Wang Fang", role=Role.REP, org_unit=org.east1, hire_date=date(2026, 1, 5),
                  username="wangfang", password="long-enough-pass-1")
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"number": "R0001"}, "number"),
        ({"username": "rep"}, "username"),
        ({"org_unit": "east"}, "org_unit"),  # a rep in a region
        ({"role": Role.SUPERVISOR, "org_unit": "company"}, "org_unit"),
        ({"name": "  "}, "name"),
        ({"password": "123"}, "password"),
    ],
)
def test_employee_create_bad_input_names_the_field_and_saves_nothing(org, overrides, field):
    overrides = {k: getattr(org, v) if k == "org_unit" else v for k, v in overrides.items()}
    before = Employee.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, **overrides))
    assert field in field_error(exc)
    assert Employee.objects.count() == before


@pytest.mark.usefixtures("frozen_clock")
def test_hire_date_at_most_90_days_ahead(org):
    services.employee_create(actor=org.hr.user, **employee_kwargs(org, hire_date=date(2027, 2, 21)))
    with pytest.raises(ValidationError) as exc:
        services.employee_create(
            actor=org.hr.user, **employee_kwargs(org, number="N2", username="u2", hire_date=date(2027, 2, 22))
        )
    assert "hire_date" in field_error(exc)


def test_create_records_the_first_role_and_a_login(org):
    employee = services.employee_create(actor=org.director.user, **employee_kwargs(org))
    assert employee.user.check_password("long-enough-pass-1")
    assert list(RoleChange.objects.filter(employee=employee).values_list("new_role", flat=True)) == [Role.REP]


def test_only_director_hr_admin_create_people(org):
    for who in (org.manager.user, org.sup1.user, org.rep.user, org.finance.user):
        with pytest.raises(NotAllowed):
            services.employee_create(actor=who, **employee_kwargs(org))
    services.employee_create(actor=org.admin, **employee_kwargs(org))


def test_promotion_is_recorded_and_headship_dropped(org):
    services.employee_update(actor=org.hr.user, employee=org.sup1, role=Role.MANAGER, org_unit=org.south,
                             effective_on=date(2026, 11, 1))
    org.east1.refresh_from_db()
    assert org.east1.head is None
    change = RoleChange.objects.filter(employee=org.sup1).latest("id")
    assert (change.old_role, change.new_role, change.effective_on) == (Role.SUPERVISOR, Role.MANAGER, date(2026, 11, 1))


def test_update_refuses_unknown_fields(org):
    with pytest.raises(ValidationError) as exc:
        services.employee_update(actor=org.hr.user, employee=org.rep, user=org.hr.user)
    assert "user" in field_error(exc)


# --- leaving date, plausible dates, clean text (SPEC §13.1) ----------------------------------------

@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("left_on,active", [(date(2026, 11, 23), False), (date(2026, 11, 24), True), (None, True)])
def test_create_takes_a_leaving_date_and_derives_active(org, left_on, active):
    employee = services.employee_create(actor=org.hr.user, **employee_kwargs(org, left_on=left_on))
    assert (employee.left_on, employee.active) == (left_on, active)


def test_create_refuses_a_leaving_date_before_the_hire_date(org):
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, left_on=date(2026, 1, 4)))
    assert field_error(exc) == {"left_on"}
    services.employee_create(actor=org.hr.user, **employee_kwargs(org, left_on=date(2026, 1, 5)))


@pytest.mark.parametrize(
    "field,value,ok",
    [("hire_date", date(1999, 12, 31), False), ("hire_date", date(2000, 1, 1), True),
     ("left_on", date(2100, 12, 31), True), ("left_on", date(2101, 1, 1), False), ("left_on", date(1, 1, 1), False)],
)
def test_hire_and_leaving_dates_are_plausible_years(org, field, value, ok):
    overrides = {field: value, "hire_date": value if field == "hire_date" else date(2000, 1, 1)}
    if ok:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, **overrides))
        services.employee_update(actor=org.hr.user, employee=org.rep, **{field: value})
        return
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, **overrides))
    assert field in field_error(exc)
    with pytest.raises(ValidationError) as exc:
        services.employee_update(actor=org.hr.user, employee=org.rep, **{field: value})
    assert field in field_error(exc)
    org.rep.refresh_from_db()
    assert getattr(org.rep, field) != value


def test_a_role_change_date_is_plausible(org):
    with pytest.raises(ValidationError) as exc:
        services.employee_update(actor=org.hr.user, employee=org.rep, role=Role.SUPERVISOR, effective_on=date(1, 1, 1))
    assert field_error(exc) == {"effective_on"}
    org.rep.refresh_from_db()
    assert org.rep.role == Role.REP


@pytest.mark.parametrize("field", ["number", "name", "username", "phone"])
def test_control_characters_are_refused_in_people(org, field):
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, **{field: "Li\x0bNa"}))
    assert field in field_error(exc)
    if field != "username":
        with pytest.raises(ValidationError) as exc:
            services.employee_update(actor=org.hr.user, employee=org.rep, **{field: "Li\x00Na"})
        assert field in field_error(exc)


def test_control_characters_are_refused_in_unit_names(org):
    with pytest.raises(ValidationError) as exc:
        services.org_unit_create(actor=org.admin, name="East\x0b3", kind=UnitKind.TEAM, parent=org.east)
    assert field_error(exc) == {"name"}


# --- uniqueness when someone else got there first (SPEC §13.1) -------------------------------------

def _check_passes_once(monkeypatch, name):
    """The pre-check answers "free" once, as if the rival's INSERT landed just after it: the
    database's unique constraint is then what refuses, and the service must translate it."""
    from teams.services import employees

    real = getattr(employees, name)
    calls = []

    def racing(*args, **kwargs):
        calls.append(args)
        return False if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(employees, name, racing)
    return calls


def test_a_user_name_taken_at_the_last_moment_is_a_400_naming_it(org, monkeypatch):
    calls = _check_passes_once(monkeypatch, "_username_taken")
    before = (Employee.objects.count(), RoleChange.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, username="rep"))
    assert field_error(exc) == {"username"} and len(calls) == 2
    assert (Employee.objects.count(), RoleChange.objects.count()) == before


def test_an_employee_number_taken_at_the_last_moment_is_a_400_naming_it(org, monkeypatch):
    from django.contrib.auth import get_user_model

    _check_passes_once(monkeypatch, "_number_taken")
    with pytest.raises(ValidationError) as exc:
        services.employee_create(actor=org.hr.user, **employee_kwargs(org, number="R0001"))
    assert field_error(exc) == {"number"}
    assert not get_user_model().objects.filter(username="wangfang").exists()  # the login rolled back too


def test_a_unit_name_taken_under_the_same_parent_is_a_400_naming_it(org):
    before = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.org_unit_create(actor=org.admin, name="East-1", kind=UnitKind.TEAM, parent=org.east)
    assert field_error(exc) == {"name"}
    with pytest.raises(ValidationError) as exc:
        services.org_unit_update(actor=org.admin, unit=org.east2, name="East-1")
    assert field_error(exc) == {"name"}
    assert OrgUnit.objects.count() == before
    services.org_unit_create(actor=org.admin, name="East-1", kind=UnitKind.TEAM, parent=org.south)  # another parent
