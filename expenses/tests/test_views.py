"""Pages: access per role, the phone-first claim in one step, refusals that keep the input, the
queue with the budget beside each claim, budgets, the spend report and its xlsx."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from expenses.models import ClaimStatus, ExpenseBudget, ExpenseClaim
from expenses.tests.factories import make_budget, make_claim, receipt

pytestmark = pytest.mark.django_db


def claim_form(**fields):
    return {"category": "travel", "amount": "66.60", "incurred_on": "2026-11-15", "purpose": "Taxi to Customer B",
            "receipt": receipt("jpg"), "then": "submit", **fields}


def test_a_rep_files_a_claim_with_a_photo_in_one_step(org, page):
    client = page(org.rep)
    form = client.get("/expenses/claims/new/")
    html = form.content.decode()
    assert form.status_code == 200
    assert 'accept="image/*,application/pdf"' in html and 'capture="environment"' in html
    assert 'enctype="multipart/form-data"' in html
    response = client.post("/expenses/claims/new/", claim_form())
    claim = ExpenseClaim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/expenses/claims/{claim.pk}/"
    assert claim.status == ClaimStatus.SUBMITTED and claim.amount == Decimal("66.60")


def test_save_as_draft(org, page):
    page(org.rep).post("/expenses/claims/new/", claim_form(then="draft", receipt=""))
    assert ExpenseClaim.objects.get().status == ClaimStatus.DRAFT


@pytest.mark.parametrize("field, value, message", [
    ("amount", "50000.01", "at most 50,000.00"),
    ("incurred_on", "2026-11-17", "future"),
    ("incurred_on", "2026-08-17", "90 days"),
    ("receipt", None, "Attach the receipt"),
])
def test_a_refused_claim_keeps_the_input_and_saves_nothing(org, page, field, value, message):
    data = claim_form(**{field: value if value is not None else ""})
    if field == "receipt":
        data.pop("receipt")
    response = page(org.rep).post("/expenses/claims/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Taxi to Customer B" in html
    assert not ExpenseClaim.objects.exists()


def test_an_executable_named_pdf_is_refused_on_the_page(org, page):
    response = page(org.rep).post("/expenses/claims/new/", claim_form(receipt=receipt("exe", name="x.pdf")))
    assert response.status_code == 400 and "checked from its content" in response.content.decode()


@pytest.mark.parametrize("who, status", [("rep", 200), ("sup1", 200), ("finance", 200), ("hr", 403)])
def test_my_claims_page(org, page, who, status):
    make_claim(org.rep)
    assert page(getattr(org, who)).get("/expenses/").status_code == status


@pytest.mark.parametrize("who, status", [("rep", 200), ("teammate", 404), ("sup1", 200), ("sup2", 404),
                                         ("manager", 200), ("manager2", 404), ("finance", 200), ("hr", 404)])
def test_claim_page_and_receipt_access(org, page, who, status):
    claim = make_claim(org.rep, status=ClaimStatus.DRAFT)
    client = page(org.rep)
    client.post(f"/expenses/claims/{claim.pk}/edit/", claim_form(then="draft", receipt=receipt("png")))
    assert page(getattr(org, who)).get(f"/expenses/claims/{claim.pk}/").status_code == status
    response = page(getattr(org, who)).get(f"/expenses/claims/{claim.pk}/receipt/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_line_manager_approves_from_the_queue_with_the_budget_beside(org, page):
    make_budget(org.east1, 1000)
    claim = make_claim(org.rep, 300)
    client = page(org.sup1)
    html = client.get("/expenses/approvals/").content.decode()
    assert "1,000.00 left" in html or "1000.00 left" in html
    response = client.post(f"/expenses/claims/{claim.pk}/approve/", {"next": "/expenses/approvals/"})
    assert response.status_code == 302 and response["Location"] == "/expenses/approvals/"
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.MANAGER_APPROVED
    assert "Nothing waits" in client.get("/expenses/approvals/").content.decode()


def test_an_approval_over_budget_shows_the_excess_and_changes_nothing(org, page):
    make_budget(org.east1, 100)
    claim = make_claim(org.rep, 300)
    response = page(org.sup1).post(f"/expenses/claims/{claim.pk}/approve/")
    assert response.status_code == 400
    assert "exceeds the travel budget of East-1 for 2026-11 by 200.00" in response.content.decode()
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_self_approval_is_403_and_finance_first_is_409_on_pages(org, page):
    claim = make_claim(org.rep)
    assert page(org.rep).post(f"/expenses/claims/{claim.pk}/approve/").status_code == 403
    assert page(org.finance).post(f"/expenses/claims/{claim.pk}/approve/").status_code == 409
    assert page(org.sup1).post(f"/expenses/claims/{claim.pk}/bogus/").status_code == 404


def test_reject_needs_reason_and_confirmation(org, page):
    claim = make_claim(org.rep)
    client = page(org.sup1)
    assert 'id="reject"' in client.get(f"/expenses/claims/{claim.pk}/").content.decode()
    response = client.post(f"/expenses/claims/{claim.pk}/reject/", {"reason": "Blurry"})
    assert response.status_code == 400 and ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    response = client.post(f"/expenses/claims/{claim.pk}/reject/", {"reason": "  ", "confirm": "on"})
    assert response.status_code == 400
    response = client.post(f"/expenses/claims/{claim.pk}/reject/", {"reason": "Blurry", "confirm": "on"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.rejection_reason == "Blurry"


def test_a_rejected_claim_is_edited_and_resubmitted(org, page):
    claim = make_claim(org.rep, status=ClaimStatus.REJECTED)
    client = page(org.rep)
    assert "Wrong receipt" in client.get(f"/expenses/claims/{claim.pk}/edit/").content.decode()
    response = client.post(f"/expenses/claims/{claim.pk}/edit/", claim_form(receipt=""))
    assert response.status_code == 302
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_a_draft_is_deleted_after_confirmation(org, page):
    claim = make_claim(org.rep, status=ClaimStatus.DRAFT)
    client = page(org.rep)
    assert client.post(f"/expenses/claims/{claim.pk}/delete/", {}).status_code == 400
    assert client.post(f"/expenses/claims/{claim.pk}/delete/", {"confirm": "on"}).status_code == 302
    assert not ExpenseClaim.objects.exists()


def test_finance_pays_from_the_claim_page(org, page):
    claim = make_claim(org.rep, status=ClaimStatus.FINANCE_APPROVED)
    client = page(org.finance)
    assert "Mark paid" in client.get(f"/expenses/claims/{claim.pk}/").content.decode()
    client.post(f"/expenses/claims/{claim.pk}/pay/")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.PAID


@pytest.mark.parametrize("who, status", [("rep", 403), ("hr", 403), ("sup1", 200), ("finance", 200)])
def test_approvals_page_access(org, page, who, status):
    assert page(getattr(org, who)).get("/expenses/approvals/").status_code == status


def test_budgets_page_and_forms(org, page):
    budget = make_budget(org.east1, 1000)
    make_claim(org.rep, 250, status=ClaimStatus.PAID)
    html = page(org.sup1).get("/expenses/budgets/?period=2026").content.decode()
    assert "750.00" in html and "25.00" in html
    assert page(org.hr).get("/expenses/budgets/").status_code == 403
    assert page(org.sup1).get("/expenses/budgets/new/").status_code == 403
    client = page(org.finance)
    response = client.post("/expenses/budgets/new/", {"org_unit": org.east2.pk, "category": "marketing",
                                                      "period": "2026-Q4", "amount": "9000"})
    assert response.status_code == 302 and ExpenseBudget.objects.filter(org_unit=org.east2).exists()
    refused = client.post("/expenses/budgets/new/", {"org_unit": org.east2.pk, "category": "marketing",
                                                     "period": "2026-Q4", "amount": "1"})
    assert refused.status_code == 400 and "already has a budget" in refused.content.decode()
    assert client.post(f"/expenses/budgets/{budget.pk}/", {"amount": "1200"}).status_code == 302
    assert ExpenseBudget.objects.get(pk=budget.pk).amount == Decimal("1200.00")
    assert client.post(f"/expenses/budgets/{budget.pk}/", {"delete": "1"}).status_code == 400
    assert client.post(f"/expenses/budgets/{budget.pk}/", {"delete": "1", "confirm": "on"}).status_code == 302
    assert not ExpenseBudget.objects.filter(pk=budget.pk).exists()


def test_spend_report_matches_the_claims_and_exports_xlsx(org, page):
    from customers.tests.factories import CustomerFactory
    from events.tests.factories import EventFactory

    make_budget(org.east1, 1000)
    customer = CustomerFactory(owner=org.rep, name="Acme Tools")
    event = EventFactory(org_unit=org.east1, title="Autumn seminar")
    make_claim(org.rep, 300, status=ClaimStatus.PAID, customer=customer)
    make_claim(org.rep2, 200, status=ClaimStatus.MANAGER_APPROVED, category="event", event=event)
    make_claim(org.rep, 999, status=ClaimStatus.SUBMITTED)
    client = page(org.manager)
    response = client.get("/expenses/report/?period=2026-11")
    html = response.content.decode()
    assert response.status_code == 200 and "500.00" in html and "Acme Tools" in html and "Autumn seminar" in html
    export = client.get(f"/expenses/report/?unit={org.east.pk}&period=2026-11&format=xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert ("East-1", "Travel", "2026-11", 300, 1000, 700) in rows
    assert ("East", "Total", "2026-11", 500, None, None) in rows


@pytest.mark.parametrize("who, query, status", [("rep", "", 403), ("hr", "", 403), ("sup1", "", 200),
                                                ("sup1", "?unit={south}", 404), ("sup1", "?unit=abc", 404),
                                                ("finance", "?unit={south}", 200), ("director", "?period=bad", 200)])
def test_spend_report_access(org, page, who, query, status):
    url = "/expenses/report/" + query.format(south=org.south.pk)
    assert page(getattr(org, who)).get(url).status_code == status


@pytest.mark.parametrize("url", ["/expenses/", "/expenses/claims/new/", "/expenses/approvals/", "/expenses/budgets/",
                                 "/expenses/report/"])
def test_pages_render_in_chinese(org, page, url):
    make_budget(org.east1, 1000)
    make_claim(org.rep)
    client = page(org.sup1)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
