"""The API (SPEC §10): field names, status codes of every refusal, access per role, mass
assignment, and constant query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expenses.models import ClaimStatus, ExpenseBudget, ExpenseClaim
from expenses.tests.factories import make_budget, make_claim, receipt

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/expense-claims/"
BUDGETS = "/api/v1/expense-budgets/"


def new_claim(api, who, **fields):
    body = {"category": "travel", "amount": "88.00", "incurred_on": "2026-11-12", "purpose": "Train to Suzhou",
            "receipt": receipt("png"), **fields}
    return api(who).post(CLAIMS, body, format="multipart")


def test_a_rep_creates_submits_and_the_claim_is_approved_and_paid(org, api):
    make_budget(org.east1, 1000)
    created = new_claim(api, org.rep, invoice_number="FP-9")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["amount"] == "88.00" and body["status"] == "draft" and body["claimant"] == org.rep.pk
    assert body["receipt"] == f"/expenses/claims/{body['id']}/receipt/" and body["receipt_content_type"] == "image/png"
    url = f"{CLAIMS}{body['id']}/"
    assert api(org.rep).post(url + "submit/").json()["status"] == "submitted"
    assert api(org.sup1).post(url + "approve/").json()["status"] == "manager_approved"
    assert api(org.finance).post(url + "approve/").json()["status"] == "finance_approved"
    assert api(org.finance).post(url + "pay/").json()["status"] == "paid"
    detail = api(org.rep).get(url).json()
    assert [t["to_status"] for t in detail["transitions"]] == ["submitted", "manager_approved", "finance_approved",
                                                                 "paid"]


@pytest.mark.parametrize("field, value", [
    ("amount", "0.00"), ("amount", "50000.01"), ("amount", "1e400"), ("amount", "12.345"),
    ("incurred_on", "2026-11-17"), ("incurred_on", "2026-08-17"), ("incurred_on", "0001-01-01"),
    ("category", "bribes"), ("purpose", ""), ("purpose", "a\x00b"),
])
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(org, api, field, value):
    response = new_claim(api, org.rep, **{field: value})
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not ExpenseClaim.objects.exists()


def test_an_executable_renamed_pdf_and_an_11_mb_file_are_400(org, api):
    response = new_claim(api, org.rep, receipt=receipt("exe", name="invoice.pdf"))
    assert response.status_code == 400 and "receipt" in response.json()["errors"]
    response = new_claim(api, org.rep, receipt=receipt("pdf", size=11 * 1024 * 1024))
    assert response.status_code == 400 and "MB" in response.json()["errors"]["receipt"][0]
    assert not ExpenseClaim.objects.exists()


def test_json_without_a_receipt_creates_a_draft_that_cannot_be_submitted(org, api):
    created = api(org.rep).post(CLAIMS, {"category": "travel", "amount": "10.00", "incurred_on": "2026-11-16",
                                         "purpose": "Parking"}, format="json")
    assert created.status_code == 201
    response = api(org.rep).post(f"{CLAIMS}{created.json()['id']}/submit/")
    assert response.status_code == 400 and "receipt" in response.json()["errors"]


def test_status_and_claimant_cannot_be_written(org, api):
    created = new_claim(api, org.rep, status="paid", claimant=org.sup1.pk, receipt_sha256="x" * 64)
    assert created.status_code == 201
    claim = ExpenseClaim.objects.get()
    assert claim.status == ClaimStatus.DRAFT and claim.claimant == org.rep and claim.receipt_sha256 != "x" * 64


def test_a_customer_out_of_scope_is_a_400(org, api):
    from customers.tests.factories import CustomerFactory

    response = new_claim(api, org.rep, customer=CustomerFactory(owner=org.rep3).pk)
    assert response.status_code == 400 and "customer" in response.json()["errors"]


def test_status_codes_of_the_transitions(org, api):
    make_budget(org.east1, 1000)
    claim = make_claim(org.rep, 100)
    url = f"{CLAIMS}{claim.pk}/"
    assert api(org.rep).post(url + "approve/").status_code == 403          # self-approval
    assert api(org.finance).post(url + "approve/").status_code == 409      # finance before the line manager
    assert api(org.sup2).post(url + "approve/").status_code == 404         # cannot see it
    assert api(org.hr).post(url + "approve/").status_code == 404
    no_reason = api(org.sup1).post(url + "reject/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    missing = api(org.sup1).post(url + "reject/", {}, format="json")
    assert missing.status_code == 400
    assert api(org.rep).post(url + "submit/").status_code == 409           # already submitted
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    assert api(org.sup1).post(url + "reject/", {"reason": "Blurry photo"}, format="json").json()["status"] == "rejected"


def test_an_approval_over_the_budget_is_a_400_with_the_excess(org, api):
    make_budget(org.east1, 10000)
    make_claim(org.teammate, 9000, status=ClaimStatus.MANAGER_APPROVED)
    claim = make_claim(org.rep, 2200)
    response = api(org.sup1).post(f"{CLAIMS}{claim.pk}/approve/")
    assert response.status_code == 400
    assert response.json()["detail"] == "This claim exceeds the travel budget of East-1 for 2026-11 by 1,200.00."
    assert response.json()["excess"] == "1200.00"


@pytest.mark.parametrize("who, status", [("rep", 200), ("teammate", 404), ("sup1", 200), ("sup2", 404),
                                         ("manager2", 404), ("finance", 200), ("hr", 404), ("director", 200)])
def test_who_reads_a_claim(org, api, who, status):
    claim = make_claim(org.rep)
    assert api(getattr(org, who)).get(f"{CLAIMS}{claim.pk}/").status_code == status


def test_hr_may_not_list_claims_or_budgets(org, api):
    assert api(org.hr).get(CLAIMS).status_code == 403
    assert api(org.hr).get(BUDGETS).status_code == 403
    assert api().get(CLAIMS).status_code in (401, 403)


def test_lists_are_scoped_and_filterable(org, api):
    mine, _theirs = make_claim(org.rep), make_claim(org.rep3)
    waiting_for_sup1 = make_claim(org.teammate)
    assert [row["id"] for row in api(org.rep).get(CLAIMS).json()["results"]] == [mine.pk]
    assert {row["id"] for row in api(org.sup1).get(CLAIMS, {"awaiting_me": "true"}).json()["results"]} == {
        mine.pk, waiting_for_sup1.pk}
    assert api(org.rep).get(CLAIMS, {"claimant": "1e80"}).status_code == 400
    assert api(org.rep).get(CLAIMS, {"incurred_from": "0001-01-01"}).status_code == 400


def test_a_claim_is_edited_while_draft_and_deleted(org, api):
    claim = make_claim(org.rep, status=ClaimStatus.DRAFT)
    url = f"{CLAIMS}{claim.pk}/"
    assert api(org.rep).patch(url, {"amount": "42.00"}, format="json").json()["amount"] == "42.00"
    assert api(org.sup1).patch(url, {"amount": "1.00"}, format="json").status_code == 403
    assert api(org.rep).delete(url).status_code == 204
    submitted = make_claim(org.rep)
    assert api(org.rep).patch(f"{CLAIMS}{submitted.pk}/", {"amount": "1.00"}, format="json").status_code == 409
    assert api(org.rep).delete(f"{CLAIMS}{submitted.pk}/").status_code == 409


def queries_of_list(client, url) -> int:
    client.get(url)  # the person's scope is read once, then cached on the user
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_claim_list_does_not_grow_in_queries(org, api):
    counts = []
    for total in (5, 50):
        ExpenseClaim.objects.all().delete()
        for _index in range(total):
            make_claim(org.rep)
        counts.append(queries_of_list(api(org.sup1), CLAIMS))
    assert counts[0] == counts[1]


# --- budgets ------------------------------------------------------------------------------------


def test_finance_creates_and_changes_a_budget(org, api):
    created = api(org.finance).post(BUDGETS, {"org_unit": org.east1.pk, "category": "travel", "period": "2026-11",
                                              "amount": "5000.00"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json() | {"id": 0} == {
        "id": 0, "org_unit": org.east1.pk, "org_unit_name": "East-1", "category": "travel", "period": "2026-11",
        "period_kind": "month", "start": "2026-11-01", "end": "2026-11-30", "amount": "5000.00",
        "consumed": "0.00", "remaining": "5000.00"}
    url = f"{BUDGETS}{created.json()['id']}/"
    assert api(org.finance).patch(url, {"amount": "6000.00"}, format="json").json()["amount"] == "6000.00"
    assert api(org.sup1).patch(url, {"amount": "1.00"}, format="json").status_code == 403
    duplicate = api(org.finance).post(BUDGETS, {"org_unit": org.east1.pk, "category": "travel", "period": "2026-11",
                                                "amount": "1.00"}, format="json")
    assert duplicate.status_code == 400 and "period" in duplicate.json()["errors"]
    assert api(org.director).delete(url).status_code == 204
    assert not ExpenseBudget.objects.exists()


def test_a_budget_shows_its_consumption(org, api):
    budget = make_budget(org.east1, 1000)
    make_claim(org.rep, 250, status=ClaimStatus.PAID)
    row = api(org.sup1).get(f"{BUDGETS}{budget.pk}/").json()
    assert (row["consumed"], row["remaining"]) == ("250.00", "750.00")
    assert api(org.sup3).get(f"{BUDGETS}{budget.pk}/").status_code == 404


@pytest.mark.parametrize("field, value", [("period", "2026-Q5"), ("amount", "-1"), ("org_unit", 999999),
                                          ("org_unit", "x"), ("amount", "1" * 20)])
def test_bad_budget_input_is_400(org, api, field, value):
    body = {"org_unit": org.east1.pk, "category": "travel", "period": "2026-11", "amount": "5.00", field: value}
    response = api(org.finance).post(BUDGETS, body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]


def test_budget_list_queries_do_not_grow(org, api):
    from teams.models import UnitKind
    from teams.tests.factories import make_unit

    counts = []
    for total in (5, 30):
        ExpenseBudget.objects.all().delete()
        for index in range(total):
            make_budget(make_unit(f"T{total}-{index}", UnitKind.TEAM, org.east), Decimal(100))
        counts.append(queries_of_list(api(org.finance), BUDGETS))
    assert counts[0] == counts[1]
