"""The two CTDC releases' codebooks, as mappings from a CSV cell to fields.

- k-anonymised global data, codebook v7.1 (September 2021), 2020 extract;
- victim–perpetrator synthetic data, codebook v1 (December 2022).

Each column has a parser: it returns the model fields the cell sets, or
raises CodebookError for a value the codebook does not list. Missing stays
missing: "" for text, None for a flag, so that "unknown" is never counted
as "no".
"""

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import country_converter as coco
from django.utils.translation import gettext as _
from django_countries import countries

from safepath.ctdc.models import Dataset, MajorityStatus, UnRegion
from safepath.htcds.choices import Gender

Parser = Callable[[str], dict[str, Any]]

# UN M49 sub-region (country_converter's "UNregion") -> region, with the
# Americas and Oceania merged as the victim–perpetrator release does.
SUB_REGIONS = {
    UnRegion.AFRICA: ["Eastern Africa", "Middle Africa", "Northern Africa",
                      "Southern Africa", "Western Africa"],
    UnRegion.AMERICAS_OCEANIA: ["Caribbean", "Central America", "Northern America",
                                "South America", "Australia and New Zealand",
                                "Melanesia", "Micronesia", "Polynesia"],
    UnRegion.ASIA: ["Central Asia", "Eastern Asia", "South-eastern Asia",
                    "Southern Asia", "Western Asia"],
    UnRegion.EUROPE: ["Eastern Europe", "Northern Europe", "Southern Europe",
                      "Western Europe"],
}  # fmt: skip
REGION_OF_SUB_REGION = {
    sub: region for region, subs in SUB_REGIONS.items() for sub in subs
}
# The k-anonymised release writes an unknown country as "00" (which this
# extract, once read as a number, shows as "0"); "-99" is CTDC's other
# missing-value code. All mean "not known", not a country.
MISSING_COUNTRY = {"", "0", "00", "-99"}
KANON_AGE_BANDS = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29",
                   "30--38", "39--47", "48+"]  # fmt: skip
MINOR_BANDS = {"0--8", "9--17"}  # the bands split at 18, so majority follows
VP_PERIODS = ["2005-2013", "2014-2018", "2019", "2020", "2021-2022"]
KANON_YEARS = (2002, 2021)
DASHES = re.compile(r"\s*[-‐–—]+\s*")
YEAR = re.compile(r"(\d{4})(?:\.0)?")


class CodebookError(ValueError):
    """A cell's value is not one the codebook lists."""


def _listed(value: str, allowed: Iterable[str]) -> CodebookError:
    shown = ", ".join(f"“{a}”" if a else _("empty") for a in allowed)
    return CodebookError(
        _("“%(value)s” is not in the codebook; expected one of: %(allowed)s.")
        % {"value": value, "allowed": shown}
    )


def _band(value: str, *, double: bool = True) -> str:
    """An age band or period with its dashes written as the CSV releases do:
    "18—20" and "18 – 20" are "18--20"; "2005 – 2013" is "2005-2013"."""
    return DASHES.sub("--" if double else "-", value)


@functools.cache
def _converter() -> coco.CountryConverter:
    return coco.CountryConverter()


@functools.cache
def un_region(iso2: str) -> str:
    """The UN region of a valid ISO 3166-1 alpha-2 code ("" if it has none, as
    Antarctica). country_converter is slow per call: each code once."""
    sub_region = _converter().convert(iso2, src="ISO2", to="UNregion", not_found="")
    return REGION_OF_SUB_REGION.get(sub_region, "")


@functools.cache
def _iso_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


def _mapping(name: str, table: dict[str, Any]) -> Parser:
    def parse(value: str) -> dict[str, Any]:
        if value not in table:
            raise _listed(value, table)
        return {name: table[value]}

    return parse


def _country(name: str, region_name: str) -> Parser:
    def parse(value: str) -> dict[str, Any]:
        if value in MISSING_COUNTRY:
            return {name: "", region_name: ""}
        if value not in _iso_codes():
            raise CodebookError(
                _("“%(value)s” is not an ISO 3166-1 alpha-2 country code.")
                % {"value": value}
            )
        return {name: value, region_name: un_region(value)}

    return parse


def _kanon_year(value: str) -> dict[str, Any]:
    # "2016.0" too: like the flags, a year may have been through a float column.
    match = YEAR.fullmatch(value)
    year = int(match[1]) if match else None
    if year is None or not KANON_YEARS[0] <= year <= KANON_YEARS[1]:
        raise CodebookError(
            _("“%(value)s” is not a year from %(first)s to %(last)s.")
            % {"value": value, "first": KANON_YEARS[0], "last": KANON_YEARS[1]}
        )
    return {"year_of_registration": year, "registration_period": str(year)}


def _kanon_age(value: str) -> dict[str, Any]:
    band = _band(value)
    if band and band not in KANON_AGE_BANDS:
        raise _listed(value, ["", *KANON_AGE_BANDS])
    if not band:
        return {"age_band": "", "majority_status": ""}
    minor = band in MINOR_BANDS
    return {
        "age_band": band,
        "majority_status": MajorityStatus.MINOR if minor else MajorityStatus.ADULT,
    }


def _vp_period(value: str) -> dict[str, Any]:
    period = _band(value, double=False)
    if period and period not in VP_PERIODS:
        raise _listed(value, ["", *VP_PERIODS])
    single = period.isdigit()
    return {
        "year_of_registration": int(period) if single else None,
        "registration_period": period,
    }


def _one_of(allowed: Iterable[str]) -> Parser:
    """A check for a column kept in `extra` as it is: it sets no field."""
    allowed = list(allowed)

    def parse(value: str) -> dict[str, Any]:
        if value not in allowed:
            raise _listed(value, allowed)
        return {}

    return parse


def _multi(allowed: list[str], *, bands: bool = False) -> Parser:
    """A check for a column kept in `extra`: ";"-joined values, each listed."""

    def parse(value: str) -> dict[str, Any]:
        for part in value.split(";") if value else []:
            if (_band(part) if bands else part) not in allowed:
                raise _listed(part, allowed)
        return {}

    return parse


KANON_FLAG = {"": None, "0": False, "0.0": False, "1": True, "1.0": True}
VP_FLAG = {"": None, "1": True}  # the codebook lists only 1 and NULL
KANON_GENDER = {
    "": "",
    "Female": Gender.FEMININE,
    "Male": Gender.MASCULINE,
    # Not disaggregated by CTDC (and "Trans/Transgender/NonConforming" in
    # later codebooks): HTCDS's non-conforming is the value that covers it.
    "Transgender/NonConforming": Gender.NON_CONFORMING,
    "Trans/Transgender/NonConforming": Gender.NON_CONFORMING,
}
VP_GENDER = {"": "", "Female": Gender.FEMININE, "Male": Gender.MASCULINE}
VP_REGION = {"": "", **{region.value: region.value for region in UnRegion}}


@dataclass(frozen=True)
class Release:
    """A release's columns: those mapped to fields, and those kept in
    `extra` (checked against the codebook when it lists their values)."""

    dataset: Dataset
    columns: dict[str, Parser]
    checked: dict[str, Parser] = field(default_factory=dict)


RELEASES = [
    Release(
        dataset=Dataset.KANON_2020,
        columns={
            "yearOfRegistration": _kanon_year,
            "gender": _mapping("gender", KANON_GENDER),
            "ageBroad": _kanon_age,
            "citizenship": _country("citizenship", "citizenship_region"),
            "isForcedLabour": _mapping("is_forced_labour", KANON_FLAG),
            "isSexualExploit": _mapping("is_sexual_exploit", KANON_FLAG),
            "CountryOfExploitation": _country(
                "country_of_exploitation", "exploitation_region"
            ),
        },
    ),
    Release(
        dataset=Dataset.VP_SYNTHETIC,
        columns={
            "yearRegister": _vp_period,
            "gender": _mapping("gender", VP_GENDER),
            "majorityStatus": _mapping(
                "majority_status",
                {"": "", **{m.value: m.value for m in MajorityStatus}},
            ),
            "isForcedLabour": _mapping("is_forced_labour", VP_FLAG),
            "isSexualExploit": _mapping("is_sexual_exploit", VP_FLAG),
            "UN_COO_Region": _mapping("citizenship_region", VP_REGION),
            "UN_COE_Region": _mapping("exploitation_region", VP_REGION),
        },
        checked={
            "IP_Exploiter": _one_of(VP_FLAG),
            "IP_RecruiterBroker": _one_of(VP_FLAG),
            "IP_TransactionProcess": _one_of(VP_FLAG),
            "IP_ControlAbuseKidnap": _one_of(VP_FLAG),
            "IP_Gender": _multi(["Female", "Male"]),
            "IP_ageBroad": _multi(["0--29", "30--38", "39--47", "48+"], bands=True),
            "IP_citizen_UNRegion": _multi([*UnRegion.values, "Oceania"]),
            "IP_Relation": _multi(
                ["FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther"]
            ),
            "IP_PayMoney": _multi(["No", "Yes"]),
        },
    ),
]
RELEASE_OF = {release.dataset: release for release in RELEASES}
