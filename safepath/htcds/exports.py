"""Exporting cases as HTCDS: CSV, Excel or JSON with the columns the import
reads (imports.COLUMNS), so that a file exported here imports unchanged,
here or in another Safepath.

Values are written as HTCDS codes (`ForcedLabour`), dates as 2024-03-31,
countries, places and organisations as codes, the case owner as a username,
several values joined by semicolons (lists in JSON).

Files hold personal data, so they are only ever handed out encrypted with a
password the user chooses: an Excel workbook with Office's own encryption
(msoffcrypto-tool; Excel and LibreOffice ask for the password), CSV and JSON
inside an AES-256 ZIP (pyzipper; 7-Zip and most archive tools open it).
"""

import csv
import io
import json
from collections.abc import Callable, Iterable

import msoffcrypto
import pyzipper
from django.db import models
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from safepath.audit.services import audit_record_many
from safepath.cases.models import Case
from safepath.htcds.imports import COLUMNS, FIELDS
from safepath.people.models import Person

FORMATS = ("csv", "xlsx", "json")
MIN_PASSWORD = 12


def _many(manager) -> list[str]:
    return [v.value for v in sorted(manager.all(), key=lambda v: (v.position, v.value))]


def case_values(case: Case) -> dict[str, object]:
    """One case's export: text, or a list (several values) or a bool."""
    person, victim = case.person, case.victim
    values: dict[str, object] = {}
    for name, model in COLUMNS.items():
        if name == "con_Consent":
            values[name] = victim.vic_AgreementToManagePersonalData
            continue
        if name == "prs_Citizenship":
            values[name] = _many(person.prs_Citizenship)
            continue
        instance = {Person: person, Case: case}.get(model, victim)
        model_field = model._meta.get_field(FIELDS.get(name, name))
        if isinstance(model_field, models.ManyToManyField):
            values[name] = _many(getattr(instance, model_field.name))
            continue
        value = getattr(instance, model_field.name)
        if model_field.name == "cas_CaseOwner":
            value = value.username if value else ""
        elif isinstance(model_field, models.ForeignKey):
            value = value.code if value is not None else ""
        elif isinstance(model_field, models.BooleanField):
            pass
        elif value is None:
            value = ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        values[name] = value if isinstance(value, bool) else str(value)
    return values


def _text(value: object) -> str:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _cases(cases) -> Iterable[Case]:
    return (
        Case.objects.filter(pk__in=cases.values("pk"))
        .select_related(
            "person",
            "victim__vic_LocationOfRecruitment",
            "victim__vic_LocationOfExploitation",
            "cas_CaseOwner",
            "cas_ReferringOrganisation",
            "cas_ReferredOrganisation",
        )
        .prefetch_related(
            "person__prs_Citizenship",
            *(
                f"victim__{name}"
                for name, model in COLUMNS.items()
                if model is not None
                and model.__name__ == "VictimContext"
                and isinstance(model._meta.get_field(name), models.ManyToManyField)
            ),
        )
        .order_by("opened_on", "reference")
    )


def write(rows: list[dict[str, object]], fmt: str) -> bytes:
    header = list(COLUMNS)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(row[name]) for name in header])
        return out.getvalue().encode("utf-8-sig")
    book = Workbook()
    sheet = book.active
    sheet.title = "Case Sheet"
    sheet.append(header)
    for row in rows:
        sheet.append([_text(row[name]) for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def encrypt(content: bytes, fmt: str, password: str, stem: str) -> tuple[bytes, str]:
    """The file encrypted with the password, and its name."""
    if fmt == "xlsx":
        office = OOXMLFile(io.BytesIO(content))
        out = io.BytesIO()
        office.encrypt(password, out)
        return out.getvalue(), f"{stem}.xlsx"
    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.writestr(f"{stem}.{fmt}", content)
    return out.getvalue(), f"{stem}.{fmt}.zip"


def htcds_export(
    *,
    cases,
    fmt: str,
    password: str,
    actor,
    stem: str = "htcds-cases",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, str]:
    """The cases as an encrypted HTCDS file; each case's export is audited
    ("case.export"). `progress(done, total)` is told of each case written."""
    chosen = list(_cases(cases))
    rows = []
    for done, case in enumerate(chosen, start=1):
        rows.append(case_values(case))
        if progress is not None:
            progress(done, len(chosen))
    for organisation_id in {case.organisation_id for case in chosen}:
        audit_record_many(
            actor=actor,
            action="case.export",
            targets=[c for c in chosen if c.organisation_id == organisation_id],
            organisation_id=organisation_id,
        )
    return encrypt(write(rows, fmt), fmt, password, stem)


def decrypt(name: str, content: bytes, password: str) -> tuple[str, bytes]:
    """An encrypted export (or any password-protected .xlsx or AES ZIP) back
    to its file name and content; ValueError when the password is wrong or
    the file is not one of these."""
    if name.lower().endswith(".zip"):
        try:
            with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
                archive.setpassword(password.encode())
                inner = [n for n in archive.namelist() if not n.endswith("/")]
                if len(inner) != 1:
                    raise ValueError("one file expected")
                return inner[0], archive.read(inner[0])
        except (RuntimeError, pyzipper.BadZipFile, KeyError) as error:
            raise ValueError(str(error)) from None
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(content))
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    except Exception as error:  # msoffcrypto raises several kinds
        raise ValueError(str(error)) from None
    return name, out.getvalue()
