"""Reading uploaded spreadsheets (.xlsx and .csv) for the imports: the
problems they report, by row and column, and the opening of the file
itself, with the same messages everywhere."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook import Workbook


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet shows it (the header is row 1); 0: the file
    column: str  # "C (sector)", or "" for the whole row or file
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {
                "row": self.row,
                "message": self.message,
            }
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """Nothing was imported; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def refused(message: str) -> ImportRefused:
    return ImportRefused([Problem(0, "", message)])


def open_workbook(content: bytes) -> Workbook:
    """An .xlsx upload, read-only with cell values (not formulas)."""
    if not content.startswith(b"PK\x03\x04"):
        raise refused(_("This is not an Excel (.xlsx) workbook."))
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise refused(_("The workbook could not be read.")) from None


def read_csv(content: bytes) -> list[list[str]]:
    """A .csv upload's rows, in UTF-8 (with or without a byte-order mark),
    separated by commas, semicolons (Excel in French) or tabs."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(
            _(
                "The CSV file is not in UTF-8: save it as “CSV UTF-8” "
                "or upload the .xlsx workbook."
            )
        ) from None
    # The separator is the one the header row uses most: column names hold
    # none, whereas cells may (csv.Sniffer guesses from the cells and gives
    # up on a few short rows).
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    if not header.count(delimiter):
        delimiter = ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
