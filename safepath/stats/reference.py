"""Safepath's published figures beside the CTDC reference datasets
(safepath.ctdc), in the same categories, as shares of each dataset."""

from collections import Counter

import pandas as pd
from django.utils.translation import gettext as _

from safepath.ctdc.models import Dataset
from safepath.ctdc.selectors import (
    Dimension,
    datasets_loaded,
    reference_counts,
    reference_label,
)
from safepath.htcds.choices import Gender
from safepath.lib.reporting import Table
from safepath.stats.ctdc_export import ctdc_frame
from safepath.stats.dashboard import Scope
from safepath.stats.disclosure import protect

COMPARED = [
    Dimension.GENDER,
    Dimension.AGE_BAND,
    Dimension.MAJORITY_STATUS,
    Dimension.TYPE_OF_EXPLOITATION,
]
# CTDC's gender codes (as in our CTDC export) to the HTCDS values the
# reference data is stored with.
GENDER_FROM_CTDC = {
    "Female": Gender.FEMININE,
    "Male": Gender.MASCULINE,
    "Transgender/NonConforming": Gender.NON_CONFORMING,
}


def _type_of_exploitation(labour: str, sexual: str) -> str:
    if labour == "1" and sexual == "1":
        return "Both"
    if labour == "1":
        return "ForcedLabour"
    if sexual == "1":
        return "SexualExploitation"
    if labour == "0" and sexual == "0":
        return "Neither"
    return "Unknown"


def safepath_counts(frame: pd.DataFrame, dimension: str) -> Counter:
    """Safepath's records per key of the reference data's dimension."""
    if dimension == Dimension.GENDER:
        return Counter(GENDER_FROM_CTDC.get(v, "") for v in frame["gender"])
    if dimension == Dimension.AGE_BAND:
        return Counter(frame["ageBroad"])
    if dimension == Dimension.MAJORITY_STATUS:
        return Counter(frame["majorityStatus"])
    return Counter(
        _type_of_exploitation(labour, sexual)
        for labour, sexual in zip(
            frame["isForcedLabour"], frame["isSexualExploit"], strict=True
        )
    )


def _share(count, total: int):
    if not isinstance(count, int) or not total:
        return None
    return round(100 * count / total, 1)


def comparison_tables(scope: Scope) -> list[Table]:
    """One table per dimension: Safepath's count and share (published:
    consented people only, small counts hidden) beside each CTDC dataset's."""
    frame = ctdc_frame(scope)
    loaded = [d for d, n in datasets_loaded().items() if n]
    labels = dict(Dataset.choices)
    tables = []
    for dimension in COMPARED:
        ours = safepath_counts(frame, dimension)
        theirs = {d: reference_counts(dataset=d, dimension=dimension) for d in loaded}
        keys = list(dict.fromkeys([*ours, *(k for c in theirs.values() for k in c)]))
        keys.sort(key=lambda key: key == "")  # "not recorded" last
        protected = protect(
            Table(
                dimension,
                "",
                ["", ""],
                [[key, ours.get(key, 0)] for key in keys],
                total=["", len(frame)],
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
            row.append(_share(count, len(frame)))
            for dataset in loaded:
                n = theirs[dataset].get(key, 0)
                row += [n, _share(n, sum(theirs[dataset].values()))]
            rows.append(row)
        total = [_("Total"), len(frame), 100.0 if len(frame) else None]
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
