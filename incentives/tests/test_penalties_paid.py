"""Penalties (SPEC §5.10), the awards column in totals and exports, plan validation of the award
numbers, and the sheet's last state `paid` (§5.4)."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from common import phrases
from common.exceptions import ApplicationError, Conflict, NotAllowed
from incentives.models import BonusSheet, IncentivePlan, SheetStatus
from incentives.selectors.awards import promotion_marks
from incentives.services import bonus_sheet_generate, bonus_sheet_mark_paid, incentive_plan_save, month_close
from incentives.tests.factories import OCTOBER, SEPTEMBER, give, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def escalated_plan(employee, *, pct):
    from performance.models import CoachingPlan

    return CoachingPlan.objects.create(employee=employee, month=date(2026, 8, 1), consecutive_months=3,
                                       escalated_to_manager=True, escalated_for_month=date(2026, 9, 1),
                                       bonus_reduction_pct=D(pct))


def test_the_plans_reduction_is_applied_to_commission_and_explained(org):
    escalated_plan(org.rep, pct="25")
    give(org.rep, target=100000, actual=80000)  # 20,000 × 2 % = 400.00
    row = row_of(bonus_sheet_generate(month=OCTOBER), org.rep)
    assert row.commission == D("300.00") and row.inputs["bonus_reduction_pct"] == "25.00"
    assert "bonus reduction of the escalated coaching plan −25 %: 400.00 → 300.00" in phrases.render(row.explanation["commission"])
    assert promotion_marks(employee_ids=[org.rep.pk], as_of=date(2026, 11, 5)) == {org.rep.pk: ["promotion_on_hold"]}


def test_a_month_at_target_lifts_the_penalty(org):
    escalated_plan(org.rep, pct="25")
    give(org.rep, target=100000, actual=130000)
    month_close(month=OCTOBER)  # the October scorecard at 130 % lifts the plan's effects
    assert row_of(BonusSheet.objects.get(), org.rep).commission == D("2200.00")
    assert promotion_marks(employee_ids=[org.rep.pk], as_of=date(2026, 11, 5)) == {}


def test_awards_column_in_totals_and_xlsx(org, api):
    for month in ("2026-07", "2026-08", "2026-09"):
        from common.periods import Period

        give(org.rep, Period.parse_month(month), target=100000, actual=120000)
    bonus_sheet_generate(month=SEPTEMBER)
    body = api(org.hr).get("/api/v1/bonus-sheets/2026-09/").json()
    assert body["totals"]["awards"] == "6000.00"
    assert next(r for r in body["rows"] if r["employee"] == org.rep.pk)["awards"] == "6000.00"
    xlsx = api(org.hr).get("/api/v1/bonus-sheets/2026-09/export/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Awards") + 1
    assert sheet.cell(row=sheet.max_row, column=column).value == 6000


@pytest.mark.parametrize("field", ["sales_star_amount", "champion_amount", "long_service_10_amount",
                                   "service_min_surveys", "sales_star_min_attainment_pct"])
def test_negative_award_numbers_are_refused_naming_the_field(org, field):
    plan = IncentivePlan.objects.get(year=2026)
    setattr(plan, field, -1)
    with pytest.raises(ValidationError) as exc:
        incentive_plan_save(plan=plan)
    assert field in exc.value.message_dict
    assert getattr(IncentivePlan.objects.get(year=2026), field) >= 0


@pytest.fixture
def exported(org, sheet):
    BonusSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.EXPORTED)
    return sheet


def test_hr_records_the_payout(org, api, exported):
    response = api(org.hr).post("/api/v1/bonus-sheets/2026-10/pay/", {"payroll_reference": "PR-2026-10",
                                                                      "paid_on": "2026-11-03"}, format="json")
    assert response.status_code == 200, response.json()
    sheet = BonusSheet.objects.get()
    assert (sheet.status, sheet.payroll_reference, sheet.paid_on) == ("paid", "PR-2026-10", date(2026, 11, 3))
    assert phrases.render(sheet.transitions.last().system_note) == "Paid by payroll run PR-2026-10 on 2026-11-03."


def test_payout_bad_input_and_rights(org, api, exported):
    url = "/api/v1/bonus-sheets/2026-10/pay/"
    assert api(org.hr).post(url, {"payroll_reference": " ", "paid_on": "2026-11-03"}, format="json").status_code == 400
    assert api(org.hr).post(url, {"payroll_reference": "PR", "paid_on": "2026-09-30"}, format="json").status_code == 400
    assert api(org.hr).post(url, {"payroll_reference": "PR", "paid_on": "2030-01-01"}, format="json").status_code == 400
    assert api(org.director).post(url, {"payroll_reference": "PR", "paid_on": "2026-11-03"}, format="json").status_code == 403
    assert BonusSheet.objects.get().status == SheetStatus.EXPORTED


def test_only_an_exported_sheet_is_paid(org, sheet):
    with pytest.raises(Conflict):
        bonus_sheet_mark_paid(month=OCTOBER, actor=org.hr.user, payroll_reference="PR", paid_on=date(2026, 11, 3))
    with pytest.raises(NotAllowed):
        bonus_sheet_mark_paid(month=OCTOBER, actor=org.rep.user, payroll_reference="PR", paid_on=date(2026, 11, 3))
    with pytest.raises(ApplicationError):
        bonus_sheet_mark_paid(month=OCTOBER, actor=org.hr.user, payroll_reference="", paid_on=date(2026, 11, 3))


def test_a_paid_sheet_is_locked(org, exported):
    bonus_sheet_mark_paid(month=OCTOBER, actor=org.hr.user, payroll_reference="PR", paid_on=date(2026, 11, 3))
    assert BonusSheet.objects.get().is_locked
    with pytest.raises(Conflict):
        bonus_sheet_generate(month=OCTOBER)
