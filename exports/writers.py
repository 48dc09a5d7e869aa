"""Rows into a file, without django-import-export's per-field path: csv through the csv module,
xlsx through openpyxl's write-only mode (rows streamed to disk, constant memory). Every cell goes
through `common.spreadsheets.escape_formula` (control characters stripped, formulas quoted)."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook

from common.spreadsheets import FORMULA_PREFIXES, escape_formula

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Excel reads a UTF-8 csv (Chinese text) correctly only after this byte-order mark.
BOM = "\ufeff"


def _safe(value):
    # Most cells are plain printable text: no control character (all are non-printable) and no
    # formula prefix, so escape_formula would return them unchanged — skip its regex for them.
    if isinstance(value, str) and value.isprintable() and not value.startswith(FORMULA_PREFIXES):
        return value
    return escape_formula(value)


def safe_row(row: Sequence) -> list:
    return [_safe(value) for value in row]


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    """The csv text line by line (BOM first), for a streaming response or a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield BOM
    writer.writerow(safe_row(headers))
    for row in rows:
        writer.writerow(safe_row(row))
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(target, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write to a text file opened with newline="" and encoding utf-8."""
    for chunk in csv_lines(headers, rows):
        target.write(chunk)


def write_xlsx(target, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str) -> None:
    """Write to a path or a binary file object (write-only workbook: memory stays flat)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(safe_row(headers))
    for row in rows:
        sheet.append(safe_row(row))
    workbook.save(target)


def counted(rows: Iterable[Sequence], progress: Callable[[int], None], *, every: int = 5000) -> Iterable[Sequence]:
    """Pass the rows through, calling `progress(n)` every `every` rows and once at the end."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % every == 0:
            progress(done)
    progress(done)
