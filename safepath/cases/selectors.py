"""Who may see which case: decided here and nowhere else.

A case is seen by the caseworkers and supervisors of its organisation; a
restricted case only by its owner and the users named on it. Everyone else,
whatever their role, gets a 404, so that a case's existence is not revealed.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import CASE_MANAGER_ROLES, CASE_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseComment,
    PerpetratorContext,
    TraffickingStatusDecision,
    VictimContext,
)
from safepath.htcds.forms import picklist_values
from safepath.people.selectors import people_matching
from safepath.places.models import Location

RestrictedTo = Case.restricted_to.through
LIST_FIELDS = [
    "reference", "cas_Status", "opened_on", "created_at", "is_restricted",
    "organisation_id", "next_follow_up", "person__prs_FirstName",
    "person__prs_SecondName", "cas_CaseOwner__username",
    "cas_CaseOwner__first_name", "cas_CaseOwner__last_name",
    "victim__vic_TraffickingStatus",
]  # fmt: skip


def cases_visible_to(user) -> QuerySet[Case]:
    org_ids = organisation_ids_for(user=user, roles=CASE_ROLES)
    if not org_ids:
        return Case.objects.none()
    named = RestrictedTo.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    return Case.objects.filter(organisation_id__in=org_ids).filter(
        Q(is_restricted=False) | Q(cas_CaseOwner_id=user.pk) | Exists(named)
    )


def case_get_for_user(*, user, case_id: UUID) -> Case:
    """The case with everything its page shows, or 404."""
    try:
        return (
            cases_visible_to(user)
            .select_related(
                "person__location__parent",
                "organisation",
                "cas_CaseOwner",
                "victim__vic_LocationOfRecruitment__parent",
                "victim__vic_LocationOfExploitation__parent",
                "cas_ReferringOrganisation",
                "cas_ReferredOrganisation",
            )
            .prefetch_related(
                "person__prs_Citizenship",
                "victim__vic_RecruitmentWebsitesAndApps",
                "victim__vic_MethodOfRecruitment",
                "victim__vic_MethodsOfControl",
                "victim__vic_TypeOfExploitation",
                "victim__vic_TypeOfSexExploitation",
                "victim__vic_ExploitationWebsitesAndApps",
                "victim__vic_Vulnerabilities",
                "restricted_to",
                Prefetch(
                    "perpetrators",
                    PerpetratorContext.objects.select_related(
                        "person"
                    ).prefetch_related("per_RoleInProcess", "person__prs_Citizenship"),
                ),
                "events__location__parent",
                "consents__recorded_by",
                "consents__organisations",
            )
            .get(pk=case_id)
        )
    except Case.DoesNotExist:
        raise Http404 from None


def case_comments(*, case: Case) -> QuerySet[CaseComment]:
    """A case's comments, the newest first, with their authors; the case
    comes from one of the selectors above, which checked the user's access."""
    return case.comments.select_related("author").order_by("-created_at", "-pk")


def case_for_update(*, user, case_id: UUID) -> Case:
    """A case the user may change (the same people who may see it), or 404."""
    try:
        return cases_visible_to(user).select_related("person", "victim").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None


def user_manages_case(*, user, case: Case) -> bool:
    """Supervisors of the case's organisation reassign and restrict cases."""
    return case.organisation_id in organisation_ids_for(
        user=user, roles=CASE_MANAGER_ROLES
    )


def user_can_restrict_case(*, user, case: Case) -> bool:
    return case.cas_CaseOwner_id == user.pk or user_manages_case(user=user, case=case)


@dataclass
class CaseFilters:
    query: str = ""
    status: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    industry: list[str] = field(default_factory=list)
    location: Location | None = None
    owner_id: int | None = None


REFERENCE = re.compile(r"^[A-Za-z0-9]{1,20}-\d{4}-\d{1,6}$")


def _matches_query(query: str) -> Q:
    """A case reference (whole, or its number), or a person found by name in
    either script, identity number or phone through the blind indexes."""
    query = query.strip()
    condition = Q(person_id__in=people_matching(query))
    if REFERENCE.match(query):
        condition |= Q(reference=query.upper())
    elif query.isdigit() and len(query) <= 6:
        condition |= Q(reference__endswith=f"-{int(query):05d}")
    return condition


def case_list_for_user(*, user, filters: CaseFilters) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if filters.query:
        cases = cases.filter(_matches_query(filters.query))
    if filters.status:
        cases = cases.filter(cas_Status__in=filters.status)
    if filters.exploitation:
        through = VictimContext.vic_TypeOfExploitation.through
        values = picklist_values("TypeOfExploitation").filter(
            value__in=filters.exploitation
        )
        chosen = through.objects.filter(
            victimcontext_id=OuterRef("pk"), picklistvalue__in=list(values)
        )
        cases = cases.filter(Exists(chosen))
    if filters.industry:
        cases = cases.filter(victim__vic_ForcedLabourIndustry__in=filters.industry)
    if filters.location is not None:
        places = Location.objects.filter(path__startswith=filters.location.path)
        cases = cases.filter(
            Q(person__location__in=places)
            | Q(victim__vic_LocationOfExploitation__in=places)
            | Q(victim__vic_LocationOfRecruitment__in=places)
        )
    if filters.owner_id:
        cases = cases.filter(cas_CaseOwner_id=filters.owner_id)
    # Only what the list shows: every person field read is a decryption.
    return (
        cases.select_related("person", "cas_CaseOwner", "victim")
        .only(*LIST_FIELDS)
        .prefetch_related("victim__vic_TypeOfExploitation")
        .order_by("-opened_on", "-created_at")
    )


def _first(cases: QuerySet[Case], *order, count: int) -> list[Case]:
    """The first `count` cases in this order, with their people: picked by id
    first, so that only those few rows are joined and decrypted."""
    ids = list(cases.order_by(*order).values_list("pk", flat=True)[:count])
    chosen = (
        Case.objects.filter(pk__in=ids)
        .select_related("person", "cas_CaseOwner", "victim")
        .only(*LIST_FIELDS)
        .order_by(*order)
    )
    return list(chosen)


def my_open_cases(*, user, count: int = 20) -> list[Case]:
    mine = cases_visible_to(user).filter(
        cas_CaseOwner=user, cas_Status__in=OPEN_STATUSES
    )
    soonest = F("next_follow_up").asc(nulls_last=True)
    return _first(mine, soonest, "-opened_on", count=count)


def follow_ups_due(*, user, on: date | None = None, count: int = 20) -> list[Case]:
    """Open cases the user owns, or supervises, whose follow-up date has come."""
    on = on or timezone.localdate()
    supervised = organisation_ids_for(user=user, roles=CASE_MANAGER_ROLES)
    due = (
        cases_visible_to(user)
        .filter(cas_Status__in=OPEN_STATUSES, next_follow_up__lte=on)
        .filter(Q(cas_CaseOwner=user) | Q(organisation_id__in=supervised))
    )
    return _first(due, "next_follow_up", "reference", count=count)


def decisions_of(*, case: Case) -> list[TraffickingStatusDecision]:
    """The case's trafficking-status decisions, newest first: its history."""
    return list(
        case.status_decisions.select_related(
            "recorded_by", "reviewed_by", "screening"
        ).order_by("-decided_on", "-created_at")
    )


def decisions_awaiting(*, user, count: int = 20) -> list[TraffickingStatusDecision]:
    """Pending decisions a supervisor may approve: in cases they can open, of
    organisations they supervise, recorded by someone else."""
    supervised = organisation_ids_for(user=user, roles=CASE_MANAGER_ROLES)
    if not supervised:
        return []
    pending = (
        TraffickingStatusDecision.objects.filter(
            state=TraffickingStatusDecision.State.PENDING,
            case__in=cases_visible_to(user).filter(organisation_id__in=supervised),
        )
        .exclude(recorded_by=user)
        .select_related("case", "recorded_by")
        .order_by("decided_on")
    )
    return list(pending[:count])


def closures_awaiting(*, user, count: int = 20) -> list[Case]:
    """Closures waiting for sign-off that this supervisor may give: in cases
    they can open, of organisations they supervise, closed by someone else."""
    supervised = organisation_ids_for(user=user, roles=CASE_MANAGER_ROLES)
    if not supervised:
        return []
    return list(
        cases_visible_to(user)
        .filter(organisation_id__in=supervised, closure_sign_off_pending=True)
        .exclude(closed_by=user)
        .select_related("closed_by")
        .order_by("closed_on")[:count]
    )
