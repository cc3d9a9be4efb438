"""Who may review which possible duplicates: the supervisors of the pair's
organisation, and only pairs whose records' cases they may all open (a
restricted case's person is not shown to a supervisor it is not shared
with). Everyone else gets a 404."""

from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from safepath.accounts.models import CASE_MANAGER_ROLES, CASE_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.models import Case
from safepath.cases.selectors import RestrictedTo, cases_visible_to
from safepath.dedup.models import MatchPair, Merge


def reviewer_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=CASE_MANAGER_ROLES)


def _hidden_case(user, person_field: str) -> Exists:
    """The record has a case the user may not open: in an organisation
    where they do not work on cases, or restricted without them (the
    complement of cases_visible_to, written out so that the database checks
    the record's few cases rather than every case the user may see)."""
    org_ids = organisation_ids_for(user=user, roles=CASE_ROLES)
    named = RestrictedTo.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    return Exists(
        Case.objects.filter(person_id=OuterRef(person_field)).filter(
            ~Q(organisation_id__in=org_ids)
            | (Q(is_restricted=True) & ~Q(cas_CaseOwner_id=user.pk) & ~Exists(named))
        )
    )


def _reviewable(user) -> QuerySet[MatchPair]:
    return (
        MatchPair.objects.filter(organisation_id__in=reviewer_organisation_ids(user))
        .exclude(_hidden_case(user, "left_id"))
        .exclude(_hidden_case(user, "right_id"))
        .select_related("left", "right", "decided_by")
    )


def pairs_for_review(*, user, status: str = MatchPair.Status.OPEN) -> QuerySet:
    pairs = _reviewable(user).filter(status=status)
    if status == MatchPair.Status.OPEN:
        pairs = pairs.filter(
            left__merged_into__isnull=True, right__merged_into__isnull=True
        )
    return pairs.order_by("-probability", "pk")


def pairs_hidden_count(*, user) -> int:
    """Open pairs of the user's organisations they may not review."""
    every = MatchPair.objects.filter(
        organisation_id__in=reviewer_organisation_ids(user),
        status=MatchPair.Status.OPEN,
        left__merged_into__isnull=True,
        right__merged_into__isnull=True,
    ).count()
    return every - pairs_for_review(user=user).count()


def pair_get_for_user(*, user, pair_id: int) -> MatchPair:
    pair = _reviewable(user).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    return pair


def merges_for_user(*, user) -> QuerySet[Merge]:
    return (
        Merge.objects.filter(organisation_id__in=reviewer_organisation_ids(user))
        .exclude(_hidden_case(user, "kept_id"))
        .exclude(_hidden_case(user, "merged_id"))
        .select_related("kept", "merged", "merged_by", "undone_by")
    )


def merge_get_for_user(*, user, merge_id: int) -> Merge:
    merge = merges_for_user(user=user).filter(pk=merge_id).first()
    if merge is None:
        raise Http404
    return merge


def record_cases(*, user, person_id: UUID) -> list[Case]:
    return list(
        cases_visible_to(user).filter(person_id=person_id).order_by("opened_on", "pk")
    )
