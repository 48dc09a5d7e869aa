"""API of opportunities, contracts, receivables and payments: access matrix, shapes, bad input,
actions and constant query counts."""

from datetime import date
from decimal import Decimal

import pytest

from customers.models import Contract, Opportunity, Payment, Receivable, Stage
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]
TODAY = date(2026, 3, 10)


@pytest.fixture
def rows(org):
    customer = CustomerFactory(owner=org.rep)
    contract = ContractFactory(customer=customer, number="HT-1", amount=Decimal("2200.00"), signed_on=date(2026, 1, 5))
    receivable = ReceivableFactory(contract=contract, due_on=date(2026, 2, 5), amount=Decimal("2000.00"))
    payment = PaymentFactory(receivable=receivable, amount=Decimal("500.00"), paid_on=date(2026, 2, 6))
    opportunity = OpportunityFactory(customer=customer, amount=Decimal("1234.50"))
    return {"customer": customer, "opportunities": opportunity, "contracts": contract, "receivables": receivable,
            "payments": payment}


SEES_ALL_SALES = ["rep", "sup1", "manager", "director", "admin"]
SEES_NONE = ["teammate", "sup2", "sup3", "manager2", "rep2", "hr"]


def _who(org, name):
    return getattr(org, name)


@pytest.mark.parametrize("resource", ["opportunities", "contracts", "receivables", "payments"])
@pytest.mark.parametrize("who", SEES_ALL_SALES + SEES_NONE + ["finance"])
def test_access_matrix(org, api, rows, resource, who):
    client = api(_who(org, who))
    finance_sees = resource != "opportunities"
    allowed = who in SEES_ALL_SALES or (who == "finance" and finance_sees)
    listing = client.get(f"/api/v1/{resource}/")
    # A list the role may never read is a 403 (SPEC §1.2): HR reads none of these, finance no
    # opportunities; people outside the scope just see an empty list.
    never_reads = who == "hr" or (who == "finance" and not finance_sees)
    assert listing.status_code == (403 if never_reads else 200)
    if not never_reads:
        assert listing.json()["count"] == (1 if allowed else 0)
    detail = client.get(f"/api/v1/{resource}/{rows[resource].pk}/")
    assert detail.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("resource", ["opportunities", "contracts", "receivables", "payments"])
def test_anonymous_gets_nothing(api, rows, resource):
    assert api().get(f"/api/v1/{resource}/").status_code in (401, 403)


def test_shapes_amounts_are_strings_with_two_decimals(org, api, rows):
    client = api(org.rep)
    contract = client.get(f"/api/v1/contracts/{rows['contracts'].pk}/").json()
    assert {"id", "number", "customer", "owner", "amount", "signed_on", "start_on", "end_on", "renews"} <= set(contract)
    assert contract["amount"] == "2200.00" and contract["signed_on"] == "2026-01-05"
    receivable = client.get(f"/api/v1/receivables/{rows['receivables'].pk}/").json()
    assert (receivable["amount"], receivable["paid_amount"], receivable["open_amount"], receivable["overdue"]) == (
        "2000.00", "500.00", "1500.00", True
    )
    opportunity = client.get(f"/api/v1/opportunities/{rows['opportunities'].pk}/").json()
    assert {"id", "customer", "owner", "amount", "stage"} <= set(opportunity)
    assert (opportunity["amount"], opportunity["stage"], opportunity["is_major"]) == ("1234.50", "lead", False)
    assert client.get(f"/api/v1/payments/{rows['payments'].pk}/").json()["amount"] == "500.00"


def test_filters(org, api, rows):
    client = api(org.director)
    ReceivableFactory(contract=rows["contracts"], due_on=date(2026, 4, 1), amount=Decimal("200.00"))
    assert client.get("/api/v1/receivables/?overdue=true").json()["count"] == 1
    assert client.get("/api/v1/receivables/?overdue=false").json()["count"] == 1
    assert client.get(f"/api/v1/receivables/?owner={org.rep.pk}").json()["count"] == 2
    assert client.get(f"/api/v1/receivables/?owner={org.rep2.pk}").json()["count"] == 0
    assert client.get("/api/v1/opportunities/?stage=lead").json()["count"] == 1
    assert client.get("/api/v1/opportunities/?stage=won").json()["count"] == 0
    assert client.get(f"/api/v1/opportunities/?customer={rows['customer'].pk}").json()["count"] == 1
    assert client.get(f"/api/v1/contracts/?owner={org.rep.pk}&signed_from=2026-01-05&signed_to=2026-01-05").json()["count"] == 1
    assert client.get("/api/v1/contracts/?signed_from=2026-01-06").json()["count"] == 0


# --- writes -----------------------------------------------------------------------------------

def test_create_opportunity_ignores_mass_assigned_fields(org, api, rows):
    response = api(org.rep).post("/api/v1/opportunities/", {
        "customer": rows["customer"].pk, "name": "New", "amount": "100000.00", "stage": "won",
        "closed_on": "2026-01-01", "lost_reason": "x",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["closed_on"], body["lost_reason"], body["is_major"], body["owner"]) == (
        "lead", None, "", True, org.rep.pk
    )


@pytest.mark.parametrize("who,field", [("rep", "owner"), ("teammate", "customer"), ("hr", "customer")])
def test_create_opportunity_out_of_scope_fk_is_400(org, api, rows, who, field):
    response = api(_who(org, who)).post("/api/v1/opportunities/", {
        "customer": rows["customer"].pk, "name": "x", "amount": "1.00", "owner": org.rep3.pk,
    }, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Opportunity.objects.count() == 1


def test_move_action_and_errors(org, api, rows):
    client = api(org.rep)
    url = f"/api/v1/opportunities/{rows['opportunities'].pk}/move/"
    assert client.post(url, {"to_stage": "contacted"}, format="json").json()["stage"] == "contacted"
    back = client.post(url, {"to_stage": "lead"}, format="json")
    assert back.status_code == 409 and back.json()["detail"]
    no_reason = client.post(url, {"to_stage": "lost"}, format="json")
    assert no_reason.status_code == 400 and "lost_reason" in no_reason.json()["errors"]
    unknown = client.post(url, {"to_stage": "signed"}, format="json")
    assert unknown.status_code == 400 and "to_stage" in unknown.json()["errors"]
    no_contract = client.post(url, {"to_stage": "won"}, format="json")
    assert no_contract.status_code == 400 and "contract" in no_contract.json()["errors"]
    bad_contract = client.post(url, {"to_stage": "won", "new_contract": {
        "number": "HT-1", "amount": "0.00", "signed_on": "2026-03-10", "start_on": "2026-03-10", "end_on": "2026-03-09",
    }}, format="json")
    assert bad_contract.status_code == 400
    assert set(bad_contract.json()["errors"]["new_contract"]) == {"number", "amount", "end_on"}
    assert Contract.objects.count() == 1
    won = client.post(url, {"to_stage": "won", "new_contract": {
        "number": "HT-2", "amount": "900.00", "signed_on": "2026-03-10", "start_on": "2026-03-10", "end_on": "2027-03-09",
    }}, format="json")
    assert won.status_code == 200, won.json()
    assert won.json()["stage"] == "won" and won.json()["closed_on"] == "2026-03-10"
    assert Contract.objects.get(number="HT-2").owner == org.rep


def test_move_out_of_scope_is_404(org, api, rows):
    url = f"/api/v1/opportunities/{rows['opportunities'].pk}/move/"
    for who in ("teammate", "sup2", "finance", "hr"):
        assert api(_who(org, who)).post(url, {"to_stage": "contacted"}, format="json").status_code == 404
    assert Opportunity.objects.get().stage == Stage.LEAD


def test_escalation_report_action(org, api, rows):
    opportunity = rows["opportunities"]
    client = api(org.rep)
    url = f"/api/v1/opportunities/{opportunity.pk}/escalation-report/"
    assert client.get(url).status_code == 404
    missing = client.post(url, {"background": "b", "needs_detail": "", "progress": "p", "risks": "r"}, format="json")
    assert missing.status_code == 400 and "needs_detail" in missing.json()["errors"]
    saved = client.post(url, {"background": "b", "needs_detail": "n", "progress": "p", "risks": "r"}, format="json")
    assert saved.status_code == 200 and saved.json()["risks"] == "r"
    assert client.get(url).json()["background"] == "b"
    assert api(org.teammate).get(url).status_code == 404


def test_create_contract_bad_input_names_fields_and_saves_nothing(org, api, rows):
    client = api(org.rep)
    base = {"customer": rows["customer"].pk, "number": "HT-1", "amount": "0.00", "signed_on": "2026-03-01",
            "start_on": "2026-03-01", "end_on": "2026-02-28"}
    response = client.post("/api/v1/contracts/", base, format="json")
    assert response.status_code == 400
    assert {"number", "amount", "end_on"} <= set(response.json()["errors"])
    assert "number" in response.json()["detail"]
    assert Contract.objects.count() == 1
    created = client.post("/api/v1/contracts/", base | {"number": "HT-3", "amount": "10.00", "end_on": "2026-03-01",
                                                         "renews": rows["contracts"].pk}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["renews"] == rows["contracts"].pk and created.json()["delivery_due_on"] == "2026-03-04"


def test_create_contract_with_an_invisible_customer_or_renews_is_400(org, api, rows):
    response = api(org.teammate).post("/api/v1/contracts/", {
        "customer": rows["customer"].pk, "number": "HT-9", "amount": "1.00", "signed_on": "2026-03-01",
        "start_on": "2026-03-01", "end_on": "2026-03-02"}, format="json")
    assert response.status_code == 400 and "customer" in response.json()["errors"]
    other = CustomerFactory(owner=org.teammate)
    response = api(org.teammate).post("/api/v1/contracts/", {
        "customer": other.pk, "number": "HT-9", "amount": "1.00", "signed_on": "2026-03-01",
        "start_on": "2026-03-01", "end_on": "2026-03-02", "renews": rows["contracts"].pk}, format="json")
    assert response.status_code == 400 and "renews" in response.json()["errors"]


def test_confirm_delivery_action(org, api, rows):
    url = f"/api/v1/contracts/{rows['contracts'].pk}/confirm-delivery/"
    assert api(org.teammate).post(url, {}, format="json").status_code == 404
    assert api(org.hr).post(url, {}, format="json").status_code == 404
    response = api(org.finance).post(url, {"confirmed_on": "2026-01-07"}, format="json")
    assert response.status_code == 200 and response.json()["delivery_confirmed_on"] == "2026-01-07"
    assert api(org.rep).post(url, {}, format="json").status_code == 409


def test_receivable_create_over_the_contract_amount_names_amount(org, api, rows):
    client = api(org.finance)
    over = client.post("/api/v1/receivables/", {"contract": rows["contracts"].pk, "due_on": "2026-04-01",
                                                "amount": "200.01"}, format="json")
    assert over.status_code == 400 and "amount" in over.json()["errors"]
    ok = client.post("/api/v1/receivables/", {"contract": rows["contracts"].pk, "due_on": "2026-04-01",
                                              "amount": "200.00", "paid_amount": "200.00"}, format="json")
    assert ok.status_code == 201 and ok.json()["paid_amount"] == "0.00"
    assert api(org.teammate).post("/api/v1/receivables/", {"contract": rows["contracts"].pk, "due_on": "2026-04-01",
                                                           "amount": "1.00"}, format="json").status_code == 400


def test_payment_rules_over_the_api(org, api, rows):
    receivable = rows["receivables"]
    over = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "1500.01",
                                                       "paid_on": "2026-03-10"}, format="json")
    assert over.status_code == 400 and "amount" in over.json()["errors"]
    assert "1500.00" in over.json()["detail"]
    for who in ("rep", "sup1", "hr", "teammate"):
        response = api(_who(org, who)).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "1.00",
                                                                   "paid_on": "2026-03-10"}, format="json")
        assert response.status_code == 403
    ok = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "1500.00",
                                                     "paid_on": "2026-03-10"}, format="json")
    assert ok.status_code == 201 and ok.json()["recorded_by"] == "finance"
    receivable.refresh_from_db()
    assert receivable.paid_amount == Decimal("2000.00")
    assert Payment.objects.count() == 2


# --- query counts -----------------------------------------------------------------------------

def _bulk(org, count):
    for _ in range(count):
        customer = CustomerFactory(owner=org.rep)
        contract = ContractFactory(customer=customer)
        receivable = ReceivableFactory(contract=contract)
        PaymentFactory(receivable=receivable, amount=Decimal("1.00"))
        OpportunityFactory(customer=customer)


@pytest.mark.parametrize("resource", ["opportunities", "contracts", "receivables", "payments"])
def test_list_query_count_is_constant(org, api, resource):
    client = api(org.sup1)
    _bulk(org, 2)
    client.get(f"/api/v1/{resource}/")  # warm the session/user caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/api/v1/{resource}/").json()["count"] == 2
    _bulk(org, 28)
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/api/v1/{resource}/").json()["count"] == 30
    assert len(small) == len(large)
    assert len(large) <= 6


def test_receivable_and_payment_counts_are_consistent(org, rows):
    assert Receivable.objects.get().paid_amount == Payment.objects.get().amount


def test_update_opportunity_over_the_api(org, api, rows):
    from common.models import Notification

    url = f"/api/v1/opportunities/{rows['opportunities'].pk}/"
    assert api(org.teammate).patch(url, {"amount": "5.00"}, format="json").status_code == 404
    response = api(org.rep).patch(url, {"amount": "100000.00", "stage": "won", "customer": 999}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["is_major"] is True and response.json()["stage"] == "lead"
    assert Notification.objects.filter(dedupe_key=f"major-opportunity:{rows['opportunities'].pk}",
                                       recipient=org.sup1.user).exists()
    bad = api(org.rep).patch(url, {"quote_submitted_on": "2026-03-01"}, format="json")
    assert bad.status_code == 400 and "quote_submitted_on" in bad.json()["errors"]
    api(org.rep).post(f"{url}move/", {"to_stage": "lost", "lost_reason": "price"}, format="json")
    assert api(org.rep).patch(url, {"name": "again"}, format="json").status_code == 409


def test_overdue_flag_is_one_rule_in_api_filter_and_pages(org, api, page):
    """Due yesterday and not fully paid is overdue; due today or fully paid is not — the same in
    the API field, the API filter, the receivables page and the contract page."""
    from django.urls import reverse

    contract = ContractFactory(customer=CustomerFactory(owner=org.rep), amount=Decimal("900.00"),
                               signed_on=date(2026, 1, 5))
    late = ReceivableFactory(contract=contract, due_on=date(2026, 3, 9), amount=Decimal("300.00"))
    PaymentFactory(receivable=late, amount=Decimal("299.99"))
    today = ReceivableFactory(contract=contract, due_on=date(2026, 3, 10), amount=Decimal("300.00"))
    paid = ReceivableFactory(contract=contract, due_on=date(2026, 3, 1), amount=Decimal("300.00"))
    PaymentFactory(receivable=paid, amount=Decimal("300.00"))
    rows = api(org.finance).get("/api/v1/receivables/").json()["results"]
    assert {row["id"]: row["overdue"] for row in rows} == {late.pk: True, today.pk: False, paid.pk: False}
    filtered = api(org.finance).get("/api/v1/receivables/?overdue=true").json()["results"]
    assert [row["id"] for row in filtered] == [late.pk]
    listed = page(org.finance).get(reverse("customers:receivable-list")).context["receivables"]
    assert {r.pk: r.is_overdue for r in listed} == {late.pk: True, today.pk: False, paid.pk: False}
    detail = page(org.rep).get(reverse("customers:contract-detail", args=[contract.pk])).context["receivables"]
    assert [r.pk for r in detail if r.is_overdue] == [late.pk]


def test_the_escalation_report_answers_its_authors_employee_id(org, api, rows):
    """The column references the user (issue 10); the API answers the author's employee id as before."""
    url = f"/api/v1/opportunities/{rows['opportunities'].pk}/escalation-report/"
    saved = api(org.rep).post(url, {"background": "b", "needs_detail": "n", "progress": "p", "risks": "r"},
                              format="json")
    assert saved.json()["written_by"] == org.rep.pk
    assert api(org.admin).get(url).json()["written_by"] == org.rep.pk
