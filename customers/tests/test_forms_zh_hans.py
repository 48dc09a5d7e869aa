"""Issue 9: in 简体中文, saving a form must not erase its dates (Django's zh-Hans date format
``2027/01/14`` in an ``<input type="date">`` is rejected by the browser and submitted empty).
Every customers form renders its dates ISO; each page form is rendered in zh-Hans, read back as a
browser submits it (`teams.tests.html_forms`), posted unchanged, and nothing stored may move."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation

from customers.forms.customers import CustomerForm, FollowUpForm
from customers.forms.pipeline import (
    ContractForm,
    OpportunityEditForm,
    OpportunityForm,
    OpportunityMoveForm,
    PaymentForm,
    ReceivableForm,
)
from customers.models import Contract, Customer, FollowUp, Opportunity, Payment, Stage
from customers.tests.factories import ContractFactory, CustomerFactory, OpportunityFactory, ReceivableFactory
from teams.tests.html_forms import date_values, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]

TODAY = date(2026, 3, 10)
ISO = {"date": re.compile(r"\d{4}-\d{2}-\d{2}"), "datetime": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")}


def _chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def _get_in_chinese(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode()
    return response


def _forms(org):
    """Every customers page form with date inputs, built with dates to show."""
    user = org.rep.user
    customer = CustomerFactory(owner=org.rep, next_follow_up_on=date(2027, 1, 14))
    opportunity = OpportunityFactory(customer=customer)
    day = date(2027, 1, 14)
    return {
        "customer": CustomerForm(instance=customer, user=user, with_owner=False),
        "follow-up": FollowUpForm(customers=Customer.objects.visible_to(user), initial={"next_follow_up_on": day}),
        "opportunity": OpportunityForm(user=user, initial={"expected_close_on": day, "needs_confirmed_on": day,
                                                           "quote_submitted_on": day}),
        "opportunity edit": OpportunityEditForm(user=user, initial={"expected_close_on": day, "needs_confirmed_on": day,
                                                                    "quote_submitted_on": day}),
        "won": OpportunityMoveForm(user=user, opportunity=opportunity,
                                   initial={"signed_on": day, "start_on": day, "end_on": day}),
        "contract": ContractForm(user=user, initial={"signed_on": day, "start_on": day, "end_on": day}),
        "receivable": ReceivableForm(initial={"due_on": day}),
        "payment": PaymentForm(initial={"paid_on": day, "amount": Decimal("31250.00")}),
    }


def test_every_date_input_of_every_customers_form_renders_iso_in_chinese(org):
    with translation.override("zh-hans"):
        forms = _forms(org)
        rendered = {name: date_values(f"<form>{form.as_div()}</form>") for name, form in forms.items()}
    for name, values in rendered.items():
        assert values, name
        for field, value in values.items():
            kind = "datetime" if field == "occurred_at" else "date"
            assert ISO[kind].fullmatch(value), (name, field, value)
            if kind == "date":
                assert value == "2027-01-14", (name, field, value)
            with translation.override("zh-hans"):
                assert forms[name].fields[field].clean(value) is not None


PROFILE = ("name", "industry", "region", "address", "contact_name", "contact_phone", "contact_im", "source",
           "company_size", "needs_summary", "next_follow_up_on", "owner", "tier", "status")


def test_a_customer_saved_unchanged_in_chinese_keeps_its_next_follow_up_date(org, page):
    customer = CustomerFactory(owner=org.rep, next_follow_up_on=date(2027, 1, 14))
    before = model_to_dict(Customer.objects.get(pk=customer.pk), fields=PROFILE)
    client = _chinese(page(org.rep))
    url = reverse("customers:customer-edit", args=[customer.pk])
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, url)
        assert date_values(shown.content) == {"next_follow_up_on": "2027-01-14"}
        assert client.post(url, form_data(shown.content)).status_code == 302
    assert model_to_dict(Customer.objects.get(pk=customer.pk), fields=PROFILE) == before


OPPORTUNITY = ("name", "amount", "owner", "product_line", "expected_close_on", "needs_confirmed_on",
               "quote_submitted_on", "quote_due_on", "stage")


def _open_opportunity(org):
    customer = CustomerFactory(owner=org.rep)
    return OpportunityFactory(customer=customer, stage=Stage.NEGOTIATION, amount=Decimal("31250.00"),
                              expected_close_on=date(2027, 1, 14), needs_confirmed_on=date(2026, 3, 2),
                              quote_submitted_on=date(2026, 3, 3))


def test_an_opportunity_saved_unchanged_in_chinese_keeps_every_date(org, page):
    opportunity = _open_opportunity(org)
    before = model_to_dict(Opportunity.objects.get(pk=opportunity.pk), fields=OPPORTUNITY)
    client = _chinese(page(org.rep))
    action = reverse("customers:opportunity-update", args=[opportunity.pk])
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, reverse("customers:opportunity-detail", args=[opportunity.pk]))
        assert date_values(shown.content, action=action) == {
            "expected_close_on": "2027-01-14", "needs_confirmed_on": "2026-03-02", "quote_submitted_on": "2026-03-03",
        }
        assert client.post(action, form_data(shown.content, action=action)).status_code == 302
    assert model_to_dict(Opportunity.objects.get(pk=opportunity.pk), fields=OPPORTUNITY) == before


def test_changing_only_the_amount_in_chinese_keeps_the_expected_close_date(org, page):
    """The audit's case: editing an opportunity's amount wiped its expected close date."""
    opportunity = _open_opportunity(org)
    client = _chinese(page(org.rep))
    action = reverse("customers:opportunity-update", args=[opportunity.pk])
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, reverse("customers:opportunity-detail", args=[opportunity.pk]))
        data = form_data(shown.content, action=action) | {"amount": "32000.00"}
        assert client.post(action, data).status_code == 302
    saved = Opportunity.objects.get(pk=opportunity.pk)
    assert (saved.amount, saved.expected_close_on) == (Decimal("32000.00"), date(2027, 1, 14))


def test_the_won_forms_default_signing_and_start_dates_survive_chinese(org, page):
    opportunity = _open_opportunity(org)
    client = _chinese(page(org.rep))
    action = reverse("customers:opportunity-move", args=[opportunity.pk])
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, reverse("customers:opportunity-detail", args=[opportunity.pk]))
        assert date_values(shown.content, action=action) == {"signed_on": "2026-03-10", "start_on": "2026-03-10",
                                                             "end_on": ""}
        data = form_data(shown.content, action=action) | {
            "to_stage": "won", "number": "HT-ZH-1", "contract_amount": "31250.00", "end_on": "2027-03-09",
        }
        assert client.post(action, data).status_code == 302
    contract = Contract.objects.get(number="HT-ZH-1")
    assert (contract.signed_on, contract.start_on, contract.end_on) == (TODAY, TODAY, date(2027, 3, 9))


def test_the_follow_up_forms_default_time_survives_chinese(org, page):
    customer = CustomerFactory(owner=org.rep)
    client = _chinese(page(org.rep))
    url = reverse("customers:followup-create")
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, url, customer=customer.pk)
        assert date_values(shown.content) == {"occurred_at": "2026-03-10T10:00", "next_follow_up_on": ""}
        data = form_data(shown.content) | {"content": "拜访", "feedback": "满意", "next_step": "报价"}
        assert client.post(url, data).status_code == 302
    followup = FollowUp.objects.get(customer=customer)
    assert followup.occurred_at == timezone.make_aware(datetime(2026, 3, 10, 10, 0))


def test_the_payment_forms_default_date_and_amount_survive_chinese(org, page):
    contract = ContractFactory(customer=CustomerFactory(owner=org.rep), amount=Decimal("31250.00"))
    receivable = ReceivableFactory(contract=contract, due_on=date(2026, 3, 1))
    client = _chinese(page(org.finance))
    url = reverse("customers:payment-create", args=[receivable.pk])
    with translation.override("zh-hans"):
        shown = _get_in_chinese(client, url)
        assert date_values(shown.content) == {"paid_on": "2026-03-10"}
        assert client.post(url, form_data(shown.content)).status_code == 302
    payment = Payment.objects.get(receivable=receivable)
    assert (payment.paid_on, payment.amount) == (TODAY, Decimal("31250.00"))


@pytest.mark.parametrize("form", ["contract", "opportunity", "receivable"])
def test_a_refused_form_in_chinese_keeps_its_dates_for_the_next_try(org, page, form):
    """Create forms show no stored dates; a refusal re-renders what was typed, dates included."""
    customer = CustomerFactory(owner=org.rep, name="Acme Trading")
    taken = ContractFactory(customer=customer, number="HT-TAKEN", signed_on=date(2026, 1, 5))
    client = _chinese(page(org.rep))
    if form == "contract":
        url, fix = reverse("customers:contract-create"), {"number": "HT-NEW"}
        typed = {"number": "HT-TAKEN", "customer": f"Acme Trading (#{customer.pk})", "amount": "31250.00",
                 "signed_on": "2026-03-02", "start_on": "2026-03-05", "end_on": "2027-03-04"}
    elif form == "opportunity":
        url, fix = reverse("customers:opportunity-create"), {"amount": "31250.00"}
        typed = {"customer": f"Acme Trading (#{customer.pk})", "name": "ERP", "amount": "100000000.01",
                 "expected_close_on": "2027-01-14", "needs_confirmed_on": "2026-03-02"}
    else:
        url, fix = reverse("customers:receivable-create", args=[taken.pk]), {"amount": "1000.00"}
        typed = {"due_on": "2026-04-30", "amount": "-5"}
    with translation.override("zh-hans"):
        refused = client.post(url, typed)
        assert refused.status_code == 400
        again = form_data(refused.content, action=url if form == "receivable" else None)
        assert {name: again[name] for name in date_values(refused.content, action=url if form == "receivable" else None)
                if typed.get(name)} == {name: value for name, value in typed.items() if name.endswith("_on")}
        assert client.post(url, again | fix).status_code == 302
    if form == "contract":
        saved = Contract.objects.get(number="HT-NEW")
        assert (saved.signed_on, saved.start_on, saved.end_on) == (date(2026, 3, 2), date(2026, 3, 5), date(2027, 3, 4))
    elif form == "opportunity":
        saved = Opportunity.objects.get(name="ERP")
        assert (saved.expected_close_on, saved.needs_confirmed_on) == (date(2027, 1, 14), date(2026, 3, 2))
    else:
        assert taken.receivables.get().due_on == date(2026, 4, 30)
