"""Generalisation hierarchies for the CTDC quasi-identifiers (pure Python).

A hierarchy turns a value into coarser and coarser labels, one per level:
level 0 is the value itself, then each of `Hierarchy.levels` in turn, and the
last level is always SUPPRESSED (`*`). The levels must form a tree (every
label of a level has exactly one label at the next level); the engine
(safepath.stats.anonymity) checks this. Missing values ("") are a category of
their own and stay "" until `*`. docs/anonymisation.md describes each one.
"""

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SUPPRESSED = "*"
SEVERAL = "several"

Level = Callable[[str], str] | Mapping[str, str]


@dataclass(frozen=True, eq=False)
class Hierarchy:
    """A name and the intermediate levels, finest first: each a function or a
    mapping from the original value to that level's label (a value missing
    from a mapping goes to `*`). Level 0 is the value, level `height` is `*`."""

    name: str
    levels: tuple[Level, ...] = ()

    @property
    def height(self) -> int:
        """The level of `*`: the number of generalisation steps."""
        return len(self.levels) + 1

    def label(self, value: str, level: int) -> str:
        """The label of an original value at a level (0 ... height)."""
        if level <= 0:
            return value
        if level >= self.height:
            return SUPPRESSED
        step = self.levels[level - 1]
        if isinstance(step, Mapping):
            return str(step.get(value, SUPPRESSED))
        return str(step(value))

    def labels(self, value: str) -> list[str]:
        """The labels of a value at every level, from itself up to `*`."""
        return [self.label(value, level) for level in range(self.height + 1)]


# Years ---------------------------------------------------------------------

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:(?:-{1,2}|–|—)\s*(\d{4}))?\s*$")


def _band(year: int, width: int) -> tuple[int, int]:
    """The band of a year. Bands of 10 and 5 years start at multiples of 10
    and 5; 2-year bands are nested in the 5-year ones (2010-2011, 2012-2013,
    2014), since a tree cannot have 2014-2015 under both 2010-2014 and
    2015-2019."""
    if width == 2:
        five = year - year % 5
        start = five + (year - five) // 2 * 2
        return start, min(start + 1, five + 4)
    start = year - year % width
    return start, start + width - 1


def year_band(value: str, width: int) -> str:
    """The band of `width` (2, 5 or 10) years holding a year ("2016") or a
    range of years ("2014-2018"); a range wider than the band stays as it
    is; "" stays ""; anything else is `*`."""
    if value == "":
        return ""
    found = _YEARS.match(value)
    if found is None:
        return SUPPRESSED
    first = int(found.group(1))
    last = int(found.group(2) or first)
    if last < first:
        return SUPPRESSED
    start, end = _band(first, width)
    if _band(last, width) != (start, end):
        return value
    return str(start) if start == end else f"{start}-{end}"


def year_hierarchy(name: str) -> Hierarchy:
    """Year → 2-year band → 5-year band → 10-year band → `*`."""
    return Hierarchy(
        name,
        (
            functools.partial(year_band, width=2),
            functools.partial(year_band, width=5),
            functools.partial(year_band, width=10),
        ),
    )


# Ages ----------------------------------------------------------------------

_AGES = re.compile(r"^\s*(\d+)\s*(?:(?:-{1,2}|–|—)\s*(\d+)|(\+))\s*$")


def age_group(value: str) -> str:
    """CTDC's ageBroad band (0--8 ... 48+) → 0--17, 18--29 or 30+; "" stays
    ""; anything else (e.g. a band across 18 or 30) is `*`."""
    if value == "":
        return ""
    found = _AGES.match(value)
    if found is None:
        return SUPPRESSED
    low = int(found.group(1))
    high = None if found.group(3) else int(found.group(2))
    if high is not None and high < low:
        return SUPPRESSED
    if high is not None and high <= 17:
        return "0--17"
    if low >= 18 and high is not None and high <= 29:
        return "18--29"
    if low >= 30:
        return "30+"
    return SUPPRESSED


def age_hierarchy(name: str) -> Hierarchy:
    """ageBroad → 0--17 / 18--29 / 30+ → `*`."""
    return Hierarchy(name, (age_group,))


# Countries -----------------------------------------------------------------

# UN M49: the region of each sub-region that country_converter's UNregion
# gives (for Latin America and sub-Saharan Africa, the intermediate region).
SUBREGION_REGION: dict[str, str] = {
    "Eastern Africa": "Africa",
    "Middle Africa": "Africa",
    "Northern Africa": "Africa",
    "Southern Africa": "Africa",
    "Western Africa": "Africa",
    "Caribbean": "Americas",
    "Central America": "Americas",
    "South America": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
}


@functools.cache
def country_regions() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 alpha-2 and alpha-3 code → (UN sub-region, UN region), from
    country_converter, built once (the converter is slow per call)."""
    import country_converter as coco
    import pandas as pd

    converter = coco.CountryConverter()
    regions: dict[str, tuple[str, str]] = {}
    for source in ("ISO2", "ISO3"):
        codes = sorted(
            {
                part.strip("^$")
                for entry in converter.data[source].dropna()
                for part in str(entry).split("|")
            }
        )
        series = pd.Series(codes)
        subregions = converter.pandas_convert(
            series, src=source, to="UNregion", not_found=None
        )
        continents = converter.pandas_convert(
            series, src=source, to="continent", not_found=None
        )
        for code, subregion, continent in zip(
            codes, subregions, continents, strict=True
        ):
            if not isinstance(subregion, str) or subregion == code:
                continue
            fallback = "Americas" if continent == "America" else str(continent)
            regions[code] = (subregion, SUBREGION_REGION.get(subregion, fallback))
    return regions


def country_subregion(value: str) -> str:
    """ISO code → UN sub-region; "" stays ""; an unknown code is `*`."""
    if value == "":
        return ""
    found = country_regions().get(value.strip().upper())
    return SUPPRESSED if found is None else found[0]


def country_region(value: str) -> str:
    """ISO code → UN region (continent); "" stays ""; unknown is `*`."""
    if value == "":
        return ""
    found = country_regions().get(value.strip().upper())
    return SUPPRESSED if found is None else found[1]


def country_hierarchy(name: str) -> Hierarchy:
    """ISO code → UN sub-region → UN region → `*` (unknown codes, such as
    CTDC's "0", are `*` from the first step)."""
    return Hierarchy(name, (country_subregion, country_region))


# Categories and sets --------------------------------------------------------


def several(value: str) -> str:
    """A multi-valued cell ("Female;Male") → "several"; others unchanged."""
    return SEVERAL if ";" in value else value


def flat_hierarchy(name: str) -> Hierarchy:
    """Value → `*` (gender, majority status, 0/1 flags, UN regions)."""
    return Hierarchy(name)


def multi_valued_hierarchy(name: str) -> Hierarchy:
    """Value → "several" when it holds a ";" (else unchanged) → `*`."""
    return Hierarchy(name, (several,))


_FLAGS = [
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "isAbduction",
    "IP_Exploiter",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
]
_SETS = [
    "typeOfExploitConcatenated",
    "typeOfLabourConcatenated",
    "typeOfSexConcatenated",
    "meansOfControlConcatenated",
    "IP_Gender",
    "IP_Relation",
    "IP_ageBroad",
    "IP_citizen_UNRegion",
    "IP_PayMoney",
]

# Every CTDC column (k-anonymised release v7.1, global synthetic data,
# victim-perpetrator synthetic data) that can be a quasi-identifier.
CTDC_HIERARCHIES: dict[str, Hierarchy] = {
    "yearOfRegistration": year_hierarchy("yearOfRegistration"),
    "yearRegister": year_hierarchy("yearRegister"),
    "gender": flat_hierarchy("gender"),
    "ageBroad": age_hierarchy("ageBroad"),
    "majorityStatus": flat_hierarchy("majorityStatus"),
    "majorityStatusAtExploit": flat_hierarchy("majorityStatusAtExploit"),
    "majorityEntry": flat_hierarchy("majorityEntry"),
    "citizenship": country_hierarchy("citizenship"),
    "CountryOfExploitation": country_hierarchy("CountryOfExploitation"),
    "UN_COO_Region": flat_hierarchy("UN_COO_Region"),
    "UN_COE_Region": flat_hierarchy("UN_COE_Region"),
    "RecruiterRelationship": multi_valued_hierarchy("RecruiterRelationship"),
    **{name: flat_hierarchy(name) for name in _FLAGS},
    **{name: multi_valued_hierarchy(name) for name in _SETS},
}

# The quasi-identifiers of CTDC's two public files, as issue #8 names them for
# the victim–perpetrator set and as the k-anonymised release has them.
VP_QUASI_IDENTIFIERS = [
    "yearRegister",
    "gender",
    "majorityStatus",
    "UN_COO_Region",
    "UN_COE_Region",
    "isForcedLabour",
    "isSexualExploit",
    "IP_Gender",
    "IP_Relation",
]
KANON_QUASI_IDENTIFIERS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "CountryOfExploitation",
]
