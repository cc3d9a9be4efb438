import csv
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safepath.places.models import Location, UnitType

DEFAULT_FILE = Path(__file__).parent / "data" / "mn_admin.csv"
COLUMNS = ["code", "parent_code", "level", "unit_type", "name_mn", "name_latn",
           "name_ascii", "name_bgn"]  # fmt: skip
SEPARATOR = "|"


def _check_row(number: int, row: dict[str, str], known: set[str]) -> list[str]:
    errors = []
    for column in ("code", "level", "unit_type", "name_mn", "name_latn"):
        if not (row.get(column) or "").strip():
            errors.append(
                _("row %(row)s, column %(column)s: empty")
                % {"row": number, "column": column}
            )
    if row.get("unit_type") and row["unit_type"] not in UnitType.values:
        errors.append(
            _("row %(row)s, column unit_type: unknown type %(value)s")
            % {"row": number, "value": row["unit_type"]}
        )
    if not (row.get("level") or "").isdigit():
        errors.append(_("row %(row)s, column level: not a number") % {"row": number})
    parent = (row.get("parent_code") or "").strip()
    if parent and parent not in known:
        errors.append(
            _(
                "row %(row)s, column parent_code: %(value)s is not defined "
                "above or in the database"
            )
            % {"row": number, "value": parent}
        )
    if SEPARATOR in (row.get("code") or ""):
        errors.append(
            _("row %(row)s, column code: must not contain |") % {"row": number}
        )
    return errors


@transaction.atomic
def locations_import(*, rows: Iterable[dict[str, str]]) -> int:
    """Create or update locations from rows with COLUMNS; parents before children.

    Everything is checked first; on any error nothing is written and a
    ValidationError lists each row and column at fault.
    """
    rows = list(rows)
    known = set(Location.objects.values_list("code", flat=True))
    errors: list[str] = []
    for number, row in enumerate(rows, start=2):
        errors += _check_row(number, row, known)
        known.add((row.get("code") or "").strip())
    if errors:
        raise ValidationError(errors)
    by_code = {loc.code: loc for loc in Location.objects.all()}
    for row in rows:
        parent = by_code.get(row["parent_code"].strip()) if row["parent_code"] else None
        code = row["code"].strip()
        location = by_code.get(code) or Location(code=code)
        location.parent = parent
        location.level = int(row["level"])
        location.unit_type = row["unit_type"]
        location.name_mn = row["name_mn"].strip()
        location.name_latn = row["name_latn"].strip()
        location.name_ascii = (row.get("name_ascii") or row["name_latn"]).strip()
        location.name_bgn = (row.get("name_bgn") or "").strip()
        prefix = parent.path if parent else SEPARATOR
        location.path = f"{prefix}{code}{SEPARATOR}"
        location.save()
        by_code[code] = location
    return len(rows)


def locations_import_file(*, path: Path = DEFAULT_FILE) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        return locations_import(rows=csv.DictReader(handle))
