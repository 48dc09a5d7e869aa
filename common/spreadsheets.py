"""Safe spreadsheet cells for every export (SPEC §5.4, §13, §13.1)."""

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
    """Mix into an import-export `Resource` used for exports: every cell and every header goes
    through `escape_formula`, so no exported value runs as a formula (numbers stay numbers)."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, *args, **kwargs):
        return [escape_formula(header) for header in super().get_export_headers(*args, **kwargs)]
