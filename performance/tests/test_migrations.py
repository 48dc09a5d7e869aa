"""Migration 0008: the audit columns move from employees to users and every row keeps its author."""

from datetime import date

import pytest

from common.testing import migrate_to, migrate_to_latest

BEFORE = [("performance", "0007_explanations_as_phrases")]
AFTER = [("performance", "0008_audit_columns_point_at_users")]


@pytest.mark.django_db(transaction=True)
def test_rated_by_accepted_by_and_updated_by_become_the_employees_users_and_back():
    apps = migrate_to(BEFORE)
    User, Unit, Employee = (apps.get_model(*name.split(".")) for name in ("auth.User", "teams.OrgUnit", "teams.Employee"))
    unit = Unit.objects.create(name="Co", kind="company", path="")
    unit.path = f"/{unit.pk}/"
    unit.save()

    def person(number):
        user = User.objects.create(username=f"u{number}")
        return Employee.objects.create(user=user, number=number, name=f"P{number}", role="rep", org_unit=unit,
                                       hire_date=date(2020, 1, 1))

    rep, boss = person("1"), person("2")
    model = lambda name: apps.get_model("performance", name)  # noqa: E731
    model("ManagerRating").objects.create(employee=rep, month=date(2026, 3, 1), rating=80, rated_by=boss)
    model("ManagerRating").objects.create(employee=boss, month=date(2026, 3, 1), rating=70, rated_by=None)
    model("ImprovementPlan").objects.create(employee=rep, month=date(2026, 3, 1), due_on=date(2026, 4, 7),
                                            status="accepted", accepted_by=boss)
    model("CoachingPlan").objects.create(employee=rep, month=date(2026, 3, 1), updated_by=boss)

    apps = migrate_to(AFTER)
    model = lambda name: apps.get_model("performance", name)  # noqa: E731
    ratings = dict(model("ManagerRating").objects.values_list("employee__number", "rated_by__username"))
    assert ratings == {"1": "u2", "2": None}
    assert model("ImprovementPlan").objects.get().accepted_by.username == "u2"
    assert model("CoachingPlan").objects.get().updated_by.username == "u2"

    apps = migrate_to(BEFORE)
    rating = apps.get_model("performance", "ManagerRating").objects.get(employee__number="1")
    assert rating.rated_by.number == "2"
    migrate_to_latest()
