"""Reading a participant list from a spreadsheet (.xlsx or .csv).

Every row is checked before anything is saved; a problem is reported with
its row number (as the spreadsheet program shows it: the header is row 1)
and column, and one problem anywhere imports nothing.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from safepath.htcds.choices import Gender
from safepath.lib.tabular import ImportRefused, Problem, open_workbook, read_csv
from safepath.prevention.models import Participant, Sector

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
LANGUAGES = ("mn", "en", "fr")

# The columns, by key; each also accepts its label in every language.
COLUMNS = {
    "name": "name",
    "sector": "sector",
    "gender": "gender",
    "organisation": "workplace",
    "position": "position",
    "consent_to_contact": "consent_to_contact",
    "phone": "phone",
    "email": "email",
}
REQUIRED = ("name", "sector", "gender")
YES = {"yes", "y", "1", "true", "x", "тийм", "т", "oui", "o", "✓"}
NO = {"no", "n", "0", "false", "", "үгүй", "ү", "non"}
# Short forms people type for gender, besides the labels.
GENDER_WORDS = {
    "f": Gender.FEMININE,
    "female": Gender.FEMININE,
    "woman": Gender.FEMININE,
    "эм": Gender.FEMININE,
    "эмэгтэй": Gender.FEMININE,
    "femme": Gender.FEMININE,
    "m": Gender.MASCULINE,
    "male": Gender.MASCULINE,
    "man": Gender.MASCULINE,
    "эр": Gender.MASCULINE,
    "эрэгтэй": Gender.MASCULINE,
    "homme": Gender.MASCULINE,
}


def _fold(value) -> str:
    return " ".join(str(value or "").casefold().split())


def _labels(choices, extra: dict | None = None) -> dict[str, str]:
    """Every way a value may be written: its code and its label in each
    language, folded."""
    known = {_fold(value): value for value, _label in choices.choices}
    for language in LANGUAGES:
        with translation.override(language):
            known.update({_fold(label): value for value, label in choices.choices})
    known.update(extra or {})
    return known


def _header_aliases() -> dict[str, str]:
    aliases = {}
    for key, field_name in COLUMNS.items():
        aliases[_fold(key)] = key
        aliases[_fold(key.replace("_", " "))] = key
        verbose = Participant._meta.get_field(field_name).verbose_name
        for language in LANGUAGES:
            with translation.override(language):
                aliases[_fold(str(verbose))] = key
    aliases[_fold("e-mail")] = "email"
    return aliases


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """The cells of the first sheet (or the CSV) as text, header included."""
    lower = name.lower()
    if len(content) > MAX_BYTES:
        raise ImportRefused(
            [Problem(0, "", _("The file is larger than 2 MB: split it."))]
        )
    if lower.endswith(".xlsx"):
        book = open_workbook(content)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        book.close()
    elif lower.endswith(".csv"):
        rows = read_csv(content)
    else:
        raise ImportRefused(
            [Problem(0, "", _("Upload an .xlsx workbook or a .csv file."))]
        )
    # Trailing empty rows are not participants.
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(
            [
                Problem(
                    0,
                    "",
                    _("The file has more than %(n)s participants: split it.")
                    % {"n": MAX_ROWS},
                )
            ]
        )
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def participants_from_rows(
    rows: list[list[str]], *, existing_names: set[str] = frozenset()
) -> list[Participant]:
    """Participants (unsaved) from the rows, or ImportRefused with every
    problem found."""
    if not rows:
        raise ImportRefused([Problem(0, "", _("The file is empty."))])
    aliases = _header_aliases()
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    header = rows[0]
    for index, title in enumerate(header):
        if not title.strip():
            continue
        key = aliases.get(_fold(title))
        letter = f"{get_column_letter(index + 1)} ({title})"
        if key is None:
            problems.append(Problem(1, letter, _("unknown column.")))
        elif key in columns:
            problems.append(Problem(1, letter, _("this column appears twice.")))
        else:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            problems.append(
                Problem(
                    1, "", _("the column “%(column)s” is missing.") % {"column": key}
                )
            )
    if problems:
        raise ImportRefused(problems)

    sectors = _labels(Sector)
    genders = _labels(Gender, GENDER_WORDS)
    seen = {_fold(name) for name in existing_names}
    participants = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        def where(key: str) -> str:
            index = columns[key]
            return f"{get_column_letter(index + 1)} ({header[index]})"

        def problem(key: str, message: str, number=number) -> None:
            problems.append(Problem(number, where(key), message))

        name = cell("name")
        if not name:
            problem("name", _("the name is missing."))
        elif len(name) > 200:
            problem("name", _("the name is longer than 200 characters."))
        elif _fold(name) in seen:
            problem("name", _("%(name)s is already on the list.") % {"name": name})
        seen.add(_fold(name))
        sector = sectors.get(_fold(cell("sector")))
        if sector is None:
            problem(
                "sector",
                _("“%(value)s” is not a sector; use one of: %(choices)s.")
                % {
                    "value": cell("sector"),
                    "choices": ", ".join(str(label) for _v, label in Sector.choices),
                },
            )
        gender = genders.get(_fold(cell("gender")))
        if gender is None:
            problem(
                "gender",
                _("“%(value)s” is not a gender; use one of: %(choices)s.")
                % {
                    "value": cell("gender"),
                    "choices": ", ".join(str(label) for _v, label in Gender.choices),
                },
            )
        consent = False
        if "consent_to_contact" in columns:
            answer = _fold(cell("consent_to_contact"))
            if answer in YES:
                consent = True
            elif answer not in NO:
                problem(
                    "consent_to_contact",
                    _("“%(value)s” is neither yes nor no.") % {"value": answer},
                )
        phone, email = cell("phone"), cell("email")
        for key, value in (("phone", phone), ("email", email)):
            if value and not consent:
                problem(
                    key,
                    _(
                        "contact details are kept only when the participant "
                        "agrees to be contacted (column consent_to_contact)."
                    ),
                )
        if phone and (len(phone) > 40 or sum(c.isdigit() for c in phone) < 6):
            problem("phone", _("this is not a phone number."))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem("email", _("this is not an e-mail address."))
        for key, limit in (("organisation", 200), ("position", 200)):
            if len(cell(key)) > limit:
                problem(key, _("longer than %(n)s characters.") % {"n": limit})
        participants.append(
            Participant(
                name=name,
                sector=sector or "",
                gender=gender or "",
                workplace=cell("organisation"),
                position=cell("position"),
                consent_to_contact=consent,
                phone=phone if consent else "",
                email=email if consent else "",
            )
        )
    if not participants and not problems:
        problems.append(
            Problem(0, "", _("The file has no participants under its header."))
        )
    if problems:
        raise ImportRefused(problems)
    return participants
