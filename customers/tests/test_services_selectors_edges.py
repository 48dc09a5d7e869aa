"""Edges of the customers services, selectors and rules that the behaviour tests do not reach:
the pure rules at their lines, the may_* twins, empty alert thresholds, list filters, and refusals
of missing input (SPEC §2, §13)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.exceptions import NotAllowed, NotFound
from common.periods import Period
from customers import rules
from customers.models import PipelinePolicy, TieringPolicy
from customers.selectors import pipeline as pipeline_selectors
from customers.selectors.access import ensure_assignable_owner, ensure_visible, may_assign_owner
from customers.services import (
    customer_create,
    ensure_customer_visible,
    followup_create,
    may_edit_followup,
    may_reassign,
    may_record_payment,
    survey_create,
)
from customers.tests.factories import ContractFactory, CustomerFactory, FollowUpFactory, ReceivableFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 10, 15, 0))


def test_the_rules_at_their_lines():
    policy = PipelinePolicy(major_opportunity_amount=Decimal("100000.00"))
    assert rules.amount_is_major(Decimal("100000.00"), policy=policy)
    assert not rules.amount_is_major(Decimal("99999.99"), policy=policy)
    window = TieringPolicy(edit_window_hours=24)
    assert rules.followup_within_edit_window(logged_at=NOW, now=NOW + timedelta(hours=24), policy=window)
    assert not rules.followup_within_edit_window(logged_at=NOW, now=NOW + timedelta(hours=24, seconds=1),
                                                 policy=window)
    assert rules.satisfaction_is_warning(79, warning_below=80)
    assert not rules.satisfaction_is_warning(80, warning_below=80)
    assert not rules.satisfaction_is_warning(None, warning_below=80)


def test_may_edit_followup_is_the_twin_of_the_update_checks(org):
    customer = CustomerFactory(owner=org.rep)
    with time_machine.travel(NOW, tick=False):
        followup = FollowUpFactory(customer=customer, author=org.rep)
        assert may_edit_followup(followup=followup, user=org.rep.user)
        assert not may_edit_followup(followup=followup, user=org.sup1.user)  # not the author
    assert may_edit_followup(followup=followup, user=org.rep.user, now=NOW + timedelta(hours=24))
    assert not may_edit_followup(followup=followup, user=org.rep.user, now=NOW + timedelta(hours=25))


def test_may_reassign_and_may_record_payment(org):
    assert may_reassign(actor=org.sup1.user) and may_reassign(actor=org.director.user)
    assert not may_reassign(actor=org.rep.user)
    assert may_record_payment(actor=org.finance.user) and may_record_payment(actor=org.director.user)
    assert not may_record_payment(actor=org.rep.user)


def test_owner_assignment_says_why_it_is_refused(org):
    assert may_assign_owner(org.rep, org.sup1.user)
    with pytest.raises(ValidationError) as outside:
        ensure_assignable_owner(org.rep2, org.sup1.user)
    assert "your team" in str(outside.value)
    org.rep.active = False
    org.rep.save()
    with pytest.raises(ValidationError) as inactive:
        ensure_assignable_owner(org.rep, org.sup1.user)
    assert "active sales" in str(inactive.value)


def test_visibility_refusals(org):
    customer = CustomerFactory(owner=org.rep)
    ensure_visible(customer, org.sup1.user)
    with pytest.raises(NotFound):
        ensure_visible(customer, org.sup2.user)
    with pytest.raises(ValidationError) as named:
        ensure_visible(customer, org.sup2.user, field="customer")
    assert "customer" in named.value.error_dict
    with pytest.raises(NotFound):
        ensure_customer_visible(user=org.sup2.user, customer=customer)


def test_logging_needs_an_employee_and_a_customer(org):
    values = {"occurred_at": NOW - timedelta(hours=1), "channel": "phone", "content": "c", "feedback": "f",
              "next_step": "n"}
    with pytest.raises(NotAllowed):
        followup_create(actor=org.admin, customer=CustomerFactory(owner=org.rep), **values)
    with pytest.raises(ValidationError) as missing:
        followup_create(actor=org.rep.user, customer=None, **values)
    assert "customer" in missing.value.error_dict


def test_a_survey_needs_a_customer_and_a_date(org):
    with pytest.raises(ValidationError) as missing:
        survey_create(actor=org.rep.user, customer=None, surveyed_on=date(2026, 6, 1), score=90)
    assert "customer" in missing.value.error_dict
    with pytest.raises(ValidationError) as no_date:
        survey_create(actor=org.rep.user, customer=CustomerFactory(owner=org.rep), surveyed_on="yesterday", score=90)
    assert "surveyed_on" in no_date.value.error_dict


def test_an_admin_without_an_employee_names_the_owner(org):
    with pytest.raises(ValidationError) as missing:
        customer_create(actor=org.admin, name="Acme")
    assert "owner" in missing.value.error_dict


def test_no_alert_thresholds_means_no_alerts(org):
    policy = PipelinePolicy.current()
    policy.renewal_alert_days = "x"
    policy.receivable_overdue_alert_days = ""
    policy.save()
    ContractFactory(customer__owner=org.rep, end_on=date(2026, 6, 20))
    assert pipeline_selectors.contracts_needing_renewal_alert(date(2026, 6, 10)) == []
    assert pipeline_selectors.receivables_needing_overdue_alert(date(2026, 6, 10)) == []


def test_nothing_due_sends_nothing(org):
    assert pipeline_selectors.contracts_needing_renewal_alert(date(2026, 6, 10)) == []
    assert pipeline_selectors.receivables_needing_overdue_alert(date(2026, 6, 10)) == []


def test_contract_and_receivable_lists_filter(org):
    customer = CustomerFactory(owner=org.rep)
    march = ContractFactory(customer=customer, signed_on=date(2026, 3, 5), end_on=date(2026, 6, 30))
    ContractFactory(customer=CustomerFactory(owner=org.teammate), signed_on=date(2026, 2, 5),
                    end_on=date(2027, 2, 4))
    user = org.sup1.user
    today = date(2026, 6, 10)
    assert list(pipeline_selectors.contracts_for(user=user, signed_month=Period(2026, month=3))) == [march]
    assert list(pipeline_selectors.contracts_for(user=user, ending_within_days=30, today=today)) == [march]
    assert list(pipeline_selectors.contracts_for(user=user, owner_id=org.rep.pk)) == [march]
    mine = ReceivableFactory(contract=march, due_on=date(2026, 4, 5))
    ReceivableFactory(contract__customer__owner=org.teammate)
    assert list(pipeline_selectors.receivables_for(user=user, owner_id=org.rep.pk, today=today)) == [mine]
    assert list(pipeline_selectors.receivables_for(user=user, overdue_on=today, owner_id=org.rep.pk)) == [mine]


def test_the_customer_list_filters_by_status_owner_and_name(org):
    from customers.selectors.customers import customer_list

    mine = CustomerFactory(owner=org.rep, name="Alpha Works", status="active")
    CustomerFactory(owner=org.teammate, name="Alpha Two", status="prospect")
    user = org.sup1.user
    assert list(customer_list(user=user, status="active")) == [mine]
    assert list(customer_list(user=user, owner_id=org.rep.pk, search=" alpha ")) == [mine]


def test_recent_surveys_flag_those_below_the_line(org):
    from customers.selectors.customers import recent_surveys
    from customers.tests.factories import SurveyFactory

    customer = CustomerFactory(owner=org.rep)
    SurveyFactory(customer=customer, score=79, surveyed_on=date(2026, 6, 2))
    SurveyFactory(customer=customer, score=80, surveyed_on=date(2026, 6, 1))
    assert [(s.score, s.is_warning) for s in recent_surveys(customer=customer, warning_below=80)] == [
        (79, True), (80, False)]


def test_the_timeline_titles_tier_status_and_pin_changes(org):
    from customers.models import CustomerTierChange
    from customers.selectors.customers import customer_timeline

    customer = CustomerFactory(owner=org.rep)
    for field, old, new in (("tier", "C", "B"), ("status", "prospect", "active"), ("pin", "", "unpinned"),
                            ("pin", "", "A")):
        CustomerTierChange.objects.create(customer=customer, field=field, old_value=old, new_value=new)
    titles = {str(entry.title) for entry in customer_timeline(customer=customer, user=org.rep.user)}
    assert {"Tier C → B", "Status Prospect → Active", "Tier unpinned", "Tier pinned at A"} <= titles


class TestOpportunityRefusals:
    def _open(self, org, **kwargs):
        from customers.services import opportunity_create

        return opportunity_create(actor=org.rep.user, customer=CustomerFactory(owner=org.rep), name="ERP",
                                  amount=Decimal("50000.00"), **kwargs)

    def test_a_quote_in_the_future_is_refused(self, org):
        with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as refused:
            self._open(org, needs_confirmed_on=date(2026, 6, 1), quote_submitted_on=date(2026, 6, 11))
        assert "quote_submitted_on" in refused.value.error_dict

    def test_a_closed_one_is_not_edited_and_the_owner_is_checked(self, org):
        from common.exceptions import Conflict
        from customers.services import opportunity_move, opportunity_update

        opportunity = self._open(org)
        with pytest.raises(ValidationError) as outside:
            opportunity_update(opportunity=opportunity, actor=org.sup1.user, owner=org.rep2)
        assert "owner" in outside.value.error_dict
        moved = opportunity_update(opportunity=opportunity, actor=org.sup1.user, owner=org.teammate, name=" ERP 2 ")
        assert (moved.owner, moved.name) == (org.teammate, "ERP 2")
        opportunity_move(opportunity=opportunity, to_stage="lost", actor=org.sup1.user, lost_reason="Budget")
        with pytest.raises(Conflict):
            opportunity_update(opportunity=opportunity, actor=org.sup1.user, name="Again")

    def test_won_takes_one_contract_not_two_and_a_clean_lost_reason(self, org):
        from customers.services import opportunity_move

        opportunity = self._open(org)
        contract = ContractFactory(customer=opportunity.customer)
        with pytest.raises(ValidationError) as both:
            opportunity_move(opportunity=opportunity, to_stage="won", actor=org.rep.user, contract=contract,
                             contract_data={"number": "HT-9"})
        assert "contract" in both.value.error_dict
        with pytest.raises(ValidationError) as dirty:
            opportunity_move(opportunity=opportunity, to_stage="lost", actor=org.rep.user, lost_reason="bad\x07")
        assert "lost_reason" in dirty.value.error_dict
