from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from safepath.accounts.models import CASE_ROLES, SCREENING_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.selectors import cases_visible_to
from safepath.screening.models import (
    Assessment,
    AssessmentTemplate,
    IndicatorSet,
    Screening,
)


def screenings_visible_to(user) -> QuerySet[Screening]:
    """Screenings of the user's organisations; one attached to a case only for
    those who may see that case."""
    org_ids = organisation_ids_for(user=user, roles=SCREENING_ROLES)
    if not org_ids:
        return Screening.objects.none()
    return Screening.objects.filter(organisation_id__in=org_ids).filter(
        Q(case__isnull=True) | Q(case__in=cases_visible_to(user).values("pk"))
    )


def screening_get_for_user(*, user, screening_id: UUID) -> Screening:
    try:
        return (
            screenings_visible_to(user)
            .select_related("indicator_set", "case", "location__parent", "conducted_by")
            .get(pk=screening_id)
        )
    except Screening.DoesNotExist:
        raise Http404 from None


def current_indicator_set(key: str = "ilo-ec-2009") -> IndicatorSet:
    return IndicatorSet.objects.get(key=key, is_current=True)


def current_assessment_template(key: str = "iom-domv") -> AssessmentTemplate:
    return AssessmentTemplate.objects.get(key=key, is_current=True)


def assessment_get_for_user(*, user, assessment_id: int) -> Assessment:
    """An assessment, for those who may open its case; otherwise 404."""
    try:
        return Assessment.objects.select_related(
            "template", "case", "conducted_by"
        ).get(pk=assessment_id, case__in=cases_visible_to(user).values("pk"))
    except Assessment.DoesNotExist:
        raise Http404 from None


def user_can_open_cases_of(*, user, screening: Screening) -> bool:
    """Turning a screening into a case, or attaching it to one, is for the
    caseworkers and supervisors of the screening's organisation."""
    return screening.organisation_id in organisation_ids_for(
        user=user, roles=CASE_ROLES
    )
