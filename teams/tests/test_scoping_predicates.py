"""The predicates on the org tree (`teams.scoping`) other apps ask instead of comparing paths."""

import pytest

from teams import scoping
from teams.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_unit_within(org):
    assert scoping.unit_within(org.east1, org.east)
    assert scoping.unit_within(org.east, org.east)
    assert not scoping.unit_within(org.east, org.east1)
    assert not scoping.unit_within(org.south1, org.east)


@pytest.mark.parametrize("who,heads,authority", [
    ("rep", False, False), ("sup1", True, True), ("manager", True, True), ("director", True, True),
    ("hr", False, False), ("admin", False, True),
])
def test_heads_any_unit_and_line_authority(org, who, heads, authority):
    user = getattr(getattr(org, who), "user", getattr(org, who))
    assert scoping.heads_any_unit(user) is heads
    assert scoping.has_line_authority(user) is authority


def test_heads_subtree_of(org):
    manager = org.manager.user
    assert scoping.heads_subtree_of(manager, org.east)
    assert scoping.heads_subtree_of(manager, org.east1)
    assert not scoping.heads_subtree_of(manager, org.east, strictly=True)
    assert scoping.heads_subtree_of(manager, org.east1, strictly=True)
    assert not scoping.heads_subtree_of(manager, org.south1)
    assert not scoping.heads_subtree_of(org.admin, org.east)  # the director's rights are not implied


@pytest.mark.parametrize("who", ["rep", "sup1", "manager", "manager2", "director", "hr", "finance", "admin"])
def test_unit_visible_to_agrees_with_the_queryset(org, who):
    user = getattr(getattr(org, who), "user", getattr(org, who))
    visible = set(OrgUnit.objects.visible_to(user))
    for unit in OrgUnit.objects.all():
        assert scoping.unit_visible_to(user, unit) is (unit in visible), unit


def test_an_anonymous_or_unemployed_user_sees_no_unit(org, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    nobody = django_user_model.objects.create_user("nobody", password="pass-12345")
    for user in (AnonymousUser(), nobody):
        assert not OrgUnit.objects.visible_to(user).exists()
        assert not scoping.unit_visible_to(user, org.company)


@pytest.mark.parametrize("who,expected", [
    ("rep", {"rep"}),
    ("sup1", {"sup1", "rep", "teammate"}),
    ("manager", {"manager", "sup1", "sup2", "rep", "teammate", "rep2"}),
    # HR and finance see the whole directory; whether their role may assign at all is the caller's
    # question (customers refuse them before asking).
    ("hr", {"rep", "teammate", "rep2", "rep3", "sup1", "sup2", "sup3", "manager", "manager2", "director"}),
])
def test_assignable_owners_are_active_salespeople_in_scope(org, who, expected):
    names = ("rep", "teammate", "rep2", "rep3", "sup1", "sup2", "sup3", "manager", "manager2", "director", "hr",
             "finance")
    found = {name for name in names if getattr(org, name) in set(scoping.assignable_owners(getattr(org, who).user))}
    assert found == expected


def test_assignable_owners_leave_out_inactive_people_and_functional_roles(org):
    org.teammate.active = False
    org.teammate.save(update_fields=["active"])
    owners = set(scoping.assignable_owners(org.director.user))
    assert org.teammate not in owners and org.hr not in owners and org.finance not in owners
    assert {org.director, org.rep3, org.sup3} <= owners
