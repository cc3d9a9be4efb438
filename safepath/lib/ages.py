"""Age bands as the Counter Trafficking Data Collaborative (CTDC) publishes
them (ageBroad): statistics never need, and never get, a birth date."""

from datetime import date

from django.utils.translation import gettext_lazy as _

# (band, first age, last age); the last band has no upper bound.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0--8", 0, 8),
    ("9--17", 9, 17),
    ("18--20", 18, 20),
    ("21--23", 21, 23),
    ("24--26", 24, 26),
    ("27--29", 27, 29),
    ("30--38", 30, 38),
    ("39--47", 39, 47),
    ("48+", 48, None),
]
AGE_BAND_CHOICES = [(band, band.replace("--", "–")) for band, _a, _b in AGE_BANDS]
MINOR_BANDS = frozenset({"0--8", "9--17"})
ADULT, MINOR = "Adult", "Minor"
MAJORITY_LABELS = {ADULT: _("Adult"), MINOR: _("Minor (under 18)")}


def age_on(birthdate: date, day: date) -> int:
    return (
        day.year
        - birthdate.year
        - ((day.month, day.day) < (birthdate.month, birthdate.day))
    )


def age_band(birthdate: date | None, day: date) -> str:
    """The band of the age on `day`; "" when the birth date is not known."""
    if birthdate is None or birthdate > day:
        return ""
    age = age_on(birthdate, day)
    for band, first, last in AGE_BANDS:
        if age >= first and (last is None or age <= last):
            return band
    return ""


def majority_status(band: str) -> str:
    if not band:
        return ""
    return MINOR if band in MINOR_BANDS else ADULT
