"""Who may read the anonymous reports: the hotline operators, caseworkers and
supervisors of the organisation whose resource centre received them. Everyone
else gets 404. The centre's contact details are public."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from safepath.accounts.models import CASE_ROLES, Role
from safepath.accounts.selectors import organisation_ids_for
from safepath.public.models import AnonymousReport, ReportStatus, ResourceCentre

# The same people who screen at the centre and on the hotline; named apart,
# as who triages reports may come to differ from who screens.
TRIAGE_ROLES = CASE_ROLES | {Role.HOTLINE_OPERATOR}


@dataclass(frozen=True)
class CentreDetails:
    name: str
    address: str
    hours: str
    hotline_number: str


def resource_centre_current() -> ResourceCentre | None:
    """The centre the public pages show and reports go to: the first active
    one of an active organisation."""
    return (
        ResourceCentre.objects.filter(is_active=True, organisation__is_active=True)
        .order_by("pk")
        .first()
    )


def centre_details(*, language: str) -> CentreDetails | None:
    centre = resource_centre_current()
    if centre is None:
        return None
    return CentreDetails(
        name=centre.text("name", language),
        address=centre.text("address", language),
        hours=centre.text("hours", language),
        hotline_number=centre.hotline_number,
    )


def triage_organisation_ids(*, user) -> list[int]:
    return organisation_ids_for(user=user, roles=TRIAGE_ROLES)


def reports_visible_to(*, user) -> QuerySet[AnonymousReport]:
    return AnonymousReport.objects.filter(
        organisation_id__in=triage_organisation_ids(user=user)
    )


def report_get_for_user(*, user, report_id: int) -> AnonymousReport:
    report = (
        reports_visible_to(user=user)
        .select_related("organisation", "triaged_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


def reports_awaiting_triage_count(*, user) -> int:
    """For the operators' dashboard: a count, no one's words."""
    return reports_visible_to(user=user).filter(status=ReportStatus.NEW).count()
