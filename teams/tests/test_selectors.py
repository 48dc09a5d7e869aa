"""Reads of the org tree other apps share: employment in a period, HR recipients, roll-ups."""

from datetime import date
from decimal import Decimal

import pytest

from teams import selectors
from teams.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

OCT_START, OCT_END = date(2026, 10, 1), date(2026, 10, 31)


def test_employees_employed_during_matches_the_rule(org):
    left_before = EmployeeFactory(org_unit=org.east1, left_on=date(2026, 9, 30), active=False)
    left_during = EmployeeFactory(org_unit=org.east1, left_on=date(2026, 10, 15), active=False)
    inactive = EmployeeFactory(org_unit=org.east1, active=False)
    later = EmployeeFactory(org_unit=org.east1, hire_date=date(2026, 11, 1))
    found = set(selectors.employees_employed_during(OCT_START, OCT_END))
    assert left_during in found and org.rep in found
    assert not {left_before, inactive, later} & found


def test_employees_employed_during_narrows_a_given_queryset(org):
    from teams.models import Employee

    found = set(selectors.employees_employed_during(OCT_START, OCT_END, queryset=Employee.objects.visible_to(org.sup1.user)))
    assert found == {org.sup1, org.rep, org.teammate}


def test_hr_recipients_are_the_users_of_active_hr_people(org):
    EmployeeFactory(role="hr", org_unit=org.company, active=False, user=UserFactory(username="former-hr"))
    assert selectors.hr_recipients() == [org.hr.user]


def test_roll_up_gives_every_ancestor_unit_the_sum(org):
    per_person = {org.rep.pk: Decimal("100.00"), org.teammate.pk: Decimal("50.50"), org.rep3.pk: Decimal("7"),
                  999999: Decimal("1")}
    totals = selectors.roll_up_to_units(per_person)
    assert totals[org.east1.pk] == Decimal("150.50")
    assert totals[org.east.pk] == Decimal("150.50")
    assert totals[org.south1.pk] == totals[org.south.pk] == Decimal("7")
    assert totals[org.company.pk] == Decimal("157.50")
    assert org.east2.pk not in totals


def test_roll_up_with_loaded_people_runs_no_query(org, django_assert_num_queries):
    people = [org.rep, org.rep2]
    with django_assert_num_queries(0):
        totals = selectors.roll_up_to_units({org.rep.pk: Decimal("1"), org.rep2.pk: Decimal("2"), org.hr.pk: None},
                                            employees=people)
    assert totals == {org.company.pk: Decimal("3"), org.east.pk: Decimal("3"), org.east1.pk: Decimal("1"),
                      org.east2.pk: Decimal("2")}
