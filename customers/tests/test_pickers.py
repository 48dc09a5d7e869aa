"""Type-to-search pickers: the customer / contract inputs never render every visible row, resolve
typed text only inside the user's scope, and find rows beyond the first options through the API."""

from datetime import date

import pytest
from django.urls import reverse

from common import pickers as common_pickers
from customers.models import Contract, Opportunity
from customers.tests.factories import ContractFactory, CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


@pytest.fixture
def few_options(monkeypatch):
    monkeypatch.setattr(common_pickers, "PICKER_OPTIONS", 3)


@pytest.mark.parametrize("name", ["opportunity-create", "contract-create", "followup-create"])
def test_forms_offer_a_bounded_datalist_not_a_select(org, page, few_options, name):
    for i in range(6):
        CustomerFactory(owner=org.rep, name=f"Mine {i}")
    CustomerFactory(owner=org.teammate, name="Teammate's")
    body = page(org.rep).get(reverse(f"customers:{name}")).content.decode()
    assert '<select name="customer"' not in body
    assert 'list="customer-options"' in body and "data-picker=\"/api/v1/customers/\"" in body
    assert body.count("<option value=\"Mine ") == 3
    assert "Teammate" not in body
    assert "common/picker.js" in body  # the one picker script (was customers/picker.js)


def test_contract_form_renews_is_a_picker(org, page, few_options):
    customer = CustomerFactory(owner=org.rep)
    for i in range(5):
        ContractFactory(customer=customer, number=f"HT-{i}", signed_on=date(2025, 1, 1 + i))
    body = page(org.rep).get(reverse("customers:contract-create")).content.decode()
    assert '<select name="renews"' not in body and 'list="contract-options"' in body
    assert body.count('<option value="HT-') == 3
    assert "HT-4 (#" in body and "HT-0 (#" not in body  # the most recently signed first


def _contract_data(customer, **extra):
    return {"customer": f"{customer.name} (#{customer.pk})", "number": "HT-NEW", "amount": "10",
            "signed_on": "2026-03-01", "start_on": "2026-03-01", "end_on": "2026-12-31", **extra}


def test_picker_resolves_label_exact_name_and_refuses_out_of_scope(org, page, few_options):
    mine = CustomerFactory(owner=org.rep, name="Zeta Works")
    for i in range(5):  # push "Zeta Works" out of the first options: it is still accepted
        CustomerFactory(owner=org.rep, name=f"Alpha {i}")
    other = CustomerFactory(owner=org.teammate, name="Hidden Co")
    client = page(org.rep)
    url = reverse("customers:opportunity-create")
    for text in (f"Hidden Co (#{other.pk})", f"#{other.pk}", "Hidden Co", "nobody"):
        response = client.post(url, {"customer": text, "name": "x", "amount": "1"})
        assert response.status_code == 400 and "customer" in response.context["form"].errors, text
    assert not Opportunity.objects.exists()
    assert client.post(url, {"customer": "zeta works", "name": "by name", "amount": "1"}).status_code == 302
    assert client.post(url, {"customer": f"Zeta Works (#{mine.pk})", "name": "by label", "amount": "1"}).status_code == 302
    assert set(Opportunity.objects.values_list("customer_id", flat=True)) == {mine.pk}


def test_contract_renews_picker_is_scoped(org, page):
    mine = CustomerFactory(owner=org.rep, name="Mine")
    old = ContractFactory(customer=mine, number="HT-OLD", signed_on=date(2025, 3, 1))
    hidden = ContractFactory(customer=CustomerFactory(owner=org.rep2), number="HT-HIDDEN", signed_on=date(2025, 3, 1))
    client = page(org.rep)
    url = reverse("customers:contract-create")
    refused = client.post(url, _contract_data(mine, renews=f"HT-HIDDEN (#{hidden.pk})"))
    assert refused.status_code == 400 and "renews" in refused.context["form"].errors
    assert client.post(url, _contract_data(mine, renews="ht-old")).status_code == 302
    assert Contract.objects.get(number="HT-NEW").renews == old


def test_preset_customer_is_shown_as_its_label(org, page):
    customer = CustomerFactory(owner=org.rep, name="Acme")
    body = page(org.rep).get(reverse("customers:opportunity-create") + f"?customer={customer.pk}").content.decode()
    assert f'value="Acme (#{customer.pk})"' in body


def test_the_search_the_picker_calls_is_scoped(org, api):
    CustomerFactory(owner=org.rep, name="Beijing Mine")
    CustomerFactory(owner=org.rep2, name="Beijing Theirs")
    names = [row["name"] for row in api(org.rep).get("/api/v1/customers/?page_size=20&search=beij").json()["results"]]
    assert names == ["Beijing Mine"]
