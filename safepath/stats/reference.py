"""Safepath's published figures beside the CTDC reference datasets
(safepath.ctdc), in the same categories, as shares of each dataset."""

from collections import Counter
from dataclasses import replace

from django.db.models import Count
from django.utils.translation import gettext as _

from safepath.ctdc.models import Dataset
from safepath.ctdc.selectors import (
    Dimension,
    datasets_loaded,
    reference_counts,
    reference_label,
)
from safepath.htcds.choices import Gender
from safepath.lib.ages import majority_status
from safepath.lib.reporting import Table
from safepath.stats.ctdc_export import GENDERS, LABOUR, SEXUAL
from safepath.stats.dashboard import Scope, counted_facts
from safepath.stats.disclosure import protect

COMPARED = [
    Dimension.GENDER,
    Dimension.AGE_BAND,
    Dimension.MAJORITY_STATUS,
    Dimension.TYPE_OF_EXPLOITATION,
]
# CTDC's gender codes to the HTCDS values the reference data is stored
# with, and so Safepath's genders to those values through our CTDC export's
# mapping (transgender people count as CTDC's "Transgender/NonConforming").
GENDER_FROM_CTDC = {
    "Female": Gender.FEMININE,
    "Male": Gender.MASCULINE,
    "Transgender/NonConforming": Gender.NON_CONFORMING,
}
COMPARED_GENDER = {ours: GENDER_FROM_CTDC[code] for ours, code in GENDERS.items()}


def _type_of_exploitation(exploitation: str) -> str:
    """CTDC's categories from the case's types of exploitation."""
    kinds = set(exploitation.strip("|").split("|")) - {""}
    if not kinds:
        return "Unknown"
    labour, sexual = bool(kinds & LABOUR), bool(kinds & SEXUAL)
    if labour and sexual:
        return "Both"
    if labour:
        return "ForcedLabour"
    if sexual:
        return "SexualExploitation"
    return "Neither"


def safepath_counts(scope: Scope) -> tuple[dict[str, Counter], int]:
    """People in the scope's published figures (each counted once, by their
    first case) per key of each compared dimension, and their number."""
    people = counted_facts(replace(scope, published=True)).filter(first_of_person=True)
    counts: dict[str, Counter] = {d: Counter() for d in COMPARED}
    total = 0
    for gender, band, exploitation, n in (
        people.order_by()
        .values_list("gender", "age_band", "exploitation")
        .annotate(n=Count("*"))
    ):
        total += n
        counts[Dimension.GENDER][COMPARED_GENDER.get(gender, "")] += n
        counts[Dimension.AGE_BAND][band] += n
        counts[Dimension.MAJORITY_STATUS][majority_status(band)] += n
        counts[Dimension.TYPE_OF_EXPLOITATION][_type_of_exploitation(exploitation)] += n
    return counts, total


def _share(count, total: int):
    if not isinstance(count, int) or not total:
        return None
    return round(100 * count / total, 1)


def comparison_tables(scope: Scope) -> list[Table]:
    """One table per dimension: Safepath's count and share (published:
    consented people only, small counts hidden) beside each CTDC dataset's."""
    ours_by_dimension, people = safepath_counts(scope)
    loaded = [d for d, n in datasets_loaded().items() if n]
    labels = dict(Dataset.choices)
    tables = []
    for dimension in COMPARED:
        ours = ours_by_dimension[dimension]
        theirs = {d: reference_counts(dataset=d, dimension=dimension) for d in loaded}
        keys = list(dict.fromkeys([*ours, *(k for c in theirs.values() for k in c)]))
        keys.sort(key=lambda key: key == "")  # "not recorded" last
        protected = protect(
            Table(
                dimension,
                "",
                ["", ""],
                [[key, ours.get(key, 0)] for key in keys],
                total=["", people],
            )
        )
        columns = [str(Dimension(dimension).label), _("Safepath"), _("Safepath (%)")]
        for dataset in loaded:
            columns += [
                str(labels[dataset]),
                _("%(dataset)s (%%)") % {"dataset": labels[dataset]},
            ]
        rows = []
        for key, (_key, count) in zip(keys, protected.rows, strict=True):
            row = [reference_label(dimension=dimension, value=key), count]
            row.append(_share(count, people))
            for dataset in loaded:
                n = theirs[dataset].get(key, 0)
                row += [n, _share(n, sum(theirs[dataset].values()))]
            rows.append(row)
        total = [_("Total"), people, 100.0 if people else None]
        for dataset in loaded:
            total += [sum(theirs[dataset].values()), 100.0]
        tables.append(
            Table(
                dimension,
                str(Dimension(dimension).label),
                columns,
                rows,
                total=total,
                chart_column=2,
                of_counts=False,  # already protected above
            )
        )
    return tables
