"""Safe spreadsheet cells for every export (SPEC §5.4, §13, §13.1)."""

from decimal import Decimal

from common.text import strip_control_characters

#: Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A cell value every spreadsheet takes as plain data: control characters stored before input
    refused them are stripped (openpyxl refuses to write them: one `\\x0b` in a name made the whole
    export fail), then text a spreadsheet would run as a formula gets a single quote prefix
    ('=HYPERLINK(…)' → "'=HYPERLINK(…)"). Numbers and other values are returned unchanged, so
    amount columns stay real numbers."""
    value = strip_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeResourceMixin:
    """Mix into an import-export `Resource` used for exports: every text cell and every header goes
    through `escape_formula`, so no exported value runs as a formula; a cell whose value is a number
    (an amount of -5.00) is left as it is."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        raw = None
        if getattr(field, "attribute", None):
            try:
                raw = field.get_value(instance)
            except Exception:  # noqa: BLE001 - a dehydrated or missing attribute is exported as text
                raw = None
        if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
            return value
        return escape_formula(value)

    def get_export_headers(self, *args, **kwargs):
        return [escape_formula(header) for header in super().get_export_headers(*args, **kwargs)]
