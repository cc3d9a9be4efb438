"""Reads of a case's support plans, services and tasks.

Who may see them is who may see the case (cases.selectors): the views get
the case through `case_for_update` and read its parts from here.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from safepath.assistance.models import FollowUpTask
from safepath.cases.models import Case
from safepath.cases.selectors import cases_visible_to
from safepath.screening.models import Assessment
from safepath.screening.vulnerability import summarise


def assistance_for_case(*, case: Case) -> dict:
    """What the case page shows: plans, services and the tasks still open."""
    return {
        "plans": list(case.support_plans.select_related("assessment")),
        "services": list(
            case.services.select_related(
                "provided_by", "location__parent", "support_plan"
            )
        ),
        "tasks": list(
            case.tasks.filter(done_on__isnull=True).select_related("assigned_to")
        ),
    }


def tasks_due_for(
    *, user, on: date | None = None, count: int = 20
) -> list[FollowUpTask]:
    """Open tasks due by `on` (today) in cases the user can open: those
    assigned to them, and the unassigned ones of cases they own."""
    on = on or timezone.localdate()
    due = (
        FollowUpTask.objects.filter(
            done_on__isnull=True,
            due_on__lte=on,
            case__in=cases_visible_to(user).values("pk"),
        )
        .filter(
            Q(assigned_to=user) | Q(assigned_to__isnull=True, case__cas_CaseOwner=user)
        )
        .select_related("case")
        .order_by("due_on", "id")
    )
    return list(due[:count])


def latest_assessment(*, case: Case) -> Assessment | None:
    """The case's latest completed risk and vulnerability assessment."""
    return (
        case.assessments.filter(completed_at__isnull=False)
        .select_related("template")
        .order_by("-assessed_on", "-completed_at")
        .first()
    )


def suggested_plan_types(*, case: Case) -> list[str]:
    """The support-plan types (spl_Type) the latest completed assessment
    calls for, most called-for first, but those already in an open plan."""
    assessment = latest_assessment(case=case)
    if assessment is None:
        return []
    called_for = summarise(assessment.template.definition, assessment.answers).support
    planned = set(
        case.support_plans.filter(spl_ActualEndDate__isnull=True).values_list(
            "spl_Type", flat=True
        )
    )
    return [kind for kind in called_for if kind not in planned]
