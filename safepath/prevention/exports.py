"""Report tables as CSV and Excel files. Text that a spreadsheet program
would run as a formula (=, +, -, @ first) is kept as text."""

import csv
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from safepath.prevention.reports import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def table_rows(table: Table) -> list[list]:
    rows = [table.columns, *table.rows]
    if table.total is not None:
        rows.append(table.total)
    return rows


def as_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table_rows(table):
        writer.writerow([_safe(v) for v in row])
    # A BOM so that Excel opens the Cyrillic as UTF-8.
    return "\ufeff" + out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(c for c in title if c not in "[]:*?/\\")[:31].strip() or "Sheet"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f" {n}"
        candidate = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def as_xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        for r, row in enumerate(table_rows(table), start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value="" if value is None else value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
        for c, title in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = max(
                12, len(title) + 2
            )
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
