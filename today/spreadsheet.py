"""The weekly report as an xlsx workbook: write-only openpyxl, one sheet per section, amounts as
numbers formatted `#,##0.00`, every text cell formula-safe (`common.spreadsheets.escape_formula`)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from common.spreadsheets import escape_formula
from today.selectors import WeeklyReport

MONEY = "#,##0.00"
PERCENT = "0.00"


def _row(sheet, values, *, formats=None, bold=False):
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=escape_formula(value))
        number_format = (formats or {}).get(index)
        if number_format and value is not None:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def weekly_report_xlsx(report: WeeklyReport) -> bytes:
    workbook = Workbook(write_only=True)
    members = workbook.create_sheet(escape_formula(_("Sales"))[:31])
    _row(members, [f"{report.unit.name} · {report.week}"], bold=True)
    _row(members, [_("Number"), _("Name"), _("Team"), _("Sales last week"), _("Month to date"), _("Month target"),
                   _("Target to date"), _("Attainment to date %"), _("New customers"), _("Follow-ups")], bold=True)
    money = {3: MONEY, 4: MONEY, 5: MONEY, 6: MONEY, 7: PERCENT}
    for row in report.members:
        _row(members, [row.number, row.name, row.unit, row.week_sales, row.month_sales_to_date, row.month_target,
                       row.target_to_date, row.attainment_to_date_pct, row.new_customers, row.followups], formats=money)
    totals = report.totals
    _row(members, [_("Total"), "", "", totals["week_sales"], totals["month_sales_to_date"], totals["month_target"],
                   totals["target_to_date"], totals["attainment_to_date_pct"], totals["new_customers"],
                   totals["followups"]], formats=money, bold=True)

    majors = workbook.create_sheet(escape_formula(_("Major opportunities"))[:31])
    _row(majors, [_("Opportunity"), _("Customer"), _("Owner"), _("Stage"), _("Amount"), _("Expected close"),
                  _("Latest progress"), _("Progress on")], bold=True)
    for opportunity in report.major_opportunities:
        _row(majors, [opportunity.name, opportunity.customer, opportunity.owner, str(opportunity.stage_label),
                      opportunity.amount, opportunity.expected_close_on, opportunity.progress, opportunity.progress_on],
             formats={4: MONEY, 5: "yyyy-mm-dd", 7: "yyyy-mm-dd"})

    due = workbook.create_sheet(escape_formula(_("Due this week"))[:31])
    _row(due, [_("Kind"), _("Due on"), _("Item"), _("Customer"), _("Owner"), _("Amount")], bold=True)
    for section in report.due:
        for item in section.items:
            _row(due, [str(section.label), item.on, item.title, item.customer, item.owner, item.amount],
                 formats={1: "yyyy-mm-dd", 5: MONEY})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def weekly_report_file_name(report: WeeklyReport) -> str:
    return f"salesops-weekly-{report.unit.pk}-{report.week}.xlsx"
