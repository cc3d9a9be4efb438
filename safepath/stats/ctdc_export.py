"""Safepath's cases as a CTDC-format dataset (variables of the Counter
Trafficking Data Collaborative's global k-anonymised release, codebook v7.1),
k-anonymised before it leaves.

One record per person (their first case in the scope), counting only people
who consented to anonymised statistics (dashboard.counted_cases with the
published rule). The mapping from HTCDS is documented in docs/anonymisation.md.
"""

import csv
import io
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from safepath.cases.models import TraffickingEvent, VictimContext
from safepath.htcds.choices import Gender, TraffickingEventType, TypeOfExploitation
from safepath.lib.ages import majority_status
from safepath.people.models import Person
from safepath.stats.anonymity import Anonymised, anonymise, plain_suppression
from safepath.stats.dashboard import Scope, counted_cases
from safepath.stats.hierarchies import CTDC_HIERARCHIES

DEFAULT_K = 11

COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "CountryOfExploitation",
]
# The CTDC quasi-identifiers: every variable someone who knows a person
# could know and look up (Datasource is the same for every record).
QUASI_IDENTIFIERS = [name for name in COLUMNS if name != "Datasource"]
GENDERS = {
    Gender.FEMININE: "Female",
    Gender.MASCULINE: "Male",
    Gender.TRANSGENDER_FEMININE: "Transgender/NonConforming",
    Gender.TRANSGENDER_MASCULINE: "Transgender/NonConforming",
    Gender.NON_CONFORMING: "Transgender/NonConforming",
}
LABOUR = frozenset(
    {
        TypeOfExploitation.FORCED_LABOUR,
        TypeOfExploitation.CHILD_LABOUR,
        TypeOfExploitation.FORCED_BEGGING,
    }
)
SEXUAL = frozenset({TypeOfExploitation.SEXUAL_EXPLOITATION})


def _flag(kinds: set[str] | None, wanted) -> str:
    """CTDC's 0/1 flag; missing when no type of exploitation is recorded."""
    if not kinds:
        return ""
    return "1" if kinds & wanted else "0"


def ctdc_frame(scope: Scope) -> pd.DataFrame:
    """The scope's consented cases as CTDC records (strings, "" = missing),
    one per person, before anonymisation."""
    scope = replace(scope, published=True)
    cases = counted_cases(scope)
    rows = (
        cases.order_by("opened_on", "pk")
        .values_list(
            "pk",
            "person_id",
            "opened_on",
            "age_band",
            "person__prs_Gender",
            "victim__vic_AgeWhenTrafficked",
            "victim__vic_LocationOfExploitation__path",
            "fact__identity",
        )
        .iterator(chunk_size=5000)
    )
    kinds: dict = {}
    through = VictimContext.vic_TypeOfExploitation.through
    for case_id, value in through.objects.filter(
        victimcontext__case__in=cases.values("pk")
    ).values_list("victimcontext_id", "picklistvalue__value"):
        kinds.setdefault(case_id, set()).add(value)
    citizenship: dict = {}
    for person_id, code in (
        Person.prs_Citizenship.through.objects.filter(
            person__cases__in=cases.values("pk")
        )
        .order_by("pk")
        .values_list("person_id", "picklistvalue__value")
    ):
        citizenship.setdefault(person_id, code)  # the first one recorded
    exploited_in: dict = {}
    for case_id, country in (
        TraffickingEvent.objects.filter(
            case__in=cases.values("pk"), hte_Type=TraffickingEventType.EXPLOITATION
        )
        .exclude(hte_Country="")
        .order_by("hte_Date", "pk")
        .values_list("case_id", "hte_Country")
    ):
        exploited_in.setdefault(case_id, country)
    records, seen = [], set()
    for case_id, person_id, opened, band, gender, age_then, place, identity in rows:
        # One record per person (however many records of them organisations
        # hold, stats.CaseFact.identity): their first case.
        if (identity or person_id) in seen:
            continue
        seen.add(identity or person_id)
        types = kinds.get(case_id)
        country = exploited_in.get(case_id) or ("MN" if place else "")
        records.append(
            (
                str(opened.year),
                "Case management",
                GENDERS.get(gender, ""),
                band,
                majority_status(band),
                "" if age_then is None else ("Minor" if age_then < 18 else "Adult"),
                citizenship.get(person_id, ""),
                _flag(types, LABOUR),
                _flag(types, SEXUAL),
                _other(types),
                country,
            )
        )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def _other(kinds: set[str] | None) -> str:
    if not kinds:
        return ""
    return "1" if kinds - LABOUR - SEXUAL else "0"


def as_csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    return out.getvalue()


@dataclass(frozen=True)
class Release:
    """A k-anonymised CTDC-format dataset ready to share, and how much of
    the data it keeps."""

    result: Anonymised
    plain_suppression_kept: int

    @property
    def data(self) -> pd.DataFrame:
        return self.result.data


def ctdc_release(scope: Scope, k: int = DEFAULT_K) -> Release:
    """The scope's consented cases in CTDC format, k-anonymised over the
    CTDC quasi-identifiers, rows in random order (their order would
    otherwise tell the year of registration)."""
    frame = ctdc_frame(scope)
    hierarchies = {name: CTDC_HIERARCHIES[name] for name in QUASI_IDENTIFIERS}
    result = anonymise(frame, hierarchies, k)
    order = np.random.default_rng().permutation(len(result.data))
    shuffled = result.data.iloc[order].reset_index(drop=True)
    return Release(
        result=replace(result, data=shuffled),
        plain_suppression_kept=plain_suppression(frame, QUASI_IDENTIFIERS, k),
    )
