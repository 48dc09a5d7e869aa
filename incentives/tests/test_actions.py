"""Issue 9, the sheet's actions: approving asks for a ticked confirmation (no JavaScript needed);
Generate is offered only for a month that may be generated (`may_generate`, asked by the page and
enforced by page and API alike); a refused action re-renders the sheet with the message at its
form and the input kept; HR is never offered herself for an adjustment and is refused at the field.
Also the month picker and the xlsx layout (worksheet named after the month, number formats)."""

import io
from decimal import Decimal as D

import openpyxl
import pytest

from common.models import ClosedMonth
from common.periods import Period
from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
from incentives.services import (
    bonus_adjustment_create,
    bonus_sheet_approve,
    bonus_sheet_submit,
    may_adjust,
    may_generate,
    may_move_sheet,
)
from incentives.tests.factories import OCTOBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SHEET = "/bonus/2026-10/"
RUNNING = Period(2026, month=11)  # the frozen clock is 2026-11-05


@pytest.fixture
def submitted(org, sheet):
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    return sheet


def form_of(html: str, action: str) -> str:
    start = html.index(f'action="/bonus/2026-10/{action}/"')
    return html[html.rindex("<form", 0, start):html.index("</form>", start)]


# --- approve and close the month: a confirmation that needs no JavaScript -------------------------

def test_the_approve_form_has_a_required_labelled_confirmation_box(org, page, submitted):
    html = page(org.director).get(SHEET).content.decode()
    form = form_of(html, "approve")
    assert 'type="checkbox" name="confirm"' in form and " required" in form
    assert "<label" in form and "close the month for good" in form  # the box's label says what happens
    assert "onclick" not in form


def test_approving_without_the_ticked_box_changes_nothing_and_says_why_at_the_box(org, page, submitted):
    response = page(org.director).post(SHEET + "approve/", {"note": "looks right"})
    assert response.status_code == 400
    assert BonusSheet.objects.get().status == SheetStatus.SUBMITTED
    assert not ClosedMonth.objects.exists()
    form = form_of(response.content.decode(), "approve")
    assert "Tick the box to confirm" in form and 'aria-invalid="true"' in form
    assert 'value="looks right"' in form  # the note is kept
    response = page(org.director).post(SHEET + "approve/", {"confirm": "on", "note": "looks right"})
    assert response.status_code == 302
    assert BonusSheet.objects.get().status == SheetStatus.APPROVED
    assert BonusSheet.objects.get().transitions.last().note == "looks right"


def test_the_api_approves_without_the_pages_box(org, api, submitted):
    assert api(org.director).post("/api/v1/bonus-sheets/2026-10/approve/").status_code == 200


def test_a_director_approving_their_own_pay_sees_the_sheet_with_the_message_once(org, page, submitted):
    from incentives.services import bonus_sheet_reopen

    bonus_sheet_reopen(month=OCTOBER, actor=org.hr.user)
    bonus_adjustment_create(month=OCTOBER, employee=org.director, amount=D("800"), reason="Fair host",
                            actor=org.hr.user)
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    assert not may_move_sheet(sheet=BonusSheet.objects.get(), action="approve", actor=org.director.user)
    html = page(org.director).get(SHEET).content.decode()
    assert 'action="/bonus/2026-10/approve/"' not in html  # not offered
    response = page(org.director).post(SHEET + "approve/", {"confirm": "on"})
    assert response.status_code == 403
    assert BonusSheet.objects.get().status == SheetStatus.SUBMITTED


# --- generate: not offered for the running month ---------------------------------------------------

def test_may_generate_only_a_finished_open_draft_month(org, sheet):
    hr = org.hr.user
    assert may_generate(month=OCTOBER, actor=hr)
    assert not may_generate(month=RUNNING, actor=hr)  # unfinished
    assert not may_generate(month=OCTOBER, actor=org.rep.user)
    bonus_sheet_submit(month=OCTOBER, actor=hr)
    assert not may_generate(month=OCTOBER, actor=hr)  # submitted
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert not may_generate(month=OCTOBER, actor=hr)  # closed


def test_the_running_month_offers_no_generate_button(org, page):
    html = page(org.hr).get("/bonus/2026-11/").content.decode()
    assert "/bonus/2026-11/generate/" not in html
    assert "Generate draft" not in html and "once the month has ended" in html
    html = page(org.hr).get(SHEET).content.decode()
    assert 'action="/bonus/2026-10/generate/"' in html


def test_generating_the_running_month_shows_the_sheet_with_the_reason_once(org, page, api):
    response = page(org.hr).post("/bonus/2026-11/generate/")
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("has not ended yet") == 1
    assert "Bonus sheet" in html and 'role="alert"' in html  # the sheet page, not a separate error page
    assert not BonusSheet.objects.exists()
    body = api(org.hr).post("/api/v1/bonus-sheets/2026-11/generate/").json()
    assert body["errors"]["month"] and "has not ended yet" in body["detail"]


def test_submitting_twice_shows_the_sheet_with_the_conflict(org, page, submitted):
    response = page(org.hr).post(SHEET + "submit/")
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("it is Submitted") + html.count("it is submitted") == 1
    assert "Send back to draft" in html  # still the sheet, with what may be done now


def test_a_role_that_never_acts_still_gets_403(org, page, submitted):
    assert page(org.rep).post(SHEET + "approve/").status_code == 403
    assert page(org.sup1).post(SHEET + "approve/", {"confirm": "on"}).status_code == 403
    assert page(org.manager).post(SHEET + "adjustments/", {}).status_code == 403


# --- adjustments -----------------------------------------------------------------------------------

def test_hr_is_never_offered_herself(org, page, sheet):
    html = page(org.hr).get(SHEET).content.decode()
    select = html[html.index('name="employee"'):html.index("</select>", html.index('name="employee"'))]
    assert f'value="{org.rep.pk}"' in select
    assert f'value="{org.hr.pk}"' not in select


def test_hr_picking_herself_is_refused_at_the_field_and_keeps_the_input(org, page, sheet):
    response = page(org.hr).post(SHEET + "adjustments/", {"employee": org.hr.pk, "amount": "300", "reason": "Bonus"})
    assert response.status_code == 400
    html = response.content.decode()
    field = html[html.rindex("<label", 0, html.index('name="employee"')):html.index("</label>", html.index('name="employee"'))]
    assert "never yourself" in field
    assert 'value="300"' in html and 'value="Bonus"' in html
    assert not BonusAdjustment.objects.exists()


def test_the_api_refuses_hr_herself_naming_the_employee(org, api, sheet):
    response = api(org.hr).post("/api/v1/bonus-adjustments/", {
        "month": "2026-10", "employee": org.hr.pk, "amount": "300", "reason": "Bonus"}, format="json")
    assert response.status_code == 403
    assert "employee" in response.json()["errors"]
    assert not BonusAdjustment.objects.exists()


def test_adjusting_a_submitted_sheet_keeps_the_input_with_the_conflict(org, page, submitted):
    # the form is not offered for a submitted sheet; a post from a page opened earlier is refused
    assert not may_adjust(month=OCTOBER, actor=org.hr.user)
    assert "Record adjustment" not in page(org.hr).get(SHEET).content.decode()
    response = page(org.hr).post(SHEET + "adjustments/", {"employee": org.rep.pk, "amount": "300", "reason": "Fair"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "reopen it before adjusting" in html and 'value="Fair"' in html and 'value="300"' in html
    assert not BonusAdjustment.objects.exists()


def test_an_adjustment_in_a_closed_month_keeps_the_input(org, page, sheet):
    ClosedMonth.objects.create(month=OCTOBER.start)
    response = page(org.hr).post(SHEET + "adjustments/", {"employee": org.rep.pk, "amount": "-20", "reason": "Late"})
    assert response.status_code == 409
    assert "is closed" in response.content.decode() and 'value="Late"' in response.content.decode()


# --- the month picker ------------------------------------------------------------------------------

def test_the_month_picker_is_an_iso_month_input_in_every_language(org, page):
    from django.conf import settings

    client = page(org.hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get("/bonus/").content.decode()
    assert 'type="month" name="month" value="2026-10"' in html


def test_a_bad_month_in_the_picker_is_shown_at_the_field_with_the_input(org, page):
    response = page(org.hr).get("/bonus/?month=2026-13")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="2026-13"' in html and "“2026-13” is not a period" in html
    assert 'aria-describedby="id_month_error"' in html and 'id="id_month_error"' in html


# --- the xlsx ---------------------------------------------------------------------------------------

def test_the_xlsx_is_named_after_the_month_with_number_formats(org, page, sheet):
    bonus_adjustment_create(month=OCTOBER, employee=org.teammate, amount=D("-250.50"), reason="Advance",
                            actor=org.hr.user)
    workbook = openpyxl.load_workbook(io.BytesIO(page(org.hr).get(SHEET + "export.xlsx").content))
    assert workbook.sheetnames == ["2026-10"]
    worksheet = workbook["2026-10"]
    headers = [cell.value for cell in worksheet[1]]
    column = {name: headers.index(name) + 1 for name in headers}
    rep = next(r for r in range(2, worksheet.max_row) if worksheet.cell(row=r, column=1).value == "R0001")
    teammate = next(r for r in range(2, worksheet.max_row) if worksheet.cell(row=r, column=1).value == "R0002")
    for name in ("Target", "Actual sales", "Commission", "Top-3 bonus", "Adjustments", "Total"):
        cell = worksheet.cell(row=rep, column=column[name])
        assert cell.number_format == "#,##0.00", name
        assert isinstance(cell.value, int | float), name  # a real number HR can sum
    assert worksheet.cell(row=rep, column=column["Commission"]).value == 2200
    assert worksheet.cell(row=teammate, column=column["Adjustments"]).value == -250.5
    attainment = worksheet.cell(row=rep, column=column["Attainment %"])
    assert attainment.value == 130 and attainment.number_format == '#,##0.00" %"'
    assert worksheet.cell(row=rep, column=column["Rank"]).number_format == "0"
    totals = worksheet.max_row
    assert worksheet.cell(row=totals, column=2).value == "Total"
    assert worksheet.cell(row=totals, column=column["Total"]).number_format == "#,##0.00"
    assert worksheet.cell(row=1, column=1).font.bold and worksheet.freeze_panes == "C2"
