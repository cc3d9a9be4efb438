"""Importing cases from HTCDS spreadsheets: the toolkit's Excel templates
(../shared/htcds/toolkit/, both variants), exports of its XLSForm (ODK,
KoboToolbox) and CSV files with HTCDS column names.

Columns are recognised by their HTCDS field name, however the file spells
it: case and underscores do not matter (`prs_First_Name`, `PRS_FIRSTNAME`),
and the misspellings of the toolkit's own files are known
(`vic_TraffickinStatusDecisionMakingOrg`). A second header row of labels,
as in the toolkit templates, is skipped, and so are rows that hold nothing
but the template's row number.

Every row is checked before anything is saved (`htcds_check`); each problem
names its row (as the spreadsheet shows it) and column. `htcds_import`
imports all rows or, on any problem, nothing. A row imported before (same
organisation, same values) is recognised by a keyed hash of its values and
skipped, so importing a file twice creates no duplicates.
"""

import datetime
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.data import COUNTRIES as ISO_NAMES
from openpyxl.utils import get_column_letter

from safepath.accounts.models import CASE_ROLES, User
from safepath.cases import services as case_services
from safepath.cases.models import Case, VictimContext
from safepath.htcds.models import PicklistValue
from safepath.lib.crypto import blind_index
from safepath.lib.tabular import ImportRefused, Problem, open_workbook, read_csv
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.stats.facts import facts_deferred

# openpyxl drops the toolkit template's drop-down lists (not needed here),
# warning on every read.
warnings.filterwarnings("ignore", "Data Validation extension", UserWarning)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
LANGUAGES = ("en", "mn", "fr")

# The toolkit templates' columns, in their order, with the model each
# belongs to.
COLUMNS: dict[str, type[models.Model] | None] = {
    "cas_CaseOwner": Case,
    "prs_Salutation": Person,
    "prs_FirstName": Person,
    "prs_SecondName": Person,
    "con_Consent": None,  # consent to record the person's data
    "prs_Birthdate": Person,
    "prs_Gender": Person,
    "prs_Citizenship": Person,
    "prs_Title": Person,
    "prs_Email": Person,
    "prs_HomePhone": Person,
    "prs_MobilePhone": Person,
    "prs_MailingCity": Person,
    "prs_MailingCountry": Person,
    "prs_MailingState": Person,
    "prs_MailingStreet": Person,
    "prs_MailingPostalCode": Person,
    "vic_TraffickingStatus": VictimContext,
    "vic_TraffickingStatusDecisionMakingOrg": VictimContext,
    "vic_MethodOfRecruitment": VictimContext,
    "vic_LocationOfRecruitment": VictimContext,
    "vic_MethodsOfControl": VictimContext,
    "vic_TypeOfExploitation": VictimContext,
    "vic_ForcedLabourIndustry": VictimContext,
    "vic_TypeOfSexExploitation": VictimContext,
    "vic_LocationOfExploitation": VictimContext,
    "cas_Status": Case,
    "cas_ReferringOrganisation": Case,
    "cas_IncomingReferralDate": Case,
    "cas_ReferringPrimaryCaseWorker": Case,
    "cas_ReasonForIncomingReferral": Case,
    "cas_IncomingReferralDetails": Case,
    "cas_ReferredOrganisation": Case,
    "cas_ReferredPrimaryCaseWorker": Case,
    "cas_ReasonForOutgoingReferral": Case,
    "cas_OutgoingReferralDate": Case,
    "cas_OutgoingReferralDetails": Case,
    "cas_ReasonForCaseClosure": Case,
    # HTCDS fields beyond the toolkit templates' columns.
    "prs_MiddleName": Person,
    "prs_Deceased": Person,
    "prs_MaritalStatus": Person,
    "prs_NumberOfChildren": Person,
    "prs_PrimaryLanguage": Person,
    "prs_SecondaryLanguage": Person,
    "prs_HighestLevelOfEducation": Person,
    "prs_IdentityNumber": Person,
    "prs_MailingLatitude": Person,
    "prs_MailingLongitude": Person,
    "vic_RelationshipToTrafficker": VictimContext,
    "vic_AgeWhenTrafficked": VictimContext,
    "vic_RecruitmentWebsitesAndApps": VictimContext,
    "vic_ExploitationWebsitesAndApps": VictimContext,
    "vic_Vulnerabilities": VictimContext,
    "vic_DetailsOfVulnerabilities": VictimContext,
    # Safepath's own, written by its export: the case's opening date, and
    # its reference (a row whose case is already in the organisation is
    # skipped).
    "safepath_opened_on": Case,
    "safepath_reference": Case,
}
# Model fields of the Safepath columns.
FIELDS = {"safepath_opened_on": "opened_on", "safepath_reference": "reference"}
# Misspellings in the HTCDS toolkit's own files (after _header_key).
ALIASES = {
    "victraffickinstatusdecisionmakingorg": "vic_TraffickingStatusDecisionMakingOrg",
}
REQUIRED = ("prs_FirstName", "con_Consent")
YES = {"yes", "y", "true", "1", "x", "тийм", "oui"}
NO = {"no", "n", "false", "0", "үгүй", "non"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")


def _header_key(name: str) -> str:
    return re.sub(r"[\s_]", "", str(name or "")).casefold()


HEADERS = {_header_key(name): name for name in COLUMNS} | ALIASES


def _fold(value) -> str:
    return " ".join(str(value or "").casefold().split())


@dataclass
class Row:
    """One row's values, ready to register."""

    number: int
    person: dict = field(default_factory=dict)
    case: dict = field(default_factory=dict)
    victim: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)  # victim multi-selects
    citizenship: list = field(default_factory=list)
    consent: bool = False
    key: str = ""
    reference: str = ""  # safepath_reference
    seen: bool = False  # imported before


@dataclass
class Checked:
    rows: list[Row]
    problems: list[Problem]
    columns: list[str]  # recognised, in the file's order
    ignored: list[str]  # headers not recognised (reported, not imported)
    already: int = 0  # rows imported before

    @property
    def new(self) -> list[Row]:
        return [row for row in self.rows if not row.seen]


def _cell(value) -> object:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return value if isinstance(value, datetime.date) else str(value).strip()


def read_table(name: str, content: bytes) -> list[list]:
    """The first sheet holding HTCDS columns (or the CSV), as cells: text,
    or dates where the workbook has them."""
    if len(content) > MAX_BYTES:
        raise ImportRefused([Problem(0, "", _("The file is larger than 10 MB."))])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        book = open_workbook(content)
        for sheet in book.worksheets:
            rows = [
                [_cell(v) for v in values]
                for values in sheet.iter_rows(values_only=True)
            ]
            if rows and any(_header_key(c) in HEADERS for c in rows[0]):
                book.close()
                return rows
        book.close()
        return []
    if lower.endswith(".csv"):
        return [[cell.strip() for cell in row] for row in read_csv(content)]
    if lower.endswith(".json"):
        return _json_table(content)
    raise ImportRefused(
        [Problem(0, "", _("Choose an Excel (.xlsx), CSV (.csv) or JSON (.json) file."))]
    )


def _json_value(value) -> str:
    if isinstance(value, list):
        return ";".join(_json_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _json_table(content: bytes) -> list[list]:
    """A JSON list of objects (Safepath's export) as a table: a column per
    key, lists joined with semicolons."""
    try:
        records = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportRefused(
            [Problem(0, "", _("The JSON file could not be read."))]
        ) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportRefused(
            [Problem(0, "", _("The JSON file must hold a list of objects."))]
        )
    header = list(dict.fromkeys(key for record in records for key in record))
    return [header] + [[_json_value(r.get(key)) for key in header] for r in records]


class _Vocabulary:
    """How values may be written, per field: codes and labels in each
    language, folded; places, organisations and users by code or name."""

    def __init__(self, organisation: Organisation, actor) -> None:
        self.organisation, self.actor = organisation, actor
        self._choices: dict[str, dict[str, str]] = {}
        self._picklists: dict[str, dict[str, PicklistValue]] = {}
        self.places: dict[str, list[Location]] = {}
        for place in Location.objects.all():
            for name in {
                place.code,
                place.name_mn,
                place.name_latn,
                place.name_ascii,
                place.name_bgn,
            }:
                if name:
                    self.places.setdefault(_fold(name), []).append(place)
        self.countries = _countries()
        self.country_values = {
            v.value: v for v in PicklistValue.objects.filter(picklist="Country")
        }
        self.organisations = {}
        for org in Organisation.objects.all():
            self.organisations[_fold(org.code)] = org
            self.organisations[_fold(org.org_Name)] = org
        self.users = {}
        for user in User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=CASE_ROLES,
            memberships__is_active=True,
        ):
            for name in (user.username, user.email, user.get_full_name()):
                if name:
                    self.users[_fold(name)] = user

    def choices(self, model_field) -> dict[str, str]:
        key = model_field.name
        if key not in self._choices:
            known = {}
            for language in LANGUAGES:
                with translation.override(language):
                    for value, label in model_field.flatchoices:
                        known[_fold(label)] = value
            for value, _label in model_field.flatchoices:
                known[_fold(value)] = value
            self._choices[key] = known
        return self._choices[key]

    def picklist(self, model_field) -> dict[str, PicklistValue]:
        name = model_field.remote_field.limit_choices_to["picklist"]
        if name not in self._picklists:
            known = {}
            values = list(PicklistValue.objects.filter(picklist=name))
            for language in LANGUAGES:
                with translation.override(language):
                    for value in values:
                        known[_fold(value.label)] = value
            for value in values:
                known[_fold(value.value)] = value
            self._picklists[name] = known
        return self._picklists[name]


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date (write 2024-03-31).") % {"value": value}
    )


def _choose(value: str, known: dict) -> list:
    """The values of a multi-select cell: separated by semicolons, bars or
    lines (commas and spaces too, where the values themselves have none:
    labels like "Agriculture, forestry and fishing" do)."""
    chosen = []
    for part in re.split(r"[;|\n]", str(value)):
        if not part.strip():
            continue
        if _fold(part) in known:
            chosen.append(known[_fold(part)])
            continue
        words = [w for w in re.split(r"[,\s]+", part) if w]
        unknown = [w for w in words if _fold(w) not in known]
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not a value of this field.") % {"value": part.strip()}
            )
        chosen.extend(known[_fold(w)] for w in words)
    return chosen


# ISO 3166 short names the toolkit uses that differ from django-countries'
# in more than word order and "the".
COUNTRY_ALIASES = {"taiwan, province of china": "TW"}


def _country_key(name: str) -> frozenset:
    words = re.findall(r"\w+", _fold(name).replace("'", ""))
    return frozenset(w for w in words if w != "the")


def _countries() -> dict:
    """Country codes by code, by name in each language (folded) and by the
    set of words of the name, so that "Korea, Republic of" (ISO) finds
    "Korea (the Republic of)"."""
    known: dict = {code.casefold(): code for code, _name in countries}
    for language in LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                known[_fold(name)] = code
                known[_country_key(name)] = code
    with translation.override("en"):
        for code, name in ISO_NAMES.items():  # "Korea (the Republic of)"
            known[_fold(name)] = code
            known[_country_key(name)] = code
    known.update(COUNTRY_ALIASES)
    return known


def _country(value: str, known: dict) -> str:
    code = (
        known.get(_fold(value))
        or countries.by_name(value)  # English official and common names too
        or known.get(_country_key(value))
    )
    if not code:
        raise ValidationError(_("“%(value)s” is not a country.") % {"value": value})
    return code


def _convert(name: str, value, vocabulary: _Vocabulary, row: Row) -> None:
    """Put one cell's value where it belongs on the row, or raise
    ValidationError with the message for the user."""
    model = COLUMNS[name]
    if name == "con_Consent":
        folded = _fold(value)
        if folded not in YES | NO:
            raise ValidationError(_("Write yes or no."))
        row.consent = folded in YES
        return
    target = {Person: row.person, Case: row.case, VictimContext: row.victim}[model]
    if name == "prs_Citizenship":
        codes = [
            _country(part.strip(), vocabulary.countries)
            for part in re.split(r"[;|\n]", value)
            if part.strip()
        ]
        row.citizenship = [vocabulary.country_values[code] for code in codes]
        return
    model_field = model._meta.get_field(FIELDS.get(name, name))
    if name == "safepath_reference":
        row.reference = str(value)
        return
    if name == "cas_CaseOwner":
        user = vocabulary.users.get(_fold(value))
        if user is None:
            raise ValidationError(
                _(
                    "No caseworker or supervisor of %(organisation)s is called "
                    "“%(value)s”."
                )
                % {"organisation": vocabulary.organisation.org_Name, "value": value}
            )
        target[name] = user
    elif isinstance(model_field, models.ManyToManyField):
        row.many[name] = _choose(value, vocabulary.picklist(model_field))
    elif model_field.choices:
        known = vocabulary.choices(model_field)
        if _fold(value) not in known:
            raise ValidationError(
                _("“%(value)s” is not a value of this field.") % {"value": value}
            )
        target[name] = known[_fold(value)]
    elif isinstance(model_field, models.DateField):
        target[model_field.name] = _date(value)
    elif isinstance(model_field, models.BooleanField):
        if _fold(value) not in YES | NO:
            raise ValidationError(_("Write yes or no."))
        target[name] = _fold(value) in YES
    elif isinstance(model_field, models.IntegerField | models.DecimalField):
        try:
            number = (
                int(str(value))
                if isinstance(model_field, models.IntegerField)
                else Decimal(str(value))
            )
        except (ValueError, InvalidOperation):
            raise ValidationError(
                _("“%(value)s” is not a number.") % {"value": value}
            ) from None
        model_field.run_validators(number)
        target[name] = number
    elif isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        if related is Location:
            places = vocabulary.places.get(_fold(value), [])
            if len(places) > 1:
                raise ValidationError(
                    _("Several places are called “%(value)s”: write its code.")
                    % {"value": value}
                )
            if not places:
                raise ValidationError(
                    _("No place is called “%(value)s”.") % {"value": value}
                )
            target[name] = places[0]
        elif related is Organisation:
            org = vocabulary.organisations.get(_fold(value))
            if org is None:
                raise ValidationError(
                    _("No organisation is called “%(value)s”.") % {"value": value}
                )
            target[name] = org
    elif name == "prs_MailingCountry":
        target[name] = _country(value, vocabulary.countries)
    else:
        text = str(value)
        if model_field.max_length and len(text) > model_field.max_length:
            raise ValidationError(
                _("Too long: at most %(limit)d characters.")
                % {"limit": model_field.max_length}
            )
        model_field.run_validators(text)
        target[name] = text


def _is_blank(cells: list) -> bool:
    """Empty, or nothing but the template's row number in the first column."""
    rest = [c for c in cells[1:] if c not in ("", None)]
    first = cells[0] if cells else ""
    return not rest and (first in ("", None) or str(first).isdigit())


def _is_label_row(cells: list) -> bool:
    labels = set()
    for language in LANGUAGES:
        with translation.override(language):
            for name, model in COLUMNS.items():
                if model is not None:
                    labels.add(
                        _fold(
                            model._meta.get_field(FIELDS.get(name, name)).verbose_name
                        )
                    )
    filled = [_fold(c) for c in cells if c not in ("", None)]
    return len(filled) >= 3 and sum(c in labels for c in filled) >= 0.6 * len(filled)


def _row_key(organisation: Organisation, columns: list[str], cells: list) -> str:
    values = "\x1f".join(f"{name}={cells[i]}" for i, name in columns if i < len(cells))
    return blind_index("htcds-import", f"{organisation.pk}\x1e{values}")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file's start


def _opened(name: str, content: bytes, password: str) -> tuple[str, bytes]:
    """The file itself, decrypted when it is an encrypted export (a
    password-protected workbook or an AES ZIP)."""
    encrypted = name.lower().endswith(".zip") or content.startswith(OLE)
    if not encrypted:
        return name, content
    if not password:
        raise ImportRefused(
            [Problem(0, "", _("The file is encrypted: give its password."))]
        )
    from safepath.htcds.exports import decrypt

    try:
        return decrypt(name, content, password)
    except ValueError:
        raise ImportRefused(
            [Problem(0, "", _("The password is wrong, or the file is damaged."))]
        ) from None


def htcds_check(
    *,
    name: str,
    content: bytes,
    organisation: Organisation,
    actor,
    password: str = "",
) -> Checked:
    """Read and check every row; nothing is saved."""
    name, content = _opened(name, content, password)
    table = read_table(name, content)
    if not table:
        raise ImportRefused([Problem(0, "", _("The file has no HTCDS columns."))])
    header = table[0]
    columns: list[tuple[int, str]] = []
    ignored = []
    for i, title in enumerate(header):
        canonical = HEADERS.get(_header_key(title))
        if canonical:
            columns.append((i, canonical))
        elif str(title or "").strip():
            ignored.append(str(title))
    if not columns:
        raise ImportRefused([Problem(0, "", _("The file has no HTCDS columns."))])
    problems: list[Problem] = []
    names = [c for _i, c in columns]
    for missing in REQUIRED:
        if missing not in names:
            problems.append(
                Problem(
                    0, "", _("The column %(column)s is missing.") % {"column": missing}
                )
            )
    if problems:
        raise ImportRefused(problems)
    start = 2 if len(table) > 1 and _is_label_row(table[1]) else 1
    if len(table) - start > MAX_ROWS:
        raise ImportRefused(
            [
                Problem(
                    0,
                    "",
                    _("More than %(limit)d rows: split the file.")
                    % {"limit": MAX_ROWS},
                )
            ]
        )
    vocabulary = _Vocabulary(organisation, actor)
    rows = []
    for offset, cells in enumerate(table[start:], start=start + 1):
        if _is_blank(cells):
            continue
        row = Row(number=offset)
        for i, column in columns:
            value = cells[i] if i < len(cells) else ""
            letter = f"{get_column_letter(i + 1)} ({column})"
            if value in ("", None):
                if column in REQUIRED:
                    problems.append(Problem(offset, letter, _("This is required.")))
                continue
            try:
                _convert(column, value, vocabulary, row)
            except ValidationError as error:
                problems.append(Problem(offset, letter, " ".join(error.messages)))
        row.key = _row_key(organisation, columns, cells)
        rows.append(row)
    mine = Case.objects.filter(organisation=organisation)
    seen = set(
        mine.filter(import_key__in=[r.key for r in rows]).values_list(
            "import_key", flat=True
        )
    )
    known = set(
        mine.filter(
            reference__in=[r.reference for r in rows if r.reference]
        ).values_list("reference", flat=True)
    )
    for row in rows:
        row.seen = row.key in seen or row.reference in known
    return Checked(
        rows=rows,
        problems=problems,
        columns=names,
        ignored=ignored,
        already=sum(row.seen for row in rows),
    )


def htcds_check_row(
    *, values: dict, organisation: Organisation, actor
) -> tuple[Row, dict[str, list[str]]]:
    """One row given as HTCDS column names and values (the REST API's JSON
    object; lists and booleans as in a JSON file), checked as a row of a file
    is: the row, ready to register unless it was imported before (`seen`),
    and the problems by column. Names that are no HTCDS column are problems
    here, since no header row shows what was ignored."""
    problems: dict[str, list[str]] = {}
    given: dict[str, str] = {}
    for key, value in values.items():
        canonical = HEADERS.get(_header_key(key))
        if canonical is None:
            problems[str(key)] = [_("This is not an HTCDS column.")]
        else:
            given[canonical] = _json_value(value).strip()
    for name in REQUIRED:
        if not given.get(name):
            problems[name] = [_("This is required.")]
    # In the order of COLUMNS, so that the same values make the same key
    # whatever order the object's keys come in.
    names = [name for name in COLUMNS if name in given]
    cells = [given[name] for name in names]
    vocabulary = _Vocabulary(organisation, actor)
    row = Row(number=1)
    for name, value in zip(names, cells, strict=True):
        if value:
            try:
                _convert(name, value, vocabulary, row)
            except ValidationError as error:
                problems.setdefault(name, []).extend(error.messages)
    row.key = _row_key(organisation, list(enumerate(names)), cells)
    mine = Case.objects.filter(organisation=organisation)
    row.seen = mine.filter(import_key=row.key).exists() or bool(
        row.reference and mine.filter(reference=row.reference).exists()
    )
    return row, problems


def htcds_import(
    *,
    name: str,
    content: bytes,
    organisation: Organisation,
    actor,
    progress: Callable[[int, int], None] | None = None,
    password: str = "",
) -> Checked:
    """Import every new row as a case, all or nothing. Raises ImportRefused
    with every problem if any row has one."""
    checked = htcds_check(
        name=name,
        content=content,
        organisation=organisation,
        actor=actor,
        password=password,
    )
    if checked.problems:
        raise ImportRefused(checked.problems)
    new = checked.new
    # The statistics rows are computed once for all the cases at the end.
    with transaction.atomic(), facts_deferred():
        for done, row in enumerate(new, start=1):
            owner = row.case.pop("cas_CaseOwner", None) or actor
            case = Case(
                organisation=organisation,
                cas_CaseOwner=owner,
                import_key=row.key,
                **row.case,
            )
            case_services.case_register(
                person=Person(**row.person),
                citizenship=row.citizenship,
                case=case,
                victim=VictimContext(**row.victim),
                victim_many=row.many,
                consent_to_record=row.consent,
                actor=actor,
            )
            if progress:
                progress(done, len(new))
    return checked
