"""Person records made comparable: the columns the matching engine compares,
derived from what organisations write.

Input columns (any may be empty): id, given_name, patronymic, birth_date,
sex, registration_number, phone; names in Cyrillic or Latin script. Where
known, address, locality and postcode may be given too.

- Names go through the project's script- and spelling-folding key
  (lib/names.py): "Бат-Эрдэнэ", "Bat-Erdene", "Baterdene" have one key.
- The patronymic loses its genitive ending (Ганбаатарын → Ганбаатар,
  Доржийн → Дорж, Нямаагийн → Нямаа) and may be only an initial ("Г.").
- A Mongolian registration number gives a birth date and a sex
  (lib/regno.py); they fill the record's own when those are missing.
- Phones keep their last eight digits; sex is M or F.

This module does not need Django: the command line runs it on any CSV.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

from safepath.lib import regno
from safepath.lib.names import name_word_key, name_words

COLUMNS = [
    "id",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "registration_number",
    "phone",
]
# Optional input columns: where a person lives (Safepath's mailing address).
ADDRESS_COLUMNS = ["address", "locality", "postcode"]
# The columns the engine compares (besides unique_id).
PREPARED = [
    "given_key",
    "given_stem",
    "patronymic_key",
    "patronymic_initial",
    "patronymic_is_initial",
    "birth_date",
    "birth_year",
    "sex",
    "regno",
    "phone",
    "address",
    "locality",
    "postcode",
]

_MALE = {"m", "male", "man", "masculine", "эр", "эрэгтэй", "1"}
_FEMALE = {"f", "female", "woman", "feminine", "эм", "эмэгтэй", "2"}
_DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d"]
# Genitive endings in the key's spelling (-ын/-ийн → "in", -гийн → "gin").
_GENITIVE = [("gin", 3), ("in", 2)]


def name_key(text: str) -> str:
    """All the words of a name as one key ("Бат-Эрдэнэ", "Bat Erdene" and
    "Baterdene" alike)."""
    return "".join(name_word_key(word) for word in name_words(text or ""))


def is_initial(text: str) -> bool:
    """ "Г.", "G", "Ts." — a patronymic cut to its first letter."""
    letters = re.sub(r"[\s.]", "", text or "")
    return 0 < len(letters) <= 2 and (text.strip().endswith(".") or len(letters) == 1)


def patronymic_key(text: str) -> str:
    """The father's name without its genitive ending; "" for an initial."""
    if is_initial(text):
        return ""
    key = name_key(text)
    for ending, length in _GENITIVE:
        if key.endswith(ending) and len(key) - length >= 3:
            return key[:-length]
    return key


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def parse_sex(text: str) -> str:
    value = (text or "").strip().lower()
    if value in _MALE:
        return "M"
    if value in _FEMALE:
        return "F"
    return ""


def phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    return digits[-8:] if len(digits) >= 6 else ""


# Latin H, P and C are read as Х, П and Ц (their sounds) by regno.fold, but
# clerks also type them for the Cyrillic letters they look like: Н, Р, С.
# The matching key does not tell each pair apart.
_LOOK_ALIKES = str.maketrans({"Н": "Х", "Р": "П", "С": "Ц"})


def identity_key(text: str) -> tuple[str, date | None, str]:
    """(key, birth date, sex) of a registration number; another document's
    number is compared as typed, upper case, without spaces or dashes."""
    text = (text or "").strip()
    if not text:
        return "", None, ""
    try:
        number = regno.parse(text)
    except ValueError:
        return re.sub(r"[\s\-]", "", text).upper(), None, ""
    key = number.value[:2].translate(_LOOK_ALIKES) + number.value[2:]
    return key, number.birth_date, "M" if number.is_male else "F"


def prepare(record: dict) -> dict:
    """One input record (COLUMNS) as the engine's columns (PREPARED), with
    None for what is missing."""
    patronymic = (record.get("patronymic") or "").strip()
    key, regno_born, regno_sex = identity_key(record.get("registration_number"))
    born = parse_date(record.get("birth_date")) or regno_born
    initial = name_key(patronymic)[:1]
    return {
        "unique_id": str(record["id"]),
        "given_key": name_key(record.get("given_name")) or None,
        # As a patronymic would be: for names written in each other's field.
        "given_stem": patronymic_key(record.get("given_name") or "") or None,
        "patronymic_key": patronymic_key(patronymic) or None,
        "patronymic_initial": initial or None,
        "patronymic_is_initial": is_initial(patronymic),
        "birth_date": born.isoformat() if born else None,
        "birth_year": born.year if born else None,
        "sex": parse_sex(record.get("sex")) or regno_sex or None,
        "regno": key or None,
        "phone": phone_key(record.get("phone")) or None,
        "address": _text(record.get("address")),
        "locality": _text(record.get("locality")),
        "postcode": _text(record.get("postcode")),
    }


def _text(value) -> str | None:
    """Lower case, one space between words; None when empty."""
    return " ".join(str(value or "").lower().split()) or None


def prepare_all(records: Iterable[dict]) -> list[dict]:
    return [prepare(record) for record in records]
