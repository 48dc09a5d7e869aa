"""SPEC §13.1 for the bonus sheet (issue 8, the security audit): "a target of 0.01 or a contract of
999,999,999,999.99 made `generate/` and the monthly job answer 500 for everyone". Any figure the
input bounds allow is computed, stored, served and exported; adjustments are bounded either way
and never dated into a closed month; an implausible month is a 400, not a 500; finance never reads
the adjustments (403)."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import call_command

from common.models import ClosedMonth
from customers.tests.factories import ContractFactory
from incentives.models import BonusAdjustment, BonusRow, BonusSheet
from incentives.selectors.sheets import may_read_bonus_adjustments, may_see_bonuses
from incentives.services import bonus_sheet_approve, bonus_sheet_submit, month_close
from incentives.tasks import close_previous_month
from incentives.tests.factories import OCTOBER, give
from performance.models import Scorecard
from targets.tests.factories import make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SHEET_API = "/api/v1/bonus-sheets/2026-10/"
ADJUSTMENTS_API = "/api/v1/bonus-adjustments/"
LARGEST = D("100000000.00")
RATIO = "10000000000.00"  # 100,000,000.00 on a 1.00 target, in %


@pytest.fixture
def extreme(org):
    """Every rep at the smallest target with the largest contract, HR's largest adjustments."""
    for person in (org.rep, org.teammate, org.rep2, org.rep3):
        make_target("2026-10", "1.00", employee=person)
        ContractFactory(customer__owner=person, owner=person, amount=LARGEST, signed_on=date(2026, 10, 9))
    BonusAdjustment.objects.create(month=OCTOBER.start, employee=org.rep, amount=LARGEST, reason="max",
                                   entered_by=org.hr.user)
    BonusAdjustment.objects.create(month=OCTOBER.start, employee=org.teammate, amount=-LARGEST, reason="min",
                                   entered_by=org.hr.user)
    return org


def _assert_stored(org):
    card = Scorecard.objects.get(employee=org.rep, month=OCTOBER.start)
    assert card.attainment_pct == D(RATIO)
    row = BonusRow.objects.get(employee=org.rep)
    assert (row.target, row.actual, row.attainment) == (D("1.00"), LARGEST, D(RATIO))
    assert row.total == row.commission + row.top3 + row.adjustments + row.first_order + row.retention
    assert BonusRow.objects.get(employee=org.teammate).adjustments == -LARGEST


def test_generate_api_answers_200_at_the_bounds(extreme, api):
    response = api(extreme.hr).post(f"{SHEET_API}generate/")
    assert response.status_code == 200, response.content
    rep = next(r for r in response.json()["rows"] if r["employee"] == extreme.rep.pk)
    assert (rep["target"], rep["actual"], rep["attainment"]) == ("1.00", "100000000.00", RATIO)
    _assert_stored(extreme)
    assert api(extreme.director).get(SHEET_API).status_code == 200
    attainment = api(extreme.director).get("/api/v1/targets/attainment/", {"period": "2026-10"})
    assert attainment.status_code == 200
    assert next(r for r in attainment.json() if r["kind"] == "employee" and r["id"] == extreme.rep.pk)[
        "attainment"] == RATIO
    assert api(extreme.director).get("/api/v1/scorecards/", {"month": "2026-10"}).status_code == 200
    for file_format in ("xlsx", "csv"):
        assert api(extreme.hr).get(f"{SHEET_API}export/", {"format": file_format}).status_code == 200


def test_generate_page_and_sheet_page_at_the_bounds(extreme, page):
    response = page(extreme.hr).post("/bonus/2026-10/generate/")
    assert response.status_code == 302
    _assert_stored(extreme)
    html = page(extreme.hr).get("/bonus/2026-10/")
    assert html.status_code == 200 and "100,000,000.00" in html.content.decode()
    assert page(extreme.rep).get("/my-bonus/").status_code == 200
    assert page(extreme.director).get("/targets/", {"period": "2026-10"}).status_code == 200


def test_monthly_job_and_command_at_the_bounds(extreme):
    result = close_previous_month()  # the beat job of 1 November closes October
    assert result["month"] == "2026-10" and result["rows"] >= 4
    _assert_stored(extreme)
    call_command("close_month", "2026-10")  # regenerating is idempotent
    _assert_stored(extreme)


def test_export_carries_the_largest_ratio_as_a_number(extreme, api):
    month_close(month=OCTOBER)
    response = api(extreme.hr).get(f"{SHEET_API}export/", {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    rep = next(r for r in rows[1:-1] if r[header.index("Employee number")] == "R0001")
    assert rep[header.index("Attainment %")] == 10000000000


# --- adjustments: bounded either way, never in a closed month -------------------------------------


@pytest.mark.parametrize(("amount", "status"), [
    ("100000000.00", 201), ("-100000000.00", 201), ("100000000.01", 400), ("-100000000.01", 400),
    ("999999999999.99", 400), ("1E+999999999", 400), ("NaN", 400), ("0.00", 400),
])
def test_api_adjustment_amount_edges(org, api, amount, status):
    body = {"month": "2026-10", "employee": org.rep.pk, "amount": amount, "reason": "Correction"}
    response = api(org.hr).post(ADJUSTMENTS_API, body, format="json")
    assert response.status_code == status, response.content
    if status == 400:
        assert "amount" in response.json()["errors"] and not BonusAdjustment.objects.exists()


@pytest.mark.parametrize(("amount", "status"), [("100000000.00", 302), ("-100000000.00", 302),
                                                ("100000000.01", 400), ("-100000000.01", 400)])
def test_page_adjustment_amount_edges(org, page, amount, status):
    body = {"employee": org.rep.pk, "amount": amount, "reason": "Correction"}
    response = page(org.hr).post("/bonus/2026-10/adjustments/", body)
    assert response.status_code == status
    if status == 400:
        assert "amount" in response.context["adjustment_form"].errors
        assert "100,000,000.00" in response.content.decode()
        assert not BonusAdjustment.objects.exists()


def test_adjustments_for_a_closed_month_are_409_naming_the_month(org, api, page):
    give(org.rep, target=100000, actual=130000)
    month_close(month=OCTOBER)
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert ClosedMonth.objects.filter(month=OCTOBER.start).exists()
    body = {"month": "2026-10", "employee": org.rep.pk, "amount": "100.00", "reason": "Late"}
    response = api(org.hr).post(ADJUSTMENTS_API, body, format="json")
    assert response.status_code == 409 and "2026-10" in response.json()["detail"]
    response = page(org.hr).post("/bonus/2026-10/adjustments/", {k: v for k, v in body.items() if k != "month"})
    assert response.status_code == 409 and "2026-10" in response.content.decode()
    assert not BonusAdjustment.objects.exists()


def test_a_closed_month_without_a_sheet_refuses_adjustments_too(org, api):
    ClosedMonth.objects.create(month=OCTOBER.start)
    body = {"month": "2026-10", "employee": org.rep.pk, "amount": "100.00", "reason": "Late"}
    response = api(org.hr).post(ADJUSTMENTS_API, body, format="json")
    assert response.status_code == 409 and "2026-10" in response.json()["detail"]


# --- implausible months ------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["0000-01", "0001-01", "2101-12", "0000-00"])
def test_api_implausible_months_are_400(org, api, month):
    give(org.rep, target=100000, actual=130000)
    month_close(month=OCTOBER)
    base = f"/api/v1/bonus-sheets/{month}/"
    for who, method, path, params in (
        ("hr", "get", base, None),
        ("hr", "get", f"{base}export/", {"format": "xlsx"}),
        ("hr", "post", f"{base}generate/", None),
        ("hr", "post", f"{base}submit/", None),
        ("hr", "post", f"{base}reopen/", None),
        ("director", "post", f"{base}approve/", None),
        ("hr", "get", ADJUSTMENTS_API, {"month": month}),
    ):
        response = getattr(api(getattr(org, who)), method)(path, params)
        assert response.status_code == 400, (method, path, response.content)
        assert "month" in response.json()["errors"]
    body = {"month": month, "employee": org.rep.pk, "amount": "1.00", "reason": "x"}
    response = api(org.hr).post(ADJUSTMENTS_API, body, format="json")
    assert response.status_code == 400 and "month" in response.json()["errors"]
    assert BonusSheet.objects.count() == 1 and not BonusAdjustment.objects.exists()


@pytest.mark.parametrize("month", ["0000-01", "0001-01", "2101-12"])
def test_pages_implausible_months_are_400(org, page, month):
    client = page(org.hr)
    assert client.get("/bonus/", {"month": month}).status_code == 400
    assert client.get(f"/bonus/{month}/").status_code == 400
    assert client.get(f"/bonus/{month}/export.xlsx").status_code == 400
    assert client.post(f"/bonus/{month}/generate/").status_code == 400
    assert client.post(f"/bonus/{month}/adjustments/", {"employee": org.rep.pk, "amount": "1.00",
                                                       "reason": "x"}).status_code == 400
    assert not BonusSheet.objects.exists() and not BonusAdjustment.objects.exists()


@pytest.mark.parametrize("year", ["0000", "0001", "1999", "2101", "20261"])
def test_annual_lists_implausible_year_is_400(org, page, year):
    assert page(org.hr).get("/annual-lists/", {"year": year}).status_code == 400


# --- lists finance never reads -----------------------------------------------------------------------


def test_may_read_by_role(org):
    for check in (may_see_bonuses, may_read_bonus_adjustments):
        assert [check(getattr(org, who).user) for who in ("rep", "sup1", "director", "hr", "finance")] == [
            True, True, True, True, False]
        assert check(org.admin)


def test_finance_gets_403_on_every_bonus_list(org, api, page):
    give(org.rep, target=100000, actual=130000)
    month_close(month=OCTOBER)
    for path in (ADJUSTMENTS_API, "/api/v1/bonus-sheets/", SHEET_API, f"{ADJUSTMENTS_API}?month=2026-10"):
        response = api(org.finance).get(path)
        assert response.status_code == 403 and response.json()["detail"], path
        assert api(org.hr).get(path).status_code == 200, path
    for path in ("/bonus/", "/bonus/2026-10/", "/my-bonus/", "/annual-lists/"):
        assert page(org.finance).get(path).status_code == 403, path
        assert page(org.hr).get(path).status_code == 200, path
