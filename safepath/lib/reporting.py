"""Tables of figures shown on a page, as an inline SVG bar chart, and as CSV
and Excel files: the page and the files are made from the same Table, so
they cannot differ. Text that a spreadsheet program would run as a formula
(=, +, -, @ first) is kept as text (CSV injection)."""

import csv
import io
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

BAR_HEIGHT, BAR_LEFT, BAR_WIDTH = 22, 190, 300


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    chart_column: int = 1  # the column the page draws as bars
    # The page shows at most this many rows (the latest, for a table by
    # training); the exports have every row.
    page_rows: int | None = None
    # The cells are counts of people or events, which small-cell protection
    # may hide (not hours or percentages).
    of_counts: bool = True
    # The last column is each row's total (a cross-table).
    row_totals: bool = False

    @property
    def shown_rows(self) -> list[list]:
        return self.rows if self.page_rows is None else self.rows[-self.page_rows :]

    @property
    def rows_hidden(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    @property
    def chart_title(self) -> str:
        return str(self.columns[self.chart_column])

    def chart(self) -> dict | None:
        """Horizontal bars of the chart column, laid out for an inline SVG
        (the page draws it without any script)."""
        values = [
            (str(row[0]), row[self.chart_column])
            for row in self.shown_rows
            if isinstance(row[self.chart_column], int | float)
        ]
        top = max((abs(v) for _l, v in values), default=0)
        if not values or not top:
            return None
        bars = [
            {
                "label": label if len(label) <= 25 else label[:24] + "…",
                "value": value,
                "y": BAR_HEIGHT * n,
                "text_y": BAR_HEIGHT * n + 15,
                "width": round(BAR_WIDTH * abs(value) / top, 1),
                "value_x": BAR_LEFT + round(BAR_WIDTH * abs(value) / top, 1) + 6,
                "negative": value < 0,
            }
            for n, (label, value) in enumerate(values)
        ]
        return {"bars": bars, "height": BAR_HEIGHT * len(bars), "left": BAR_LEFT}


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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(tables: list[Table], fmt: str, name: str) -> HttpResponse:
    """The tables as a file to download: one table per CSV, any number in an
    Excel workbook (one sheet each). `name` has no extension and no personal
    data. Http404 for an unknown format or a CSV of several tables."""
    if fmt == "csv" and len(tables) == 1:
        response = HttpResponse(
            as_csv(tables[0]), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx" and tables:
        response = HttpResponse(as_xlsx(tables), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
