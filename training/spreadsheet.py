"""HR's training overview as an xlsx workbook: write-only openpyxl, rates as numbers (`0.00`),
every text cell formula-safe (`common.spreadsheets.escape_formula`)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from common.periods import Period
from common.spreadsheets import escape_formula

PERCENT = "0.00"


def _row(sheet, values, *, bold=False, percent_columns=()):
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=escape_formula(value))
        if index in percent_columns and value is not None:
            cell.number_format = PERCENT
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def overview_xlsx(rows: list[dict], *, month: Period) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(escape_formula(_("Training"))[:31])
    _row(sheet, [f"{_('Training overview')} · {month}"], bold=True)
    _row(sheet, [_("Team"), pgettext("training", "Sessions"), _("Members"), _("Present at a session"), _("Completion %"),
                 _("Assessed"), _("Passed"), _("Pass rate %"), _("Unexcused absences")], bold=True)
    for row in rows:
        _row(sheet, [row["team"].name, row["sessions"], row["members"], row["present"], row["completion_pct"],
                     row["assessed"], row["passed"], row["pass_pct"], row["absences"]], percent_columns=(4, 7))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_file_name(month: Period) -> str:
    return f"salesops-training-{month}.xlsx"
