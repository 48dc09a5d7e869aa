"""The writers escape every cell exactly as `common.spreadsheets.escape_formula` does (its fast path
for plain text included)."""

import io
from decimal import Decimal

import openpyxl
import pytest

from common.spreadsheets import escape_formula
from exports.writers import csv_lines, safe_row, write_xlsx

CELLS = ["plain", "", "=SUM(A1)", "+86", "-1", "@x", "\tx", "\rx", "a=b", "Ac\x0bme", "\x0b=1+2", "line\nbreak",
         "tab\tinside", "para\u2028sep", "中文", "\x00", 5, Decimal("1.50"), None, True]


@pytest.mark.parametrize("value", CELLS)
def test_safe_row_is_escape_formula(value):
    assert safe_row([value]) == [escape_formula(value)]


def test_csv_starts_with_a_bom_and_streams_in_chunks():
    chunks = list(csv_lines(["a", "b"], ([str(n), "=x"] for n in range(20000))))
    assert chunks[0] == "\ufeff" and len(chunks) > 3
    text = "".join(chunks)
    assert text.startswith("\ufeffa,b\r\n0,'=x\r\n") and text.count("\r\n") == 20001


def test_xlsx_sheet_title_is_cut_to_excels_31_characters():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["h"], [["=1"]], sheet_title="x" * 40)
    sheet = openpyxl.load_workbook(buffer).active
    assert sheet.title == "x" * 31 and sheet["A2"].value == "'=1"
