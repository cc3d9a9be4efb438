"""Counts of the CTDC reference data for the statistics dashboard.

Keys are the stored values ("Feminine", "Asia", "18--20", "2014-2018"),
"" for missing; reference_label() gives the text to show for one.
"""

from django.db import models
from django.db.models import Case, Count, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from safepath.ctdc.codebook import KANON_AGE_BANDS
from safepath.ctdc.models import (
    CtdcRecord,
    Dataset,
    MajorityStatus,
    UnRegion,
)
from safepath.htcds.choices import Gender


class Dimension(models.TextChoices):
    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age band")
    MAJORITY_STATUS = "majority_status", _("Majority status")
    CITIZENSHIP_REGION = "citizenship_region", _("Region of citizenship")
    EXPLOITATION_REGION = "exploitation_region", _("Region of exploitation")
    TYPE_OF_EXPLOITATION = "type_of_exploitation", _("Type of exploitation")
    YEAR = "year", _("Year of registration")


DIMENSIONS = Dimension.choices


class TypeOfExploitation(models.TextChoices):
    """Computed from the two flags; "neither" is two explicit noes (another
    form of exploitation), "unknown" anything not known to be a yes or that."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    BOTH = "Both", _("Forced labour and sexual exploitation")
    NEITHER = "Neither", _("Neither (another form of exploitation)")
    UNKNOWN = "Unknown", _("Unknown")


TYPE_OF_EXPLOITATION = Case(
    When(
        is_forced_labour=True,
        is_sexual_exploit=True,
        then=Value(TypeOfExploitation.BOTH),
    ),
    When(is_forced_labour=True, then=Value(TypeOfExploitation.FORCED_LABOUR)),
    When(is_sexual_exploit=True, then=Value(TypeOfExploitation.SEXUAL_EXPLOITATION)),
    When(
        is_forced_labour=False,
        is_sexual_exploit=False,
        then=Value(TypeOfExploitation.NEITHER),
    ),
    default=Value(TypeOfExploitation.UNKNOWN),
    output_field=models.CharField(),
)
# The order a dimension's keys are returned in; "" (missing) comes last.
ORDER = {
    Dimension.GENDER: Gender.values,
    Dimension.AGE_BAND: KANON_AGE_BANDS,
    Dimension.MAJORITY_STATUS: MajorityStatus.values,
    Dimension.CITIZENSHIP_REGION: UnRegion.values,
    Dimension.EXPLOITATION_REGION: UnRegion.values,
    Dimension.TYPE_OF_EXPLOITATION: TypeOfExploitation.values,
}
LABELS = {
    Dimension.GENDER: dict(Gender.choices),
    Dimension.MAJORITY_STATUS: dict(MajorityStatus.choices),
    Dimension.CITIZENSHIP_REGION: dict(UnRegion.choices),
    Dimension.EXPLOITATION_REGION: dict(UnRegion.choices),
    Dimension.TYPE_OF_EXPLOITATION: dict(TypeOfExploitation.choices),
}


def reference_counts(
    *,
    dataset: str,
    dimension: str,
    year_from: int | None = None,
    year_to: int | None = None,
) -> dict[str, int]:
    """Records of one dataset per value of a dimension (keys without records
    left out). With year_from/year_to, only records registered in those years
    count: a period such as "2014-2018" counts only when it lies wholly
    inside, and a record without a year never."""
    if dataset not in Dataset.values:
        raise ValueError(f"unknown dataset {dataset!r}")
    if dimension not in Dimension.values:
        raise ValueError(f"unknown dimension {dimension!r}")
    records = _in_years(
        CtdcRecord.objects.filter(dataset=dataset), year_from=year_from, year_to=year_to
    )
    if dimension == Dimension.TYPE_OF_EXPLOITATION:
        records = records.annotate(type_of_exploitation=TYPE_OF_EXPLOITATION)
    column = "registration_period" if dimension == Dimension.YEAR else dimension
    counts = {
        row[column]: row["count"]
        for row in records.order_by().values(column).annotate(count=Count("id"))
    }
    return {key: counts[key] for key in _ordered(dimension, counts)}


def datasets_loaded() -> dict[str, int]:
    """Records per dataset, every dataset listed (0 when not imported)."""
    counts = {
        row["dataset"]: row["count"]
        for row in CtdcRecord.objects.order_by()
        .values("dataset")
        .annotate(count=Count("id"))
    }
    return {dataset: counts.get(dataset, 0) for dataset in Dataset.values}


def reference_label(*, dimension: str, value: str) -> str:
    """The text to show for a key of reference_counts()."""
    if not value:
        return str(_("Not recorded"))
    return str(LABELS.get(dimension, {}).get(value, value))


def _in_years(
    records: QuerySet[CtdcRecord], *, year_from: int | None, year_to: int | None
) -> QuerySet[CtdcRecord]:
    if year_from is None and year_to is None:
        return records
    # A handful of distinct periods: cheaper to pick in Python than to store
    # each record's first and last year.
    periods = records.order_by().values_list("registration_period", flat=True)
    inside = [
        period
        for period in periods.distinct()
        if period
        and (year_from is None or _years(period)[0] >= year_from)
        and (year_to is None or _years(period)[1] <= year_to)
    ]
    return records.filter(registration_period__in=inside)


def _years(period: str) -> tuple[int, int]:
    """First and last year of "2016" or "2014-2018"."""
    return int(period[:4]), int(period[-4:])


def _ordered(dimension: str, counts: dict[str, int]) -> list[str]:
    keys = [key for key in counts if key]
    if dimension == Dimension.YEAR:
        keys.sort(key=_years)
    else:
        known = ORDER[dimension]
        keys.sort(
            key=lambda key: (known.index(key) if key in known else len(known), key)
        )
    return keys + ([""] if "" in counts else [])
