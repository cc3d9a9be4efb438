"""Mongolian civil registration numbers (регистрийн дугаар).

Two Cyrillic letters, the birth date as YYMMDD (births from 2000 on add 20 to
the month), then two digits of which the first is odd for men and even for
women. No check-digit algorithm is public, so none is applied. Sources and
caveats: ../shared/reference/mongolia_notes.md.
"""

import re
from dataclasses import dataclass
from datetime import date

# What people type instead of the Cyrillic letters: Latin look-alikes and the
# usual romanisations (Y/V for Ү, "UB" for УБ).
_LATIN_TO_CYRILLIC = {
    "A": "А", "B": "Б", "V": "Ү", "G": "Г", "D": "Д", "E": "Э", "J": "Ж",
    "Z": "З", "I": "И", "K": "К", "L": "Л", "M": "М", "N": "Н", "O": "О",
    "Ö": "Ө", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У", "Ü": "Ү",
    "F": "Ф", "H": "Х", "X": "Х", "C": "Ц", "Y": "Ү",
}  # fmt: skip
_LETTERS_THEN_DIGITS = re.compile(r"^([А-ЯЁӨҮ]{2})([0-9]+)$")


@dataclass(frozen=True)
class RegistrationNumber:
    value: str
    birth_date: date | None
    is_male: bool


class NotARegistrationNumber(ValueError):
    """The text does not have the shape of a registration number at all."""


class InvalidRegistrationNumber(ValueError):
    """It has the shape but cannot be right (wrong length, impossible date)."""


def fold(text: str) -> str:
    """Upper-case, drop spaces and dashes, and turn Latin letters into Cyrillic."""
    text = re.sub(r"[\s\-]", "", text).upper()
    letters = "".join(_LATIN_TO_CYRILLIC.get(c, c) for c in text[:2])
    return letters + text[2:]


def parse(text: str) -> RegistrationNumber:
    value = fold(text)
    match = _LETTERS_THEN_DIGITS.match(value)
    if not match:
        raise NotARegistrationNumber(text)
    digits = match.group(2)
    if len(digits) != 8:
        raise InvalidRegistrationNumber("length")
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if month > 20:
        year, month = 2000 + year, month - 20
    else:
        year += 1900
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidRegistrationNumber("date") from None
    return RegistrationNumber(
        value=value, birth_date=born, is_male=int(digits[6]) % 2 == 1
    )
