"""Issue 9: a refused action on a customers page re-renders the page it came from — the form as
typed, the message at its field (or beside its button), status 400/409 — never the separate
"Cannot do that" page that lost the input."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.models import Contract, Customer, CustomerTierChange, Opportunity, Stage
from customers.tests.factories import ContractFactory, CustomerFactory, OpportunityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


def _not_the_error_page(response):
    body = response.content.decode()
    assert "Cannot do that" not in body
    assert response.templates[0].name != "error.html"
    return body


def test_a_refused_pin_keeps_the_reason_at_its_field_with_the_action_open(org, page):
    customer = CustomerFactory(owner=org.rep, tier="C")
    response = page(org.sup1).post(reverse("customers:customer-pin-tier", args=[customer.pk]),
                                   {"tier": "A", "reason": "x" * 301})
    assert response.status_code == 400
    body = _not_the_error_page(response)
    form = response.context["pin_form"]
    assert "reason" in form.errors and form["reason"].value() == "x" * 301 and form["tier"].value() == "A"
    assert response.context["open_action"] == "pin" and "<details open>" in body
    assert Customer.objects.get(pk=customer.pk).tier_pinned is False
    assert not CustomerTierChange.objects.filter(customer=customer).exists()


def test_marking_lost_without_a_reason_stays_on_the_customer_page(org, page):
    customer = CustomerFactory(owner=org.rep)
    response = page(org.rep).post(reverse("customers:customer-mark-lost", args=[customer.pk]), {"reason": " "})
    assert response.status_code == 400
    _not_the_error_page(response)
    assert "reason" in response.context["lost_form"].errors
    assert response.context["open_action"] == "lost"
    assert Customer.objects.get(pk=customer.pk).status != "lost"


def test_a_reassignment_to_someone_outside_the_scope_keeps_the_reason(org, page):
    customer = CustomerFactory(owner=org.rep)
    response = page(org.sup1).post(reverse("customers:customer-reassign", args=[customer.pk]),
                                   {"owner": org.rep3.pk, "reason": "Moving region"})
    assert response.status_code == 400
    _not_the_error_page(response)
    form = response.context["reassign_form"]
    assert "owner" in form.errors and form["reason"].value() == "Moving region"
    assert Customer.objects.get(pk=customer.pk).owner == org.rep


def test_a_backwards_stage_move_is_a_409_on_the_opportunity_page_with_the_message(org, page):
    opportunity = OpportunityFactory(customer=CustomerFactory(owner=org.rep), stage=Stage.NEGOTIATION,
                                     needs_confirmed_on=date(2026, 3, 2))
    response = page(org.rep).post(reverse("customers:opportunity-move", args=[opportunity.pk]),
                                  {"to_stage": "lead", "lost_reason": "typed text"})
    assert response.status_code == 409
    body = _not_the_error_page(response)
    form = response.context["move_form"]
    assert form.non_field_errors() and form["lost_reason"].value() == "typed text"
    assert str(form.non_field_errors()[0]) in body
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.NEGOTIATION


def test_a_major_deal_without_its_report_says_so_above_the_move_form(org, page):
    opportunity = OpportunityFactory(customer=CustomerFactory(owner=org.rep), stage=Stage.NEEDS_ANALYSIS,
                                     amount=Decimal("150000.00"))
    response = page(org.rep).post(reverse("customers:opportunity-move", args=[opportunity.pk]),
                                  {"to_stage": "proposal"})
    assert response.status_code == 400
    _not_the_error_page(response)
    errors = response.context["move_form"].non_field_errors()
    assert errors and not str(errors[0]).startswith("escalation_report")


def test_editing_an_opportunity_won_meanwhile_is_a_409_with_the_message_on_its_page(org, page):
    opportunity = OpportunityFactory(customer=CustomerFactory(owner=org.rep), stage=Stage.NEGOTIATION)
    client = page(org.rep)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        stage=Stage.WON, closed_on=date(2026, 3, 9),
        contract=ContractFactory(customer=opportunity.customer, signed_on=date(2026, 3, 9)),
    )
    response = client.post(reverse("customers:opportunity-update", args=[opportunity.pk]),
                           {"name": "Renamed", "amount": "50000.00", "owner": org.rep.pk})
    assert response.status_code == 409
    body = _not_the_error_page(response)
    assert 'class="error-box"' in body and "can no longer be edited" in body
    assert Opportunity.objects.get(pk=opportunity.pk).name == opportunity.name


def test_confirming_a_delivery_twice_answers_on_the_contract_page(org, page):
    contract = ContractFactory(customer=CustomerFactory(owner=org.rep), signed_on=date(2026, 3, 2),
                               delivery_confirmed_on=date(2026, 3, 3))
    response = page(org.rep).post(reverse("customers:contract-confirm-delivery", args=[contract.pk]))
    assert response.status_code == 409
    body = _not_the_error_page(response)
    assert "2026-03-03" in response.context["delivery_error"] and response.context["delivery_error"] in body
    assert Contract.objects.get(pk=contract.pk).delivery_confirmed_on == date(2026, 3, 3)


def test_the_move_form_offers_only_the_moves_the_stage_machine_allows(org, page):
    """Pressing Move without choosing used to try "lead" (the first stage), a refused move."""
    opportunity = OpportunityFactory(customer=CustomerFactory(owner=org.rep), stage=Stage.PROPOSAL,
                                     needs_confirmed_on=date(2026, 3, 2))
    response = page(org.rep).get(reverse("customers:opportunity-detail", args=[opportunity.pk]))
    field = response.context["move_form"]["to_stage"]
    assert [value for value, _label in field.field.choices] == ["negotiation", "won", "lost"]
    assert field.value() == "negotiation"
