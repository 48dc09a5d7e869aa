"""Opportunity services: stage machine, history, major opportunities, won needs a contract, quote SLA."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import Conflict, NotFound
from common.models import Notification
from customers.models import Contract, EscalationReport, Opportunity, OpportunityStageChange, Stage
from customers.selectors.pipeline import quote_sla_breached
from customers.services.pipeline import (
    escalation_report_save,
    opportunity_create,
    opportunity_move,
    opportunity_update,
)
from customers.tests.factories import ContractFactory, CustomerFactory, OpportunityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


REPORT = {"background": "Listed group", "needs_detail": "ERP for 3 plants", "progress": "Demo done", "risks": "Budget"}


@pytest.fixture
def customer(org):
    return CustomerFactory(owner=org.rep)


def _create(org, customer, amount="50000.00", **kwargs):
    return opportunity_create(actor=org.rep.user, customer=customer, name="ERP rollout", amount=Decimal(amount), **kwargs)


def _walk(opportunity, actor, *stages):
    for stage in stages:
        opportunity = opportunity_move(opportunity=opportunity, to_stage=stage, actor=actor)
    return opportunity


# --- create / update --------------------------------------------------------------------------

def test_create_starts_in_lead_with_history_and_owner_defaults_to_customer_owner(org, customer):
    opportunity = _create(org, customer)
    assert opportunity.stage == Stage.LEAD and opportunity.owner == org.rep
    assert list(opportunity.stage_changes.values_list("old_stage", "new_stage")) == [("", Stage.LEAD)]


def test_create_on_a_customer_out_of_scope_names_the_field(org):
    other = CustomerFactory(owner=org.teammate)
    with pytest.raises(ValidationError) as exc:
        _create(org, other)
    assert "customer" in exc.value.error_dict
    assert not Opportunity.objects.exists()


def test_rep_cannot_give_an_opportunity_to_a_teammate_but_supervisor_can(org, customer):
    with pytest.raises(ValidationError) as exc:
        _create(org, customer, owner=org.teammate)
    assert "owner" in exc.value.error_dict
    opportunity = opportunity_create(actor=org.sup1.user, customer=customer, name="x", amount=Decimal(1),
                                     owner=org.teammate)
    assert opportunity.owner == org.teammate


@pytest.mark.parametrize("field,value", [("name", " "), ("amount", Decimal("-0.01"))])
def test_create_bad_input_names_the_field_and_saves_nothing(org, customer, field, value):
    kwargs = {"name": "ok", "amount": Decimal("1.00"), field: value}
    with pytest.raises(ValidationError) as exc:
        opportunity_create(actor=org.rep.user, customer=customer, **kwargs)
    assert field in exc.value.error_dict
    assert not Opportunity.objects.exists()


def test_quote_cannot_precede_needs_confirmation_or_be_in_the_future(org, customer):
    with pytest.raises(ValidationError) as exc:
        _create(org, customer, needs_confirmed_on=date(2026, 3, 5), quote_submitted_on=date(2026, 3, 4))
    assert "quote_submitted_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _create(org, customer, needs_confirmed_on=date(2026, 3, 11))
    assert "needs_confirmed_on" in exc.value.error_dict


def test_update_refuses_closed_and_unknown_fields(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(ValidationError):
        opportunity_update(opportunity=opportunity, actor=org.rep.user, stage=Stage.WON)
    opportunity_move(opportunity=opportunity, to_stage=Stage.LOST, actor=org.rep.user, lost_reason="price")
    with pytest.raises(Conflict):
        opportunity_update(opportunity=opportunity, actor=org.rep.user, name="new")


def test_update_out_of_scope_is_not_found(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(NotFound):
        opportunity_update(opportunity=opportunity, actor=org.teammate.user, name="mine now")


# --- stage machine ----------------------------------------------------------------------------

def test_forward_moves_record_history_and_won_closes_with_contract(org, customer):
    opportunity = _walk(_create(org, customer), org.rep.user, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL)
    opportunity = opportunity_move(
        opportunity=opportunity, to_stage=Stage.WON, actor=org.rep.user,
        contract_data={"number": "HT-1", "amount": Decimal("48000.00"), "signed_on": date(2026, 3, 10),
                       "start_on": date(2026, 3, 10), "end_on": date(2027, 3, 9)},
    )
    assert opportunity.stage == Stage.WON and opportunity.closed_on == date(2026, 3, 10)
    assert opportunity.contract.number == "HT-1" and opportunity.contract.owner == org.rep
    assert opportunity.contract.product_line == opportunity.product_line
    assert list(opportunity.stage_changes.values_list("new_stage", flat=True)) == [
        Stage.LEAD, Stage.CONTACTED, Stage.NEEDS_ANALYSIS, Stage.PROPOSAL, Stage.WON
    ]
    assert opportunity.stage_changes.last().changed_by == org.rep.user


def test_skipping_ahead_is_allowed_but_never_backwards(org, customer):
    opportunity = opportunity_move(opportunity=_create(org, customer), to_stage=Stage.PROPOSAL, actor=org.rep.user)
    with pytest.raises(Conflict):
        opportunity_move(opportunity=opportunity, to_stage=Stage.CONTACTED, actor=org.rep.user)
    with pytest.raises(Conflict):
        opportunity_move(opportunity=opportunity, to_stage=Stage.PROPOSAL, actor=org.rep.user)
    assert Opportunity.objects.get().stage == Stage.PROPOSAL


def test_moving_past_needs_analysis_confirms_needs_and_starts_the_quote_sla(org, customer):
    opportunity = opportunity_move(opportunity=_create(org, customer), to_stage=Stage.PROPOSAL, actor=org.rep.user)
    assert opportunity.needs_confirmed_on == date(2026, 3, 10)
    assert opportunity.quote_due_on == date(2026, 3, 12)


def test_lost_needs_a_reason_and_nothing_leaves_won_or_lost(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(ValidationError) as exc:
        opportunity_move(opportunity=opportunity, to_stage=Stage.LOST, actor=org.rep.user, lost_reason="  ")
    assert "lost_reason" in exc.value.error_dict
    assert Opportunity.objects.get().stage == Stage.LEAD
    assert OpportunityStageChange.objects.count() == 1
    lost = opportunity_move(opportunity=opportunity, to_stage=Stage.LOST, actor=org.rep.user, lost_reason="Price")
    assert lost.closed_on == date(2026, 3, 10) and lost.lost_reason == "Price"
    for stage in (Stage.LEAD, Stage.NEGOTIATION, Stage.WON, Stage.LOST):
        with pytest.raises(Conflict):
            opportunity_move(opportunity=lost, to_stage=stage, actor=org.rep.user, lost_reason="again")


def test_unknown_stage_names_the_field(org, customer):
    with pytest.raises(ValidationError) as exc:
        opportunity_move(opportunity=_create(org, customer), to_stage="signed", actor=org.rep.user)
    assert "to_stage" in exc.value.error_dict


def test_won_requires_a_contract(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(ValidationError) as exc:
        opportunity_move(opportunity=opportunity, to_stage=Stage.WON, actor=org.rep.user)
    assert "contract" in exc.value.error_dict
    assert Opportunity.objects.get().stage == Stage.LEAD


def test_won_links_an_existing_contract_of_the_same_customer_only(org, customer):
    opportunity = _create(org, customer)
    foreign = ContractFactory(customer=CustomerFactory(owner=org.rep))
    with pytest.raises(ValidationError) as exc:
        opportunity_move(opportunity=opportunity, to_stage=Stage.WON, actor=org.rep.user, contract=foreign)
    assert "contract" in exc.value.error_dict
    own = ContractFactory(customer=customer)
    won = opportunity_move(opportunity=opportunity, to_stage=Stage.WON, actor=org.rep.user, contract=own)
    assert won.contract == own
    second = _create(org, customer)
    with pytest.raises(ValidationError) as exc:
        opportunity_move(opportunity=second, to_stage=Stage.WON, actor=org.rep.user, contract=own)
    assert "contract" in exc.value.error_dict


def test_won_with_a_bad_new_contract_saves_nothing(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(ValidationError) as exc:
        opportunity_move(
            opportunity=opportunity, to_stage=Stage.WON, actor=org.rep.user,
            contract_data={"number": "HT-9", "amount": Decimal("0"), "signed_on": date(2026, 3, 1),
                           "start_on": date(2026, 3, 1), "end_on": date(2026, 2, 28)},
        )
    assert {"amount", "end_on"} <= set(exc.value.error_dict)
    assert not Contract.objects.exists()
    assert Opportunity.objects.get().stage == Stage.LEAD


def test_teammate_cannot_move_and_supervisor_can(org, customer):
    opportunity = _create(org, customer)
    with pytest.raises(NotFound):
        opportunity_move(opportunity=opportunity, to_stage=Stage.CONTACTED, actor=org.teammate.user)
    with pytest.raises(NotFound):
        opportunity_move(opportunity=opportunity, to_stage=Stage.CONTACTED, actor=org.sup2.user)
    moved = opportunity_move(opportunity=opportunity, to_stage=Stage.CONTACTED, actor=org.sup1.user)
    assert moved.stage == Stage.CONTACTED


# --- major opportunities ----------------------------------------------------------------------

@pytest.mark.parametrize("amount,major", [("99999.99", False), ("100000.00", True)])
def test_major_threshold_and_line_manager_notified_once(org, customer, amount, major):
    opportunity = _create(org, customer, amount=amount)
    notes = Notification.objects.filter(dedupe_key=f"major-opportunity:{opportunity.pk}")
    assert notes.count() == (1 if major else 0)
    if major:
        assert notes.get().recipient == org.sup1.user
    opportunity_move(opportunity=opportunity, to_stage=Stage.NEEDS_ANALYSIS, actor=org.rep.user)
    if major:
        with pytest.raises(ValidationError) as exc:
            opportunity_move(opportunity=opportunity, to_stage=Stage.PROPOSAL, actor=org.rep.user)
        assert "escalation_report" in exc.value.error_dict
        assert Opportunity.objects.get().stage == Stage.NEEDS_ANALYSIS
        escalation_report_save(opportunity=opportunity, actor=org.rep.user, **REPORT)
    assert opportunity_move(opportunity=opportunity, to_stage=Stage.PROPOSAL, actor=org.rep.user).stage == Stage.PROPOSAL


def test_raising_the_amount_to_major_notifies_once(org, customer):
    opportunity = _create(org, customer, amount="99999.99")
    opportunity_update(opportunity=opportunity, actor=org.rep.user, amount=Decimal("100000.00"))
    opportunity_update(opportunity=opportunity, actor=org.rep.user, amount=Decimal("99999.99"))
    opportunity_update(opportunity=opportunity, actor=org.rep.user, amount=Decimal("150000.00"))
    assert Notification.objects.filter(dedupe_key=f"major-opportunity:{opportunity.pk}").count() == 1


def test_the_major_opportunity_notification_reads_in_the_readers_language(org, customer):
    """Issue 9: stored as a phrase (id + parameters), rendered when read — a Chinese manager reads
    Chinese even though the rep created the opportunity in English."""
    from django.utils import translation

    with translation.override("en"):
        opportunity = _create(org, customer, amount="131250.00")
    note = Notification.objects.get(dedupe_key=f"major-opportunity:{opportunity.pk}")
    assert note.message == {"id": "customers.major_opportunity", "params": {
        "name": "ERP rollout", "customer": customer.name, "amount": "131,250.00", "owner": org.rep.name,
    }}
    with translation.override("en"):
        assert note.render() == f"Major opportunity: ERP rollout ({customer.name}), 131,250.00, owner {org.rep.name}."
    with translation.override("zh-hans"):
        assert note.render() == f"重大商机：ERP rollout（{customer.name}），金额 131,250.00，负责人 {org.rep.name}。"


def test_a_supervisors_own_major_opportunity_goes_to_the_manager(org):
    customer = CustomerFactory(owner=org.sup1)
    opportunity = opportunity_create(actor=org.sup1.user, customer=customer, name="Big", amount=Decimal("200000"))
    assert Notification.objects.get(dedupe_key=f"major-opportunity:{opportunity.pk}").recipient == org.manager.user


def test_major_needs_the_report_also_when_skipping_ahead_and_for_won(org, customer):
    opportunity = _create(org, customer, amount="100000.00")
    for stage in (Stage.PROPOSAL, Stage.NEGOTIATION, Stage.WON):
        with pytest.raises(ValidationError):
            opportunity_move(opportunity=opportunity, to_stage=stage, actor=org.rep.user, contract=None)
    lost = opportunity_move(opportunity=opportunity, to_stage=Stage.LOST, actor=org.rep.user, lost_reason="No budget")
    assert lost.stage == Stage.LOST  # losing needs no report


def test_escalation_report_parts_are_required(org, customer):
    opportunity = _create(org, customer, amount="100000.00")
    with pytest.raises(ValidationError) as exc:
        escalation_report_save(opportunity=opportunity, actor=org.rep.user, **(REPORT | {"risks": " ", "progress": ""}))
    assert set(exc.value.error_dict) == {"risks", "progress"}
    assert not EscalationReport.objects.exists()
    report = escalation_report_save(opportunity=opportunity, actor=org.rep.user, **REPORT)
    assert report.written_by == org.rep.user  # the rep wrote it (issue 10: audit columns reference users)
    escalation_report_save(opportunity=opportunity, actor=org.sup1.user, **(REPORT | {"risks": "Competitor"}))
    assert EscalationReport.objects.get().risks == "Competitor"


# --- quote SLA --------------------------------------------------------------------------------

@pytest.mark.parametrize("today,breached", [(date(2026, 3, 2), False), (date(2026, 3, 3), False), (date(2026, 3, 4), True)])
def test_quote_sla_boundary_without_quote(org, customer, today, breached):
    opportunity = _create(org, customer, needs_confirmed_on=date(2026, 3, 1))
    assert opportunity.quote_due_on == date(2026, 3, 3)  # day 2 after confirmation
    assert quote_sla_breached(Opportunity.objects.all(), today=today).exists() is breached


@pytest.mark.parametrize("quoted_on,breached", [(date(2026, 3, 3), False), (date(2026, 3, 4), True)])
def test_quote_sla_with_a_quote(org, customer, quoted_on, breached):
    _create(org, customer, needs_confirmed_on=date(2026, 3, 1), quote_submitted_on=quoted_on)
    assert quote_sla_breached(Opportunity.objects.all(), today=date(2026, 3, 10)).exists() is breached


def test_quote_sla_ignores_closed_without_quote_and_unconfirmed(org, customer):
    OpportunityFactory(customer=customer, stage=Stage.LOST, lost_reason="x", closed_on=date(2026, 3, 2),
                       needs_confirmed_on=date(2026, 3, 1))
    OpportunityFactory(customer=customer, stage=Stage.CONTACTED)
    assert not quote_sla_breached(Opportunity.objects.all(), today=date(2026, 3, 10)).exists()


def test_setting_needs_confirmed_on_later_sets_the_due_day(org, customer):
    opportunity = _create(org, customer)
    assert opportunity.quote_due_on is None
    opportunity = opportunity_update(opportunity=opportunity, actor=org.rep.user, needs_confirmed_on=date(2026, 3, 9))
    assert opportunity.quote_due_on == date(2026, 3, 11)
