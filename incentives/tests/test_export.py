"""HR's export read back: numeric amounts, totals, formula escaping, file names, query count."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from incentives.models import BonusRow, BonusSheet
from incentives.resources import escape_formula
from incentives.services import bonus_adjustment_create, bonus_sheet_approve, bonus_sheet_submit, month_close
from incentives.services.plans import incentive_plan_for_year
from incentives.tests.factories import OCTOBER, give
from teams.models import Employee, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

URL = "/api/v1/bonus-sheets/2026-10/export/"


@pytest.fixture
def approved(org):
    org.rep.name = '=HYPERLINK("http://evil.example","click")'
    org.rep.save()
    org.teammate.name = "-x"
    org.teammate.save()
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    month_close(month=OCTOBER)
    bonus_adjustment_create(month=OCTOBER, employee=org.teammate, amount=D("-250.50"), reason="+1 advance",
                            actor=org.hr.user)
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    return bonus_sheet_approve(month=OCTOBER, actor=org.director.user)


@pytest.mark.parametrize(("text", "escaped"), [("=1+2", "'=1+2"), ("+86 138", "'+86 138"), ("-x", "'-x"),
                                               ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                               ("Li Lei", "Li Lei"), ("王芳", "王芳"), ("", "")])
def test_escape_formula(text, escaped):
    assert escape_formula(text) == escaped


def test_xlsx_read_back(org, api, approved):
    response = api(org.hr).get(URL + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="salesops-bonus-2026-10.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    column = {name: header.index(name) for name in header}
    by_number = {row[column["Employee number"]]: row for row in body}
    rep, teammate = by_number["R0001"], by_number["R0002"]
    assert rep[column["Name"]] == '\'=HYPERLINK("http://evil.example","click")'
    assert teammate[column["Name"]] == "'-x"
    for cell in sheet.iter_rows():  # nothing the spreadsheet would run
        for c in cell:
            assert c.data_type != "f"
    assert isinstance(rep[column["Commission"]], (int, float)) and rep[column["Commission"]] == 2200
    assert teammate[column["Adjustments"]] == -250.5
    assert isinstance(teammate[column["Adjustments"]], float)
    assert totals[column["Name"]] == "Total"
    expected_total = sum(BonusRow.objects.values_list("total", flat=True))
    assert D(str(totals[column["Total"]])) == expected_total
    assert D(str(totals[column["Adjustments"]])) == D("-250.50")
    assert len(body) == BonusRow.objects.count()


def test_csv_read_back(org, api, approved):
    response = api(org.hr).get(URL + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="salesops-bonus-2026-10.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    column = {name: header.index(name) for name in header}
    by_number = {row[column["Employee number"]]: row for row in body}
    assert by_number["R0001"][column["Name"]].startswith("'=HYPERLINK")
    assert by_number["R0002"][column["Name"]] == "'-x"
    assert by_number["R0002"][column["Adjustments"]] == "-250.50"  # a number, not escaped text
    assert by_number["R0001"][column["Commission"]] == "2200.00"
    assert totals[column["Name"]] == "Total"
    assert D(totals[column["Total"]]) == sum(D(row[column["Total"]]) for row in body)


def test_draft_export_file_name_says_draft(org, api):
    give(org.rep, target=100000, actual=130000)
    month_close(month=OCTOBER)
    response = api(org.hr).get(URL + "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="salesops-bonus-2026-10-draft.csv"'


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("director", 200), ("admin", 200), ("rep", 403),
                                             ("sup1", 403), ("manager", 403), ("finance", 403)])
def test_export_rights(org, api, approved, who, status):
    assert api(getattr(org, who)).get(URL + "?format=xlsx").status_code == status


def test_export_bad_format_and_month(org, api, approved):
    response = api(org.hr).get(URL + "?format=pdf")
    assert response.status_code == 400 and "format" in response.json()["errors"]
    assert api(org.hr).get("/api/v1/bonus-sheets/2026-99/export/?format=csv").status_code == 400


def test_1100_rows_export_without_a_query_per_row(org, api, django_assert_max_num_queries):
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bulk{i}") for i in range(1100)])
    employees = Employee.objects.bulk_create([
        Employee(user=user, number=f"B{i:05d}", name=f"Rep {i}", role=Role.REP, org_unit=org.east1,
                 hire_date=date(2024, 1, 1)) for i, user in enumerate(users)])
    sheet = BonusSheet.objects.create(month=OCTOBER.start, plan=incentive_plan_for_year(year=2026), status="approved")
    BonusRow.objects.bulk_create([
        BonusRow(sheet=sheet, employee=e, number=e.number, name=e.name, team="East-1", role="rep",
                 commission=D("100.00"), adjustments=D("-1.00"), total=D("99.00")) for e in employees])
    with django_assert_max_num_queries(8):
        response = api(org.director).get(URL + "?format=xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 1100 + 1
    assert rows[-1][rows[0].index("Total")] == 1100 * 99
