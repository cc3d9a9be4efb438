"""Importing a CTDC release file as reference data (codebooks: codebook.py)."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from safepath.ctdc.codebook import (
    RELEASE_OF,
    RELEASES,
    CodebookError,
    Parser,
    Release,
)
from safepath.ctdc.models import CtdcRecord, Dataset

BATCH_SIZE = 2000
MAX_PROBLEMS = 50  # listed; the rest are counted


@dataclass(frozen=True)
class ImportResult:
    dataset: str
    records: int  # now in the database for that dataset
    replaced: int  # deleted: the dataset's records before the import


def import_ctdc(
    path: Path | str,
    *,
    dataset: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Replace one CTDC release's records with the rows of the CSV at `path`.

    The release is recognised from the header (or must be `dataset`). Every
    row is checked against the release's codebook first; any problem imports
    nothing and raises a ValidationError listing "Row N, column X: …" (the
    header is row 1, as a spreadsheet shows it). The old records of that
    release are then deleted and the new ones written in one transaction, so
    importing the same file twice leaves the same records. `progress(done,
    total)` is called after each batch written.
    """
    header, rows = _read(Path(path))
    release = release_for_header(header, dataset=dataset)
    records = _records(release, header, rows)
    total = len(records)
    with transaction.atomic():
        replaced, _deleted = CtdcRecord.objects.filter(dataset=release.dataset).delete()
        for start in range(0, total, BATCH_SIZE):
            CtdcRecord.objects.bulk_create(records[start : start + BATCH_SIZE])
            if progress is not None:
                progress(min(start + BATCH_SIZE, total), total)
    return ImportResult(dataset=release.dataset.value, records=total, replaced=replaced)


def release_for_header(header: list[str], *, dataset: str | None = None) -> Release:
    """The release whose columns the header has, or a ValidationError naming
    the columns each release needs."""
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ValidationError(
            _("The header repeats the columns: %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )
    if dataset is not None and dataset not in RELEASE_OF:
        raise ValidationError(
            _("Unknown dataset “%(dataset)s”; known: %(known)s.")
            % {"dataset": dataset, "known": ", ".join(Dataset.values)}
        )
    candidates = [RELEASE_OF[dataset]] if dataset else RELEASES
    for release in candidates:
        if set(release.columns) <= set(header):
            return release
    messages = [_("The header is not that of a CTDC release this import knows.")]
    for release in candidates:
        missing = [name for name in release.columns if name not in header]
        messages.append(
            _("%(dataset)s needs the columns %(columns)s (missing: %(missing)s).")
            % {
                "dataset": Dataset(release.dataset).label,
                "columns": ", ".join(release.columns),
                "missing": ", ".join(missing),
            }
        )
    raise ValidationError(messages)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
    except UnicodeDecodeError:
        raise ValidationError(
            _("%(file)s is not UTF-8 text.") % {"file": path.name}
        ) from None
    except csv.Error as error:
        raise ValidationError(
            _("%(file)s is not a readable CSV file: %(error)s")
            % {"file": path.name, "error": error}
        ) from None
    if len(rows) < 2:
        raise ValidationError(_("%(file)s has no records.") % {"file": path.name})
    return [name.strip() for name in rows[0]], rows[1:]


Column = tuple[int, str, Parser]  # index in the row, name, parser
Kept = tuple[int, str, Parser | None]  # no parser: kept unchecked


def _records(
    release: Release, header: list[str], rows: list[list[str]]
) -> list[CtdcRecord]:
    """Unsaved records, or a ValidationError listing every problem."""
    mapped = [(i, name, release.columns[name]) for i, name in enumerate(header)
              if name in release.columns]  # fmt: skip
    kept = [(i, name, release.checked.get(name)) for i, name in enumerate(header)
            if name not in release.columns]  # fmt: skip
    problems: list[str] = []
    records: list[CtdcRecord] = []
    for number, cells in enumerate(rows, start=2):
        if not cells:
            continue  # a blank line
        if len(cells) != len(header):
            problems.append(
                _("Row %(row)s: %(found)s cells where the header has %(expected)s.")
                % {"row": number, "found": len(cells), "expected": len(header)}
            )
            continue
        fields, row_problems = _fields(number, cells, mapped)
        extra, extra_problems = _extra(number, cells, kept)
        problems += row_problems + extra_problems
        if not problems:
            records.append(CtdcRecord(dataset=release.dataset, extra=extra, **fields))
    if problems:
        raise ValidationError(_first(problems))
    return records


def _fields(
    number: int, cells: list[str], mapped: list[Column]
) -> tuple[dict[str, Any], list[str]]:
    fields: dict[str, Any] = {}
    problems = []
    for index, name, parse in mapped:
        try:
            fields.update(parse(cells[index].strip()))
        except CodebookError as error:
            problems.append(_problem(number, name, error))
    return fields, problems


def _extra(
    number: int, cells: list[str], kept: list[Kept]
) -> tuple[dict[str, str], list[str]]:
    """The other columns as they are, checked where the codebook lists values."""
    problems = []
    for index, name, check in kept:
        try:
            if check is not None:
                check(cells[index].strip())
        except CodebookError as error:
            problems.append(_problem(number, name, error))
    return {name: cells[index] for index, name, _check in kept}, problems


def _problem(row: int, column: str, error: CodebookError) -> str:
    return _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": row,
        "column": column,
        "message": error,
    }


def _first(problems: list[str]) -> list[str]:
    more = len(problems) - MAX_PROBLEMS
    if more <= 0:
        return problems
    return [
        *problems[:MAX_PROBLEMS],
        ngettext(
            "… and %(count)s more problem.", "… and %(count)s more problems.", more
        )
        % {"count": more},
    ]
