import pytest

from customers.models import Customer
from teams.models import Employee, OrgUnit
from teams.scoping import is_above, scope_for
from teams.tests.factories import EmployeeFactory, make_unit

pytestmark = pytest.mark.django_db


def visible_numbers(user):
    return set(Employee.objects.visible_to(user).values_list("number", flat=True))


def test_rep_sees_only_self(org):
    assert visible_numbers(org.rep.user) == {"R0001"}


def test_supervisor_sees_team_and_self(org):
    assert visible_numbers(org.sup1.user) == {"S0001", "R0001", "R0002"}


def test_manager_sees_region_subtree(org):
    assert visible_numbers(org.manager.user) == {"M0001", "S0001", "S0002", "R0001", "R0002", "R0003"}


@pytest.mark.parametrize("who", ["director", "hr", "finance", "admin"])
def test_everyone_visible_to_director_hr_finance_admin(org, who):
    user = getattr(org, who)
    user = getattr(user, "user", user)
    assert visible_numbers(user) == set(Employee.objects.values_list("number", flat=True))


def test_anonymous_sees_nothing(org):
    from django.contrib.auth.models import AnonymousUser

    assert not Employee.objects.visible_to(AnonymousUser()).exists()
    assert not OrgUnit.objects.visible_to(AnonymousUser()).exists()


def test_inactive_employee_sees_nothing(org):
    org.rep.active = False
    org.rep.save()
    assert visible_numbers(org.rep.user) == set()


def test_hr_sees_no_customers_but_finance_domain_rules(org):
    Customer.objects.create(name="Acme", owner=org.rep)
    assert Customer.objects.visible_to(org.hr.user).count() == 0
    assert Customer.objects.visible_to(org.finance.user).count() == 0
    assert Customer.objects.visible_to(org.rep.user).count() == 1
    assert Customer.objects.visible_to(org.teammate.user).count() == 0
    assert Customer.objects.visible_to(org.sup1.user).count() == 1
    assert Customer.objects.visible_to(org.sup2.user).count() == 0
    assert Customer.objects.visible_to(org.manager.user).count() == 1
    assert Customer.objects.visible_to(org.manager2.user).count() == 0
    assert Customer.objects.visible_to(org.director.user).count() == 1
    assert Customer.objects.visible_to(org.admin).count() == 1


def test_org_units_visible_are_subtree_plus_ancestors(org):
    names = lambda user: set(OrgUnit.objects.visible_to(user).values_list("name", flat=True))  # noqa: E731
    assert names(org.rep.user) == {"Company", "East", "East-1"}
    assert names(org.sup1.user) == {"Company", "East", "East-1"}
    assert names(org.manager.user) == {"Company", "East", "East-1", "East-2"}
    assert names(org.hr.user) == {"Company", "East", "South", "East-1", "East-2", "South-1"}


def test_is_above_never_oneself(org):
    assert is_above(org.sup1.user, org.rep)
    assert not is_above(org.sup1.user, org.sup1)
    assert not is_above(org.sup1.user, org.rep2)
    assert is_above(org.manager.user, org.sup1)
    assert not is_above(org.manager.user, org.manager)
    assert is_above(org.director.user, org.manager2)
    assert not is_above(org.director.user, org.director)
    assert is_above(org.admin, org.director)
    assert not is_above(org.rep.user, org.teammate)
    assert not is_above(org.hr.user, org.rep)


def test_superuser_acts_as_director(org):
    assert scope_for(org.admin).acting_role == "director"


def test_subtree_query_count_constant_however_deep_or_wide(org, django_assert_num_queries):
    """Scope + visible list is the same number of queries for a small and a large tree."""
    from django.contrib.auth import get_user_model

    def count_for(user):
        user = get_user_model().objects.get(pk=user.pk)  # fresh: no cached scope
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            list(Employee.objects.visible_to(user))
            list(OrgUnit.objects.visible_to(user))
        return len(ctx.captured_queries)

    small = count_for(org.manager.user)
    # Grow the region: 20 more teams of 5 reps each.
    for t in range(20):
        team = make_unit(f"East-x{t}", "team", org.east)
        for _ in range(5):
            EmployeeFactory(org_unit=team)
    assert count_for(org.manager.user) == small == 3
