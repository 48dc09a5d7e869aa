"""Safe spreadsheet cells for every export (SPEC §5.4, §13)."""

#: Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Prefix text a spreadsheet would run as a formula with a single quote
    ('=HYPERLINK(…)' → "'=HYPERLINK(…)"); numbers and other values are returned unchanged, so
    amount columns stay real numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
