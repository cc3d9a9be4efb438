"""The reasons of a pair (engine.LEVELS codes) in words."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from safepath.dedup.engine import LEVELS

COMPARISONS = {
    "given_key": _("Given name"),
    "patronymic_key": _("Patronymic"),
    "birth_date": _("Birth date"),
    "sex": _("Sex"),
    "regno": _("Registration number"),
    "phone": _("Phone"),
    "address": _("Address"),
    "locality": _("Town or village"),
    "postcode": _("Postcode"),
}
LEVEL_WORDS = {
    "exact": _("the same"),
    "swapped": _("written in the other name's place"),
    "prefix": _("one is the start of the other"),
    "close": _("nearly the same"),
    "similar": _("similar"),
    "initials": _("only an initial, which agrees"),
    "one_typo": _("one character apart"),
    "day_month_swapped": _("day and month swapped"),
    "two_typos": _("two characters apart"),
    "different": _("different"),
}


@dataclass
class Reason:
    field: str
    level: str
    agrees: bool


def reasons_in_words(codes: dict[str, str]) -> list[Reason]:
    """In the order of the comparisons; agreeing ones first."""
    found = [
        Reason(
            str(COMPARISONS[name]),
            str(LEVEL_WORDS[codes[name]]),
            codes[name] != "different",
        )
        for name in LEVELS
        if name in codes and codes[name] in LEVEL_WORDS
    ]
    return sorted(found, key=lambda r: not r.agrees)
