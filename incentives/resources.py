"""HR's export of a bonus sheet (SPEC §5.4): xlsx and csv, one line per row, a totals line at the
bottom. Rows go straight from one `values_list()` query into the csv writer or a write-only
openpyxl workbook (issue 11: 1,100 rows well under 2 s), not through django-import-export's
per-field export path. Text cells that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) get a leading single quote (`common.spreadsheets.escape_formula`);
amount columns stay real numbers (Decimal → numeric cells, negative adjustments included) so HR can
sum them. The rows' name/number/team/role are copied onto the row, so the export is one query.

Headers, roles and the totals label are in the exporter's language (the request's). The xlsx
worksheet is named after the month ("2026-10"), amounts carry the number format `#,##0.00`,
attainment `#,##0.00 "%"` (the value stays 130.00 for 130 %, as in the csv and the API), the
header row and the person columns stay in view when scrolling."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.spreadsheets import FORMULA_PREFIXES, escape_formula  # noqa: F401 (re-exported)
from incentives.models import MONEY_COLUMNS, BonusSheet
from incentives.phrases import COLUMN_LABELS
from teams.models import Role

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TEXT_COLUMNS = ("number", "name", "team", "role")
#: The exported columns in order, with their headers (the figures' as on the page, the top-3
#: column under its shorter export header).
COLUMNS = {
    "number": pgettext_lazy("bonus sheet column", "Employee number"),
    "name": pgettext_lazy("bonus sheet column", "Name"),
    "team": pgettext_lazy("bonus sheet column", "Team"),
    "role": pgettext_lazy("bonus sheet column", "Role"),
    **COLUMN_LABELS,
    "top3": pgettext_lazy("bonus sheet column", "Top-3 bonus"),
}
#: The xlsx number format of each numeric column.
MONEY_FORMAT = "#,##0.00"
NUMBER_FORMATS = {"target": MONEY_FORMAT, "actual": MONEY_FORMAT, "attainment": '#,##0.00" %"',
                  "composite": "0.00", "rank": "0", **dict.fromkeys(MONEY_COLUMNS, MONEY_FORMAT)}
COLUMN_WIDTHS = {"number": 10, "name": 18, "team": 16, "role": 12}


def bonus_sheet_table(rows: QuerySet) -> tuple[list[str], list[list], list]:
    """(headers, body lines, totals line) of the rows by employee number: one query; text cells
    formula-safe, roles in the reader's language, money columns summed exactly."""
    names = list(COLUMNS)
    role_index, money_indexes = names.index("role"), [names.index(name) for name in MONEY_COLUMNS]
    text_indexes = [names.index(name) for name in TEXT_COLUMNS]
    roles = {code: force_str(label) for code, label in Role.choices}
    totals = dict.fromkeys(money_indexes, Decimal("0.00"))
    body = []
    for values in rows.order_by("number").values_list(*names):
        line = list(values)
        line[role_index] = roles.get(line[role_index], line[role_index])
        for index in text_indexes:
            line[index] = escape_formula(line[index])
        for index in money_indexes:
            totals[index] += line[index]
        body.append(line)
    total_line = [totals.get(index) for index in range(len(names))]
    total_line[names.index("name")] = pgettext("bonus sheet column", "Total")
    headers = [escape_formula(force_str(label)) for label in COLUMNS.values()]
    return headers, body, total_line


def bonus_sheet_csv(headers: list[str], body: list[list], total_line: list) -> bytes:
    """With a BOM so spreadsheet programs read the Chinese names as UTF-8; no value → empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in (headers, *body, total_line):
        writer.writerow(["" if value is None else value for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def bonus_sheet_xlsx(headers: list[str], body: list[list], total_line: list, *, title: str) -> bytes:
    """A write-only workbook HR can read and sum: one worksheet named `title`, bold header (kept in
    view with the number and name columns), numeric cells with their number formats, a bold totals
    line."""
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(title)
    names = list(COLUMNS)
    for index, name in enumerate(names, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(name, 14)
    worksheet.freeze_panes = "C2"
    formats = [NUMBER_FORMATS.get(name) for name in names]
    bold = Font(bold=True)

    def cells(line, *, strong: bool):
        for value, number_format in zip(line, formats, strict=True):
            cell = WriteOnlyCell(worksheet, value=value)
            if number_format:
                cell.number_format = number_format
            if strong:
                cell.font = bold
            yield cell

    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(worksheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    for line in body:
        worksheet.append(list(cells(line, strong=False)))
    worksheet.append(list(cells(total_line, strong=True)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bonus_sheet_file_name(sheet: BonusSheet, file_format: str) -> str:
    suffix = "" if sheet.is_locked else f"-{sheet.status}"
    return f"salesops-bonus-{sheet.month:%Y-%m}{suffix}.{file_format}"


def bonus_sheet_export(*, sheet: BonusSheet, rows: QuerySet, file_format: str) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the sheet as xlsx or csv."""
    table = bonus_sheet_table(rows)
    if file_format == "xlsx":
        content = bonus_sheet_xlsx(*table, title=f"{sheet.month:%Y-%m}")
    else:
        content = bonus_sheet_csv(*table)
    return bonus_sheet_file_name(sheet, file_format), EXPORT_FORMATS[file_format], content
