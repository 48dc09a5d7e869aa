"""The spend report as an xlsx workbook (SPEC §7): one sheet per table of the page, in the reader's
language, every cell formula-safe (`common.spreadsheets.escape_formula`), amounts as numbers."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.spreadsheets import escape_formula
from expenses.selectors import SpendReport


def safe_row(values) -> list:
    return [escape_formula(value) for value in values]


def spend_report_file_name(report: SpendReport) -> str:
    return f"spend-{report.unit.pk}-{report.period}.xlsx"


def spend_report_xlsx(report: SpendReport) -> bytes:
    workbook = Workbook(write_only=True)
    by_unit = workbook.create_sheet(_("By unit")[:31])
    by_unit.append(safe_row([_("Unit"), _("Category"), _("Period"), _("Spend"), _("Budget"), _("Left")]))
    labels = dict(report.categories)
    for unit, cells, total in report.by_unit:
        for code, cell in cells.items():
            by_unit.append(safe_row([unit.name, str(labels[code]), str(report.period), cell.spend, cell.budget,
                                     cell.remaining]))
        by_unit.append(safe_row([unit.name, _("Total"), str(report.period), total.spend, total.budget,
                                 total.remaining]))
    by_month = workbook.create_sheet(_("By month")[:31])
    by_month.append(safe_row([_("Month"), *[str(label) for _code, label in report.categories], _("Total")]))
    for month, cells, total in report.by_month:
        by_month.append(safe_row([str(month), *cells.values(), total]))
    customers = workbook.create_sheet(_("By customer")[:31])
    customers.append(safe_row([_("Customer"), _("Spend")]))
    for row in report.by_customer:
        customers.append(safe_row([row["customer__name"], row["total"]]))
    events = workbook.create_sheet(_("By event")[:31])
    events.append(safe_row([_("Marketing event"), _("Starts at"), _("Spend")]))
    for row in report.by_event:
        events.append(safe_row([row["event__title"], row["event__starts_at"].date().isoformat(), row["total"]]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
