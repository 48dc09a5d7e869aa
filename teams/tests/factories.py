"""Factories for people and the org tree; every app's tests build on these."""

from datetime import date
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from teams.models import Employee, OrgUnit, Role, UnitKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.LazyFunction(lambda: make_password("pass-12345"))


def make_unit(name: str, kind: str, parent: OrgUnit | None = None, head: Employee | None = None) -> OrgUnit:
    """Create a unit with its materialised path (as `teams.services.org_unit_create` does)."""
    unit = OrgUnit.objects.create(name=name, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
    unit.path = f"{parent.path if parent else ''}{unit.pk:07d}/"
    unit.head = head
    unit.save(update_fields=["path", "head"])
    return unit


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Faker("name")
    role = Role.REP
    org_unit = None
    hire_date = date(2023, 1, 1)
    active = True


def make_head(unit: OrgUnit, role: str, username: str, **kwargs) -> Employee:
    employee = EmployeeFactory(role=role, org_unit=unit, user=UserFactory(username=username), **kwargs)
    unit.head = employee
    unit.save(update_fields=["head"])
    return employee


def build_org() -> SimpleNamespace:
    """A small tree with one person of every kind the access matrix needs:

    company (director) ├─ East (manager) ├─ East-1 (sup1: rep, teammate)
                       │                 └─ East-2 (sup2: rep2)
                       └─ South (manager2) └─ South-1 (sup3: rep3)
    plus HR and finance at the company and a superuser without an employee record."""
    company = make_unit("Company", UnitKind.COMPANY)
    east = make_unit("East", UnitKind.REGION, company)
    south = make_unit("South", UnitKind.REGION, company)
    east1 = make_unit("East-1", UnitKind.TEAM, east)
    east2 = make_unit("East-2", UnitKind.TEAM, east)
    south1 = make_unit("South-1", UnitKind.TEAM, south)
    org = SimpleNamespace(company=company, east=east, south=south, east1=east1, east2=east2, south1=south1)
    org.director = make_head(company, Role.DIRECTOR, "director", number="D0001")
    org.manager = make_head(east, Role.MANAGER, "manager", number="M0001")
    org.manager2 = make_head(south, Role.MANAGER, "manager2", number="M0002")
    org.sup1 = make_head(east1, Role.SUPERVISOR, "sup1", number="S0001")
    org.sup2 = make_head(east2, Role.SUPERVISOR, "sup2", number="S0002")
    org.sup3 = make_head(south1, Role.SUPERVISOR, "sup3", number="S0003")
    org.rep = EmployeeFactory(role=Role.REP, org_unit=east1, user=UserFactory(username="rep"), number="R0001")
    org.teammate = EmployeeFactory(role=Role.REP, org_unit=east1, user=UserFactory(username="teammate"), number="R0002")
    org.rep2 = EmployeeFactory(role=Role.REP, org_unit=east2, user=UserFactory(username="rep2"), number="R0003")
    org.rep3 = EmployeeFactory(role=Role.REP, org_unit=south1, user=UserFactory(username="rep3"), number="R0004")
    org.hr = EmployeeFactory(role=Role.HR, org_unit=company, user=UserFactory(username="hr"), number="H0001")
    org.finance = EmployeeFactory(role=Role.FINANCE, org_unit=company, user=UserFactory(username="finance"), number="F0001")
    org.admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pass-12345")
    return org
