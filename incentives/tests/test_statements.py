"""My statement and the what-if (SPEC §5.5; issue 18): every credited contract, the target, each
component with its arithmetic, the total and what moved; HR and heads for anyone in scope; the
what-if from the same rules, agreeing with a real regeneration, nothing saved."""

from datetime import date
from decimal import Decimal as D

import pytest

from common.periods import Period
from incentives.models import BonusRow, BonusSheet
from incentives.services import bonus_sheet_generate
from incentives.tests.factories import give, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NOVEMBER = Period(2026, month=11)  # the running month of the frozen clock


def test_statement_of_a_generated_month(org, api, sheet):
    body = api(org.rep).get("/api/v1/statements/2026-10/").json()
    assert (body["employee"], body["source"], body["sheet_status"]) == (org.rep.pk, "sheet", "draft")
    assert body["target"] == "100000.00" and body["actual"] == "130000.00" and body["total"] == str(row_of(sheet, org.rep).total)
    assert [c["amount"] for c in body["contracts"]] == ["130000.00"] and body["contracts"][0]["signed_on"] == "2026-10-15"
    commission = next(c for c in body["components"] if c["code"] == "commission")
    assert commission["amount"] == "2200.00" and commission["explanation"].endswith("= 2,200.00")


def test_statement_access(org, api, sheet):
    assert api(org.hr).get(f"/api/v1/statements/2026-10/{org.rep.pk}/").status_code == 200
    assert api(org.sup1).get(f"/api/v1/statements/2026-10/{org.rep.pk}/").status_code == 200
    assert api(org.teammate).get(f"/api/v1/statements/2026-10/{org.rep.pk}/").status_code == 404
    assert api(org.sup3).get(f"/api/v1/statements/2026-10/{org.rep.pk}/").status_code == 404
    assert api(org.finance).get("/api/v1/statements/2026-10/").status_code == 403
    assert api(org.rep).get("/api/v1/statements/2026-13/").status_code == 400
    assert api(org.rep).get("/api/v1/statements/2027-01/").status_code == 400
    assert api(org.hr).get("/api/v1/statements/2026-10/99999999999/").status_code == 404


def test_running_month_is_a_preview_saved_nowhere(org, api):
    give(org.rep, NOVEMBER, target=100000, actual=70000, day=2)
    body = api(org.rep).get("/api/v1/statements/2026-11/").json()
    assert body["source"] == "preview" and next(c for c in body["components"] if c["code"] == "commission")["amount"] == "200.00"
    assert not BonusSheet.objects.exists() and not BonusRow.objects.exists()


def test_what_if_agrees_with_a_real_regeneration(org, api):
    give(org.rep, NOVEMBER, target=100000, actual=90000, day=2)
    give(org.teammate, NOVEMBER, target=100000, actual=105000, day=2)
    response = api(org.rep).post("/api/v1/statements/2026-11/what-if/", {"extra_sales": "40000"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["current"]["commission"] == "600.00" and body["current"]["top3_rank"] is None
    assert not BonusSheet.objects.exists()
    give(org.rep, NOVEMBER, actual=40000, day=3)
    row = row_of(bonus_sheet_generate(month=NOVEMBER), org.rep)
    assert body["what_if"]["commission"] == str(row.commission) and body["what_if"]["top3"] == str(row.top3)
    assert body["what_if"]["top3_rank"] == row.inputs["top3_rank"] == 1


def test_what_if_bad_input(org, api):
    url = "/api/v1/statements/2026-11/what-if/"
    response = api(org.rep).post(url, {"extra_sales": "-1"}, format="json")
    assert response.status_code == 400 and "extra_sales" in response.json()["detail"]
    assert api(org.rep).post(url, {"extra_sales": "abc"}, format="json").status_code == 400
    assert api(org.rep).post(url, {"extra_sales": "1e30"}, format="json").status_code == 400
    assert api(org.rep).post("/api/v1/statements/2026-10/what-if/", {"extra_sales": "1"}, format="json").status_code == 400
    assert not BonusSheet.objects.exists()


def test_statement_lists_payments_on_the_collected_basis(org, api):
    from customers.tests.factories import PaymentFactory, ReceivableFactory
    from incentives.models import IncentivePlan

    IncentivePlan.objects.filter(year=2026).update(commission_basis="collected")
    give(org.rep, Period(2026, month=9), target=100000, actual=110000)  # September at 110 %: the 4 % band
    contract = org.rep.contracts.get()
    receivable = ReceivableFactory(contract=contract, amount=D("110000"), due_on=date(2026, 10, 10))
    PaymentFactory(receivable=receivable, amount=D("50000"), paid_on=date(2026, 10, 12))
    give(org.rep, Period(2026, month=10), target=100000, actual=10000)  # October signed: 10 %, no band
    row = row_of(bonus_sheet_generate(month=Period(2026, month=10)), org.rep)
    assert row.commission == D("2000.00")  # 50,000 × 4 %
    body = api(org.rep).get("/api/v1/statements/2026-10/").json()
    assert body["payments"] == [{"contract": contract.number, "contract_month": "2026-09", "amount": "50000.00"}]
