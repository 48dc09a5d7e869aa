"""HR's export of a bonus sheet (SPEC §5.4) with django-import-export: xlsx and csv, one line per
row, a totals line at the bottom. Text cells that a spreadsheet would run as a formula (starting
with =, +, -, @, a tab or a carriage return) get a leading single quote; amount columns stay real
numbers (Decimal → numeric cells, negative adjustments included) so HR can sum them. The rows'
name/number/team/role are copied onto the row, so 1,100 rows need one query, not one per row.

Headers, roles and the totals label are in the exporter's language (the request's). The xlsx
worksheet is named after the month ("2026-10"), amounts carry the number format `#,##0.00`,
attainment `#,##0.00 "%"` (the value stays 130.00 for 130 %, as in the csv and the API), the
header row and the person columns stay in view when scrolling."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.translation import pgettext, pgettext_lazy
from import_export import fields, resources, widgets
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.spreadsheets import FORMULA_PREFIXES, escape_formula  # noqa: F401 (re-exported)
from incentives.models import MONEY_COLUMNS, BonusRow, BonusSheet
from teams.models import Role

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TEXT_COLUMNS = ("number", "name", "team", "role")
#: The xlsx number format of each numeric column.
MONEY_FORMAT = "#,##0.00"
NUMBER_FORMATS = {"target": MONEY_FORMAT, "actual": MONEY_FORMAT, "attainment": '#,##0.00" %"',
                  "composite": "0.00", "rank": "0", **dict.fromkeys(MONEY_COLUMNS, MONEY_FORMAT)}
COLUMN_WIDTHS = {"number": 10, "name": 18, "team": 16, "role": 12}


def _number(attribute: str, label) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=label, widget=widgets.DecimalWidget(coerce_to_string=False))


class BonusRowResource(resources.Resource):
    number = fields.Field(attribute="number", column_name=pgettext_lazy("bonus sheet column", "Employee number"))
    name = fields.Field(attribute="name", column_name=pgettext_lazy("bonus sheet column", "Name"))
    team = fields.Field(attribute="team", column_name=pgettext_lazy("bonus sheet column", "Team"))
    role = fields.Field(attribute="role", column_name=pgettext_lazy("bonus sheet column", "Role"))
    target = _number("target", pgettext_lazy("bonus sheet column", "Target"))
    actual = _number("actual", pgettext_lazy("bonus sheet column", "Actual sales"))
    attainment = _number("attainment", pgettext_lazy("bonus sheet column", "Attainment %"))
    composite = _number("composite", pgettext_lazy("bonus sheet column", "Composite score"))
    rank = fields.Field(attribute="rank", column_name=pgettext_lazy("bonus sheet column", "Rank"),
                        widget=widgets.IntegerWidget(coerce_to_string=False))
    commission = _number("commission", pgettext_lazy("bonus sheet column", "Commission"))
    top3 = _number("top3", pgettext_lazy("bonus sheet column", "Top-3 bonus"))
    first_order = _number("first_order", pgettext_lazy("bonus sheet column", "First-order bonus"))
    team_bonus = _number("team_bonus", pgettext_lazy("bonus sheet column", "Team achievement bonus"))
    retention = _number("retention", pgettext_lazy("bonus sheet column", "Retention bonus"))
    referral = _number("referral", pgettext_lazy("bonus sheet column", "Referral reward"))
    adjustments = _number("adjustments", pgettext_lazy("bonus sheet column", "Adjustments"))
    total = _number("total", pgettext_lazy("bonus sheet column", "Total"))

    class Meta:
        model = BonusRow
        fields = ("number", "name", "team", "role", "target", "actual", "attainment", "composite", "rank",
                  *MONEY_COLUMNS)
        export_order = fields

    def dehydrate_role(self, row: BonusRow) -> str:
        return force_str(Role(row.role).label) if row.role in Role.values else row.role

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return escape_formula(value) if isinstance(value, str) else value

    def get_export_headers(self, selected_fields=None):
        return [escape_formula(header) for header in super().get_export_headers(selected_fields)]


def bonus_sheet_dataset(rows: QuerySet):
    """The tablib Dataset of the rows plus a totals line (money columns summed exactly)."""
    rows = list(rows.order_by("number"))
    dataset = BonusRowResource().export(rows)
    totals = dict.fromkeys(MONEY_COLUMNS, Decimal("0.00"))
    for row in rows:
        for name in MONEY_COLUMNS:
            totals[name] += getattr(row, name)
    columns = BonusRowResource.Meta.fields
    dataset.append([
        pgettext("bonus sheet column", "Total") if name == "name" else totals[name] if name in totals else None
        for name in columns
    ])
    return dataset


def bonus_sheet_xlsx(dataset, *, title: str) -> bytes:
    """The dataset as a workbook HR can read and sum: one worksheet named `title`, bold header
    (kept in view with the number and name columns), numeric cells with their number formats, a
    bold totals line."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = title
    columns = BonusRowResource.Meta.fields
    worksheet.append([str(header) for header in dataset.headers])
    for values in dataset:
        worksheet.append(list(values))
    bold = Font(bold=True)
    for cell in worksheet[1]:
        cell.font = bold
    for cell in worksheet[worksheet.max_row]:
        cell.font = bold  # the totals line
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = COLUMN_WIDTHS.get(name, 14)
        number_format = NUMBER_FORMATS.get(name)
        if number_format:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    worksheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bonus_sheet_file_name(sheet: BonusSheet, file_format: str) -> str:
    suffix = "" if sheet.is_locked else f"-{sheet.status}"
    return f"salesops-bonus-{sheet.month:%Y-%m}{suffix}.{file_format}"


def bonus_sheet_export(*, sheet: BonusSheet, rows: QuerySet, file_format: str) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the sheet as xlsx or csv."""
    dataset = bonus_sheet_dataset(rows)
    if file_format == "xlsx":
        content = bonus_sheet_xlsx(dataset, title=f"{sheet.month:%Y-%m}")
    else:  # csv, with a BOM so spreadsheet programs read the Chinese names as UTF-8
        content = ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return bonus_sheet_file_name(sheet, file_format), EXPORT_FORMATS[file_format], content
