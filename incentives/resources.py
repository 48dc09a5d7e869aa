"""HR's export of a bonus sheet (SPEC §5.4) with django-import-export: xlsx and csv, one line per
row, a totals line at the bottom. Text cells that a spreadsheet would run as a formula (starting
with =, +, -, @, a tab or a carriage return) get a leading single quote; amount columns stay real
numbers (Decimal → numeric cells, negative adjustments included) so HR can sum them. The rows'
name/number/team/role are copied onto the row, so 1,100 rows need one query, not one per row."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from common.spreadsheets import FORMULA_PREFIXES, escape_formula  # noqa: F401 (re-exported)
from incentives.models import BONUS_COMPONENTS, BonusRow, BonusSheet
from teams.models import Role

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TEXT_COLUMNS = ("number", "name", "team", "role")
MONEY_COLUMNS = (*BONUS_COMPONENTS, "total")


def _number(attribute: str, label) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=label, widget=widgets.DecimalWidget(coerce_to_string=False))


class BonusRowResource(resources.Resource):
    number = fields.Field(attribute="number", column_name=gettext_lazy("Employee number"))
    name = fields.Field(attribute="name", column_name=gettext_lazy("Name"))
    team = fields.Field(attribute="team", column_name=gettext_lazy("Team"))
    role = fields.Field(attribute="role", column_name=gettext_lazy("Role"))
    target = _number("target", gettext_lazy("Target"))
    actual = _number("actual", gettext_lazy("Actual sales"))
    attainment = _number("attainment", gettext_lazy("Attainment %"))
    composite = _number("composite", gettext_lazy("Composite score"))
    rank = fields.Field(attribute="rank", column_name=gettext_lazy("Rank"),
                        widget=widgets.IntegerWidget(coerce_to_string=False))
    commission = _number("commission", gettext_lazy("Commission"))
    top3 = _number("top3", gettext_lazy("Top-3 bonus"))
    first_order = _number("first_order", gettext_lazy("First-order bonus"))
    team_bonus = _number("team_bonus", gettext_lazy("Team achievement bonus"))
    retention = _number("retention", gettext_lazy("Retention bonus"))
    referral = _number("referral", gettext_lazy("Referral reward"))
    adjustments = _number("adjustments", gettext_lazy("Adjustments"))
    total = _number("total", gettext_lazy("Total"))

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
        _("Total") if name == "name" else totals[name] if name in totals else None for name in columns
    ])
    return dataset


def bonus_sheet_file_name(sheet: BonusSheet, file_format: str) -> str:
    suffix = "" if sheet.is_locked else f"-{sheet.status}"
    return f"salesops-bonus-{sheet.month:%Y-%m}{suffix}.{file_format}"


def bonus_sheet_export(*, sheet: BonusSheet, rows: QuerySet, file_format: str) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the sheet as xlsx or csv."""
    dataset = bonus_sheet_dataset(rows)
    if file_format == "xlsx":
        content = dataset.export("xlsx")
    else:  # csv, with a BOM so spreadsheet programs read the Chinese names as UTF-8
        content = ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return bonus_sheet_file_name(sheet, file_format), EXPORT_FORMATS[file_format], content
