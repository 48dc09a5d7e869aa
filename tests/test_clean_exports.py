"""SPEC §13.1 "Text is clean", the export side: a control character stored before input refused
it (written here straight to the database) made every xlsx export a 500, for the director too.
Exports strip it (`common.spreadsheets.escape_formula`) and still escape formulas."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine

from common.periods import Period
from customers.tests.factories import CustomerFactory, FollowUpFactory
from incentives.services import month_close
from targets.tests.factories import make_sale, make_target

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cells(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(getattr(response, "streaming_content", None)
                                                      or [response.content]))).active
    return [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)]


@pytest.fixture
def dirty(org):
    customer = CustomerFactory(owner=org.rep, name="Acme\x0bCo", contact_name="\x0b=1+2")
    FollowUpFactory(customer=customer, content="Called\x0b about\x1c it\x1b.", feedback="ok\r\nthen\tmore")
    return customer


def test_director_exports_customers_as_xlsx_with_control_characters_stripped(org, page, dirty):
    values = cells(page(org.director).get("/customers/export/", {"format": "xlsx"}))
    assert "AcmeCo" in values
    assert "'=1+2" in values  # stripped first, then escaped as a formula
    assert not any("\x0b" in value for value in values)


def test_director_exports_follow_ups_as_xlsx_and_csv(org, page, dirty):
    values = cells(page(org.director).get("/follow-ups/export/", {"format": "xlsx"}))
    assert "Called about it." in values and "AcmeCo" in values
    assert "ok\nthen\tmore" in values or "ok\r\nthen\tmore" in values  # line breaks and tabs stay
    csv = b"".join(page(org.director).get("/follow-ups/export/", {"format": "csv"}).streaming_content).decode()
    assert "Called about it." in csv and "\x0b" not in csv and "\x00" not in csv


def test_bonus_sheet_export_survives_a_control_character_in_a_name(org, api):
    org.rep.name = "Wang\x0bFang"
    org.rep.save()
    org.east1.name = "East\x1b-1"
    org.east1.save()
    with time_machine.travel("2026-11-05 10:00 +08:00", tick=False):
        make_target("2026-10", 100000, employee=org.rep)
        make_sale(org.rep, 130000, date(2026, 10, 15))
        month_close(month=Period(2026, month=10))
        for who in (org.director, org.hr):
            values = cells(api(who).get("/api/v1/bonus-sheets/2026-10/export/", {"format": "xlsx"}))
            assert "WangFang" in values
            assert not any("\x0b" in value or "\x1b" in value for value in values)
            csv = api(who).get("/api/v1/bonus-sheets/2026-10/export/", {"format": "csv"})
            assert csv.status_code == 200 and "WangFang" in csv.content.decode("utf-8-sig")
