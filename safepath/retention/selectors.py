"""Who may erase, and which cases the retention rules make due."""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from safepath.cases.models import OPEN_STATUSES, Case, CaseComment, TraffickingEvent
from safepath.cases.selectors import case_for_update, user_manages_case
from safepath.openrosa.models import Submission
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.referrals.models import Referral
from safepath.retention.models import RetentionRule
from safepath.screening.models import Screening


@dataclass(frozen=True)
class Scope:
    """The records of one erasure: the people (the person and the records
    merged into it), their cases, those cases' screenings and submissions."""

    person_ids: list
    case_ids: list
    screening_ids: list
    submission_ids: list


def _submissions(case_ids: list, screening_ids: list) -> list:
    """The submissions that made or fed these cases and screenings, with the
    earlier versions they replaced."""
    found: set = set()
    wanted = Q(case_id__in=case_ids) | Q(screening_id__in=screening_ids)
    while True:
        rows = set(
            Submission.objects.filter(wanted)
            .exclude(pk__in=found)
            .values_list("pk", "previous_id")
        )
        if not rows:
            return list(found)
        found |= {pk for pk, _previous in rows}
        wanted = Q(pk__in=[p for _pk, p in rows if p is not None])


def erasure_scope(person: Person) -> Scope:
    person_ids = [
        person.pk,
        *Person.objects.filter(merged_into=person).values_list("pk", flat=True),
    ]
    case_ids = list(
        Case.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
    )
    screening_ids = list(
        Screening.objects.filter(case_id__in=case_ids).values_list("pk", flat=True)
    )
    return Scope(
        person_ids=person_ids,
        case_ids=case_ids,
        screening_ids=screening_ids,
        submission_ids=_submissions(case_ids, screening_ids),
    )


def case_for_erasure(*, user, case_id: UUID) -> Case:
    """A case whose person this user may erase: the supervisors of its
    organisation who may open it. Anyone else gets 404."""
    case = case_for_update(user=user, case_id=case_id)
    if not user_manages_case(user=user, case=case):
        raise Http404
    return case


def erasure_counts(*, case: Case) -> dict[str, int]:
    """How many records of each kind the erasure of the case's person will
    empty, for the confirmation page."""
    scope = erasure_scope(case.person)
    of_cases = {"case_id__in": scope.case_ids}
    return {
        "cases": len(scope.case_ids),
        "comments": CaseComment.objects.filter(**of_cases).count(),
        "events": TraffickingEvent.objects.filter(**of_cases).count(),
        "referrals": Referral.objects.filter(**of_cases).count(),
        "screenings": len(scope.screening_ids),
        "submissions": len(scope.submission_ids),
    }


def receiving_organisations(*, case: Case) -> list[str]:
    """Organisations that opened a case of their own from a referral of the
    person: their records are theirs, and an erasure here leaves them."""
    return sorted(
        set(
            Referral.objects.filter(
                case__person=case.person, receiver_case__isnull=False
            ).values_list("to_organisation__org_Name", flat=True)
        )
    )


def references_of(*, case: Case) -> list[str]:
    """The references of all the cases the erasure anonymises."""
    return list(
        Case.objects.filter(person=case.person)
        .order_by("opened_on", "reference")
        .values_list("reference", flat=True)
    )


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DueCase:
    case_id: UUID
    reference: str
    organisation_id: int
    person_id: UUID
    closed_on: date
    due_on: date


def _due_of_rule(rule: RetentionRule, as_of: date) -> list[DueCase]:
    years = rule.anonymise_closed_after_years
    # Every case closed early enough may be due (a day more: 29 February);
    # its person is due when all their cases are closed and due.
    latest = add_years(as_of, -years) + timedelta(days=1)
    organisation_cases = Case.objects.filter(
        organisation_id=rule.organisation_id, person__erased_at__isnull=True
    )
    rows = (
        organisation_cases.filter(
            person_id__in=organisation_cases.filter(closed_on__lte=latest).values(
                "person_id"
            )
        )
        .order_by("person_id", "closed_on", "reference")
        .values_list("pk", "reference", "person_id", "closed_on", "cas_Status")
    )
    due: list[DueCase] = []
    for person_id, cases in groupby(rows, key=lambda row: row[2]):
        cases = list(cases)
        if any(c[3] is None or c[4] in OPEN_STATUSES for c in cases):
            continue
        due_on = add_years(max(c[3] for c in cases), years)
        if due_on > as_of:
            continue
        due += [
            DueCase(pk, reference, rule.organisation_id, person_id, closed_on, due_on)
            for pk, reference, _person, closed_on, _status in cases
        ]
    return due


def retention_due(
    *, as_of: date, organisation: Organisation | None = None
) -> list[DueCase]:
    """The cases whose person the retention rules make due for erasure on
    `as_of`, oldest closure first: both the dry run's list and the real
    run's work. A person is due when all their cases are closed and the
    last was closed at least the rule's years ago."""
    rules = RetentionRule.objects.filter(anonymise_closed_after_years__gt=0)
    if organisation is not None:
        rules = rules.filter(organisation=organisation)
    due = [row for rule in rules for row in _due_of_rule(rule, as_of)]
    return sorted(due, key=lambda row: (row.closed_on, row.reference))


def retention_rule_of(*, organisation: Organisation) -> RetentionRule | None:
    return RetentionRule.objects.filter(organisation=organisation).first()
