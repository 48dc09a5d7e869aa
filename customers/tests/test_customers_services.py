"""Customer, follow-up and survey services: rules at their edges, bad input names the field and
saves nothing."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from common.exceptions import Conflict, NotAllowed, NotFound
from customers.models import Customer, CustomerOwnerChange, FollowUp, SatisfactionSurvey
from customers.services.customers import customer_create, customer_reassign, customer_update
from customers.services.followups import followup_create, followup_update
from customers.services.surveys import survey_create
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 10, 15, 0))


def followup_values(customer, **overrides):
    values = {
        "customer": customer, "occurred_at": NOW - timedelta(hours=1), "channel": "visit",
        "content": "Demo of the new line", "feedback": "Liked it", "next_step": "Send a quote",
    }
    values.update(overrides)
    return values


# --- customers ---------------------------------------------------------------------------------

def test_rep_creates_own_customer_and_is_recorded_as_creator(org):
    customer = customer_create(actor=org.rep.user, name="  华明科技有限公司 ", industry="IT", source="web")
    assert (customer.name, customer.owner, customer.created_by) == ("华明科技有限公司", org.rep, org.rep)
    assert customer.completeness == 30  # name, industry, source


def test_completeness_counts_the_ten_fields(org):
    customer = customer_create(actor=org.rep.user, name="Acme", industry="IT", source="web", region=" ")
    assert str(customer.completeness) == "30.00"


def test_supervisor_creates_for_team_member_but_not_outside_scope(org):
    assert customer_create(actor=org.sup1.user, name="Acme", owner=org.teammate).owner == org.teammate
    with pytest.raises(ValidationError) as exc:
        customer_create(actor=org.sup1.user, name="Beta", owner=org.rep2)
    assert "owner" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        customer_create(actor=org.rep.user, name="Gamma", owner=org.teammate)
    assert "owner" in exc.value.error_dict
    assert not Customer.objects.filter(name__in=["Beta", "Gamma"]).exists()


@pytest.mark.parametrize("who", ["hr", "finance"])
def test_functional_roles_cannot_create_customers(org, who):
    with pytest.raises(NotAllowed):
        customer_create(actor=getattr(org, who).user, name="Acme", owner=org.rep)


def test_admin_without_employee_must_name_an_owner(org):
    with pytest.raises(ValidationError) as exc:
        customer_create(actor=org.admin, name="Acme")
    assert "owner" in exc.value.error_dict
    assert customer_create(actor=org.admin, name="Acme", owner=org.rep3).created_by is None


def test_bad_customer_input_names_each_field(org):
    with pytest.raises(ValidationError) as exc:
        customer_create(actor=org.rep.user, name=" ", source="tv", contact_phone="1" * 41)
    assert set(exc.value.error_dict) == {"name", "source", "contact_phone"}
    assert not Customer.objects.exists()


def test_duplicate_name_for_the_same_owner_is_refused(org):
    customer_create(actor=org.rep.user, name="Acme Ltd")
    with pytest.raises(ValidationError) as exc:
        customer_create(actor=org.rep.user, name="ACME LTD")
    assert "name" in exc.value.error_dict
    assert customer_create(actor=org.teammate.user, name="Acme Ltd").owner == org.teammate


def test_update_changes_profile_only(org):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        customer_update(actor=org.rep.user, customer=customer, owner=org.teammate, tier="A")
    assert set(exc.value.error_dict) == {"owner", "tier"}
    customer = customer_update(actor=org.rep.user, customer=customer, needs_summary="CRM")
    assert customer.needs_summary == "CRM"
    with pytest.raises((NotFound, Http404)):
        customer_update(actor=org.teammate.user, customer=customer, needs_summary="x")


def test_reassign_by_supervisor_is_recorded(org):
    customer = CustomerFactory(owner=org.rep)
    customer_reassign(actor=org.sup1.user, customer=customer, new_owner=org.teammate, reason="Rep on leave")
    change = CustomerOwnerChange.objects.get(customer=customer)
    assert (change.old_owner, change.new_owner, change.changed_by, change.reason) == (
        org.rep, org.teammate, org.sup1.user, "Rep on leave")
    assert Customer.objects.get(pk=customer.pk).owner == org.teammate


def test_reassign_rules(org):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(NotAllowed):
        customer_reassign(actor=org.rep.user, customer=customer, new_owner=org.teammate)
    with pytest.raises((NotFound, Http404)):
        customer_reassign(actor=org.sup2.user, customer=customer, new_owner=org.rep2)
    with pytest.raises(ValidationError) as exc:
        customer_reassign(actor=org.sup1.user, customer=customer, new_owner=org.rep2)  # outside the team
    assert "owner" in exc.value.error_dict
    with pytest.raises(ValidationError):
        customer_reassign(actor=org.sup1.user, customer=customer, new_owner=org.rep)  # already the owner
    customer_reassign(actor=org.manager.user, customer=customer, new_owner=org.rep2)
    assert CustomerOwnerChange.objects.count() == 1


# --- follow-ups --------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_followup_create_updates_the_customer(org):
    customer = CustomerFactory(owner=org.rep)
    followup = followup_create(actor=org.rep.user, **followup_values(customer, next_follow_up_on=date(2026, 6, 17)))
    assert (followup.author, followup.late) == (org.rep, False)
    customer.refresh_from_db()
    assert (customer.last_follow_up_at, customer.next_follow_up_on) == (NOW - timedelta(hours=1), date(2026, 6, 17))
    # A back-dated entry does not move the customer's last/next follow-up back.
    followup_create(actor=org.rep.user, **followup_values(customer, occurred_at=NOW - timedelta(days=3)))
    customer.refresh_from_db()
    assert customer.next_follow_up_on == date(2026, 6, 17)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("age", "late"), [(timedelta(hours=24), False), (timedelta(hours=24, minutes=1), True),
                                           (timedelta(hours=23, minutes=59), False)])
def test_late_entry_edge(org, age, late):
    customer = CustomerFactory(owner=org.rep)
    assert followup_create(actor=org.rep.user, **followup_values(customer, occurred_at=NOW - age)).late is late


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": NOW + timedelta(minutes=1)}, "occurred_at"),
        ({"content": "  "}, "content"),
        ({"feedback": ""}, "feedback"),
        ({"next_step": None}, "next_step"),
        ({"channel": "fax"}, "channel"),
        ({"next_follow_up_on": date(2026, 6, 9)}, "next_follow_up_on"),
    ],
)
def test_bad_followup_names_the_field_and_saves_nothing(org, overrides, field):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        followup_create(actor=org.rep.user, **followup_values(customer, **overrides))
    assert field in exc.value.error_dict
    assert not FollowUp.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["teammate", "sup2", "hr", "finance"])
def test_followup_for_a_customer_out_of_scope_names_customer(org, who):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        followup_create(actor=getattr(org, who).user, **followup_values(customer))
    assert "customer" in exc.value.error_dict
    assert not FollowUp.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_next_follow_up_on_the_same_day_is_allowed(org):
    customer = CustomerFactory(owner=org.rep)
    followup = followup_create(actor=org.rep.user, **followup_values(customer, next_follow_up_on=NOW.date()))
    followup.refresh_from_db()
    customer.refresh_from_db()
    assert followup.next_follow_up_on == NOW.date()
    assert customer.next_follow_up_on == NOW.date()


@pytest.mark.parametrize(("after", "allowed"), [(timedelta(hours=23, minutes=59), True),
                                                (timedelta(hours=24), True),
                                                (timedelta(hours=24, minutes=1), False)])
def test_author_edit_window_edge(org, after, allowed):
    customer = CustomerFactory(owner=org.rep)
    with time_machine.travel(NOW, tick=False):
        followup = followup_create(actor=org.rep.user, **followup_values(customer))
    with time_machine.travel(NOW + after, tick=False):
        if allowed:
            assert followup_update(actor=org.rep.user, followup=followup, content="Fixed").content == "Fixed"
        else:
            with pytest.raises(Conflict):
                followup_update(actor=org.rep.user, followup=followup, content="Fixed")
            assert FollowUp.objects.get().content == "Demo of the new line"


@time_machine.travel(NOW, tick=False)
def test_only_the_author_edits(org):
    customer = CustomerFactory(owner=org.rep)
    followup = followup_create(actor=org.rep.user, **followup_values(customer))
    with pytest.raises(NotAllowed):
        followup_update(actor=org.sup1.user, followup=followup, content="Changed by boss")
    with pytest.raises(ValidationError) as exc:
        followup_update(actor=org.rep.user, followup=followup, customer=CustomerFactory(owner=org.rep))
    assert "customer" in exc.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_edit_recomputes_late_flag_and_customer_dates(org):
    customer = CustomerFactory(owner=org.rep)
    followup = followup_create(actor=org.rep.user, **followup_values(customer, next_follow_up_on=date(2026, 6, 20)))
    followup = followup_update(actor=org.rep.user, followup=followup, occurred_at=NOW - timedelta(days=2),
                               next_follow_up_on=None)
    assert followup.late is True
    customer.refresh_from_db()
    assert (customer.last_follow_up_at, customer.next_follow_up_on) == (NOW - timedelta(days=2), None)


# --- surveys -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "ok"), [(-1, False), (0, True), (100, True), (101, False), (79.5, False)])
def test_survey_score_range(org, score, ok):
    customer = CustomerFactory(owner=org.rep)
    if ok:
        assert survey_create(actor=org.rep.user, customer=customer, surveyed_on=date(2026, 1, 5), score=score).owner == org.rep
    else:
        with pytest.raises(ValidationError) as exc:
            survey_create(actor=org.rep.user, customer=customer, surveyed_on=date(2026, 1, 5), score=score)
        assert "score" in exc.value.error_dict
        assert not SatisfactionSurvey.objects.exists()


def test_survey_in_the_past_goes_to_the_owner_on_that_date(org):
    customer = CustomerFactory(owner=org.rep)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 1, 9)), tick=False):
        customer_reassign(actor=org.sup1.user, customer=customer, new_owner=org.teammate)
    with time_machine.travel(timezone.make_aware(datetime(2026, 5, 1, 9)), tick=False):
        customer_reassign(actor=org.manager.user, customer=customer, new_owner=org.rep2)
        customer.refresh_from_db()
        owner_on = {
            date(2026, 2, 28): org.rep, date(2026, 3, 1): org.teammate, date(2026, 4, 30): org.teammate,
            date(2026, 5, 1): org.rep2,
        }
        for day, owner in owner_on.items():
            assert survey_create(actor=org.manager.user, customer=customer, surveyed_on=day, score=90).owner == owner
        with pytest.raises(ValidationError) as exc:
            survey_create(actor=org.manager.user, customer=customer, surveyed_on=date(2026, 5, 2), score=90)
        assert "surveyed_on" in exc.value.error_dict


def test_survey_out_of_scope_names_customer(org):
    customer = CustomerFactory(owner=org.rep)
    with pytest.raises(ValidationError) as exc:
        survey_create(actor=org.sup2.user, customer=customer, surveyed_on=date(2026, 1, 5), score=90)
    assert "customer" in exc.value.error_dict
