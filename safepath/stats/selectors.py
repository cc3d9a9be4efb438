"""Counts for the statistics page: aggregates only, never a row of a case."""

from django.db.models import Count, QuerySet

from safepath.accounts.models import STATISTICS_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.models import Case, VictimContext
from safepath.htcds.choices import CaseStatus, Gender, TypeOfExploitation

# Counts under this are shown as "fewer than N" so that a rare combination
# cannot point at one person.
SMALL_COUNT = 5


def _cases_counted_for(user) -> QuerySet[Case]:
    """Every case of the user's organisations, restricted ones included: counts
    reveal no one, and leaving restricted cases out would make totals wrong."""
    return Case.objects.filter(
        organisation_id__in=organisation_ids_for(user=user, roles=STATISTICS_ROLES)
    )


def _table(counts: dict[str, int], choices) -> list[tuple[str, int | None]]:
    return [
        (label, n if n >= SMALL_COUNT else None)
        for value, label in choices.choices
        if (n := counts.get(value, 0))
    ]


def case_statistics(*, user) -> dict:
    cases = _cases_counted_for(user)
    by_status = dict(cases.values_list("cas_Status").annotate(n=Count("pk")))
    by_gender = dict(
        cases.values_list("person__prs_Gender").annotate(n=Count("pk", distinct=True))
    )
    by_exploitation = dict(
        VictimContext.objects.filter(case__in=cases)
        .values_list("vic_TypeOfExploitation__value")
        .annotate(n=Count("case_id"))
    )
    return {
        "total": cases.count(),
        "by_status": _table(by_status, CaseStatus),
        "by_gender": _table(by_gender, Gender),
        "by_exploitation": _table(by_exploitation, TypeOfExploitation),
        "small_count": SMALL_COUNT,
    }
