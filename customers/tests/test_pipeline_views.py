"""Pages of the pipeline, contracts and receivables: access matrix, forms, constant query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Contract, EscalationReport, Opportunity, Payment, Receivable, Stage
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


@pytest.fixture
def rows(org):
    customer = CustomerFactory(owner=org.rep, name="Acme Trading")
    contract = ContractFactory(customer=customer, number="HT-77", amount=Decimal("5000.00"), signed_on=date(2026, 1, 5))
    receivable = ReceivableFactory(contract=contract, due_on=date(2026, 2, 5), amount=Decimal("2000.00"))
    opportunity = OpportunityFactory(customer=customer, name="Big ERP", amount=Decimal("150000.00"),
                                     stage=Stage.NEEDS_ANALYSIS, needs_confirmed_on=date(2026, 3, 1))
    return {"customer": customer, "contract": contract, "receivable": receivable, "opportunity": opportunity}


SALES_IN_SCOPE = ["rep", "sup1", "manager", "director", "admin"]
OUT_OF_SCOPE = ["teammate", "sup2", "sup3", "manager2"]


def _who(org, name):
    return getattr(org, name)


@pytest.mark.parametrize("who", SALES_IN_SCOPE + OUT_OF_SCOPE + ["hr", "finance"])
def test_detail_pages_access_matrix(org, page, rows, who):
    client = page(_who(org, who))
    in_scope = who in SALES_IN_SCOPE
    opportunity = client.get(reverse("customers:opportunity-detail", args=[rows["opportunity"].pk]))
    assert opportunity.status_code == (200 if in_scope else 404)
    contract = client.get(reverse("customers:contract-detail", args=[rows["contract"].pk]))
    assert contract.status_code == (200 if in_scope or who == "finance" else 404)
    payment = client.get(reverse("customers:payment-create", args=[rows["receivable"].pk]))
    expected = 200 if who in ("finance", "director", "admin") else 403 if in_scope else 404
    assert payment.status_code == expected


@pytest.mark.parametrize("who", SALES_IN_SCOPE + OUT_OF_SCOPE + ["hr", "finance"])
def test_list_pages_access_matrix(org, page, rows, who):
    client = page(_who(org, who))
    in_scope = who in SALES_IN_SCOPE
    board = client.get(reverse("customers:opportunity-board"))
    if who in ("hr", "finance"):
        assert board.status_code == 403
    else:
        assert board.status_code == 200
        assert ("Big ERP" in board.content.decode()) is in_scope
    for name in ("contract-list", "receivable-list"):
        response = client.get(reverse(f"customers:{name}"))
        if who == "hr":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        assert ("HT-77" in response.content.decode()) is (in_scope or who == "finance")
    create = client.get(reverse("customers:opportunity-create"))
    assert create.status_code == (403 if who in ("hr", "finance") else 200)
    assert client.get(reverse("customers:contract-create")).status_code == (403 if who in ("hr", "finance") else 200)


@pytest.mark.parametrize("name,args", [
    ("opportunity-board", []), ("contract-list", []), ("receivable-list", []), ("opportunity-create", []),
    ("contract-create", []), ("opportunity-detail", [1]), ("contract-detail", [1]), ("payment-create", [1]),
])
def test_anonymous_is_sent_to_sign_in(page, name, args):
    response = page().get(reverse(f"customers:{name}", args=args))
    assert response.status_code == 302 and "login" in response["Location"]


def test_board_shows_major_and_sla_flags_and_column_totals(org, page, rows):
    OpportunityFactory(customer=rows["customer"], amount=Decimal("99999.99"), stage=Stage.NEEDS_ANALYSIS)
    html = page(org.rep).get(reverse("customers:opportunity-board")).content.decode()
    assert "major" in html and "quote overdue" in html and "no escalation report" in html
    assert "249,999.99" in html


def test_move_from_the_board_and_blocked_major(org, page, rows):
    client = page(org.rep)
    url = reverse("customers:opportunity-move", args=[rows["opportunity"].pk])
    blocked = client.post(url, {"to_stage": "proposal", "from_board": "1"})
    assert blocked.status_code == 400
    assert "escalation report" in blocked.content.decode()
    assert Opportunity.objects.get(pk=rows["opportunity"].pk).stage == Stage.NEEDS_ANALYSIS
    report = client.post(reverse("customers:opportunity-report", args=[rows["opportunity"].pk]), {
        "background": "b", "needs_detail": "n", "progress": "p", "risks": "r"})
    assert report.status_code == 302 and EscalationReport.objects.exists()
    moved = client.post(url, {"to_stage": "proposal", "from_board": "1"})
    assert moved.status_code == 302 and moved["Location"] == reverse("customers:opportunity-board")
    assert page(org.teammate).post(url, {"to_stage": "negotiation"}).status_code == 404


def test_move_to_won_with_a_new_contract_and_bad_contract_fields(org, page, rows):
    opportunity = OpportunityFactory(customer=rows["customer"], stage=Stage.NEGOTIATION)
    url = reverse("customers:opportunity-move", args=[opportunity.pk])
    client = page(org.rep)
    bad = client.post(url, {"to_stage": "won", "number": "HT-77", "contract_amount": "0", "signed_on": "2026-03-10",
                            "start_on": "2026-03-10", "end_on": "2026-03-09"})
    assert bad.status_code == 400
    form = bad.context["move_form"]
    assert {"number", "contract_amount", "end_on"} <= set(form.errors)
    assert Contract.objects.count() == 1
    ok = client.post(url, {"to_stage": "won", "number": "HT-78", "contract_amount": "900", "signed_on": "2026-03-10",
                           "start_on": "2026-03-10", "end_on": "2027-03-09"})
    assert ok.status_code == 302
    assert Opportunity.objects.get(pk=opportunity.pk).contract.number == "HT-78"
    lost = client.post(url, {"to_stage": "lost", "lost_reason": "x"})
    assert lost.status_code == 409


def test_opportunity_create_form(org, page, rows):
    client = page(org.rep)
    bad = client.post(reverse("customers:opportunity-create"), {"customer": rows["customer"].pk, "name": "", "amount": "-1"})
    assert bad.status_code == 400 and {"name", "amount"} <= set(bad.context["form"].errors)
    other = CustomerFactory(owner=org.teammate)
    out = client.post(reverse("customers:opportunity-create"), {"customer": other.pk, "name": "x", "amount": "1"})
    assert out.status_code == 400 and "customer" in out.context["form"].errors
    ok = client.post(reverse("customers:opportunity-create"), {"customer": rows["customer"].pk, "name": "New", "amount": "10"})
    assert ok.status_code == 302
    assert Opportunity.objects.filter(name="New", owner=org.rep).exists()


def test_contract_create_form_names_fields_and_saves_nothing(org, page, rows):
    client = page(org.rep)
    data = {"customer": rows["customer"].pk, "number": "HT-77", "amount": "0", "signed_on": "2026-03-01",
            "start_on": "2026-03-01", "end_on": "2026-02-01"}
    bad = client.post(reverse("customers:contract-create"), data)
    assert bad.status_code == 400
    assert {"number", "amount", "end_on"} <= set(bad.context["form"].errors)
    assert Contract.objects.count() == 1
    ok = client.post(reverse("customers:contract-create"), data | {"number": "HT-80", "amount": "10", "end_on": "2026-03-02"})
    assert ok.status_code == 302 and Contract.objects.filter(number="HT-80").exists()


def test_confirm_delivery_and_receivable_forms(org, page, rows):
    client = page(org.rep)
    contract = rows["contract"]
    assert client.post(reverse("customers:contract-confirm-delivery", args=[contract.pk])).status_code == 302
    assert Contract.objects.get(pk=contract.pk).delivery_confirmed_on == date(2026, 3, 10)
    assert client.post(reverse("customers:contract-confirm-delivery", args=[contract.pk])).status_code == 409
    over = client.post(reverse("customers:receivable-create", args=[contract.pk]), {"due_on": "2026-04-01", "amount": "3000.01"})
    assert over.status_code == 400 and "amount" in over.context["receivable_form"].errors
    ok = client.post(reverse("customers:receivable-create", args=[contract.pk]), {"due_on": "2026-04-01", "amount": "3000"})
    assert ok.status_code == 302 and Receivable.objects.count() == 2
    assert page(org.teammate).post(reverse("customers:receivable-create", args=[contract.pk]),
                                   {"due_on": "2026-04-01", "amount": "1"}).status_code == 404


def test_payment_form(org, page, rows):
    client = page(org.finance)
    url = reverse("customers:payment-create", args=[rows["receivable"].pk])
    over = client.post(url, {"amount": "2000.01", "paid_on": "2026-03-10"})
    assert over.status_code == 400 and "amount" in over.context["form"].errors
    assert not Payment.objects.exists()
    assert client.post(url, {"amount": "500", "paid_on": "2026-03-10"}).status_code == 302
    assert Receivable.objects.get().paid_amount == Decimal("500.00")
    assert page(org.rep).post(url, {"amount": "1", "paid_on": "2026-03-10"}).status_code == 403


def test_list_filters(org, page, rows):
    ContractFactory(customer=rows["customer"], number="HT-SOON", signed_on=date(2025, 4, 1),
                    start_on=date(2025, 4, 1), end_on=date(2026, 4, 1))
    client = page(org.finance)
    soon = client.get(reverse("customers:contract-list"), {"ending": "30"}).content.decode()
    assert "HT-SOON" in soon and "HT-77" not in soon
    month = client.get(reverse("customers:contract-list"), {"month": "2026-01"}).content.decode()
    assert "HT-77" in month and "HT-SOON" not in month
    assert "HT-77" not in client.get(reverse("customers:contract-list"), {"owner": org.rep2.pk}).content.decode()
    ReceivableFactory(contract=rows["contract"], due_on=date(2026, 6, 1), amount=Decimal("100.00"))
    overdue = client.get(reverse("customers:receivable-list"), {"overdue": "1"})
    assert len(overdue.context["receivables"]) == 1


def _bulk(org, count):
    for _ in range(count):
        customer = CustomerFactory(owner=org.rep)
        receivable = ReceivableFactory(contract=ContractFactory(customer=customer), due_on=date(2026, 2, 1))
        PaymentFactory(receivable=receivable, amount=Decimal("1.00"))
        OpportunityFactory(customer=customer, stage=Stage.PROPOSAL, needs_confirmed_on=date(2026, 3, 1))


@pytest.mark.parametrize("name", ["opportunity-board", "contract-list", "receivable-list"])
def test_list_pages_run_a_constant_number_of_queries(org, page, name):
    client = page(org.sup1)
    _bulk(org, 2)
    client.get(reverse(f"customers:{name}"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(f"customers:{name}")).status_code == 200
    _bulk(org, 28)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(f"customers:{name}")).status_code == 200
    assert len(small) == len(large), [q["sql"] for q in large]
    assert len(large) <= 12


def test_admin_pages_render_and_policy_days_are_validated(org, page, rows):
    from customers.models import PipelinePolicy

    client = page(org.admin)
    PaymentFactory(receivable=rows["receivable"], amount=Decimal("5.00"))
    for url in ("/admin/customers/opportunity/", f"/admin/customers/opportunity/{rows['opportunity'].pk}/change/",
                "/admin/customers/contract/", f"/admin/customers/receivable/{rows['receivable'].pk}/change/",
                "/admin/customers/pipelinepolicy/"):
        assert client.get(url).status_code == 200, url
    policy = PipelinePolicy.objects.get()
    url = f"/admin/customers/pipelinepolicy/{policy.pk}/change/"
    data = {"major_opportunity_amount": "100000.00", "quote_sla_days": 2, "delivery_sla_days": 3,
            "renewal_alert_days": "60, x", "receivable_overdue_alert_days": "1,7,30", "satisfaction_warning_below": 80}
    assert client.post(url, data).status_code == 200  # re-rendered with the error
    assert client.post(url, data | {"renewal_alert_days": "90, 30,7"}).status_code == 302
    assert PipelinePolicy.objects.get().renewal_alert_days == "90,30,7"


def test_pages_render_in_simplified_chinese(org, page, rows):
    client = page(org.finance)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    contracts = client.get(reverse("customers:contract-list")).content.decode()
    assert "合同编号" in contracts and "60 天内到期" in contracts
    detail = client.get(reverse("customers:contract-detail", args=[rows["contract"].pk])).content.decode()
    assert "交付截止日期" in detail and "登记回款" in detail
    board = page(org.rep)
    board.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = board.get(reverse("customers:opportunity-board")).content.decode()
    assert "需求分析" in html and "重大" in html and "新建商机" in html


def test_edit_opportunity_records_the_quote_and_refuses_bad_dates(org, page, rows):
    opportunity = rows["opportunity"]
    url = reverse("customers:opportunity-update", args=[opportunity.pk])
    data = {"name": "Big ERP", "amount": "150000.00", "owner": org.rep.pk, "needs_confirmed_on": "2026-03-01"}
    bad = page(org.rep).post(url, data | {"quote_submitted_on": "2026-02-27"})
    assert bad.status_code == 400 and "quote_submitted_on" in bad.context["edit_form"].errors
    ok = page(org.rep).post(url, data | {"quote_submitted_on": "2026-03-03"})
    assert ok.status_code == 302
    assert Opportunity.objects.get(pk=opportunity.pk).quote_submitted_on == date(2026, 3, 3)
    assert page(org.teammate).post(url, data).status_code == 404
    taken = page(org.rep).post(url, data | {"owner": org.teammate.pk})
    assert taken.status_code == 400 and "owner" in taken.context["edit_form"].errors


def test_contract_page_lists_only_renewals_in_scope(org, page, rows):
    mine = ContractFactory(customer=rows["customer"], number="HT-RENEW-MINE", renews=rows["contract"],
                           signed_on=date(2026, 2, 1))
    # The customer went to a teammate, who signed a renewal the rep may not see.
    ContractFactory(customer=rows["customer"], owner=org.teammate, number="HT-RENEW-THEIRS",
                    renews=rows["contract"], signed_on=date(2026, 2, 2))
    body = page(org.rep).get(reverse("customers:contract-detail", args=[rows["contract"].pk])).content.decode()
    assert mine.number in body and "HT-RENEW-THEIRS" not in body
    assert "HT-RENEW-THEIRS" in page(org.sup1).get(
        reverse("customers:contract-detail", args=[rows["contract"].pk])).content.decode()
