"""Receiving anonymous reports and triaging them, audited (field names only)
in the same transaction. The sender is nobody: the audit row of a report
received has no actor."""

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.public.models import AnonymousReport, ReportStatus, ResourceCentre
from safepath.public.selectors import resource_centre_current

TRIAGE_OUTCOMES = (ReportStatus.TRIAGED, ReportStatus.SPAM)


def _audit(actor, action: str, report: AnonymousReport, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=report,
        organisation_id=report.organisation_id,
        role=roles_in(actor, report.organisation_id) if actor else "",
        fields=list(fields),
    )


@transaction.atomic
def resource_centre_save(*, centre: ResourceCentre, actor) -> ResourceCentre:
    """Create or change the centre's public details (the admin, the demo)."""
    action = (
        "resource_centre.create" if centre._state.adding else "resource_centre.update"
    )
    centre.full_clean()
    centre.save()
    audit_record(
        actor=actor,
        action=action,
        target=centre,
        organisation_id=centre.organisation_id,
        role=roles_in(actor, centre.organisation_id) if actor else "",
    )
    return centre


@transaction.atomic
def anonymous_report_submit(*, report: AnonymousReport) -> AnonymousReport:
    """Save a report from the public form for the current resource centre's
    organisation, awaiting triage."""
    centre = resource_centre_current()
    report.organisation_id = centre.organisation_id if centre else None
    report.status = ReportStatus.NEW
    report.save()
    _audit(None, "anonymous_report.receive", report)
    return report


def anonymous_report_record_view(*, report: AnonymousReport, actor) -> None:
    _audit(actor, "anonymous_report.view", report)


@transaction.atomic
def anonymous_report_triage(
    *, report: AnonymousReport, status: str, note: str, actor
) -> AnonymousReport:
    """Mark the report triaged (someone follows it up) or spam; a later
    triage replaces an earlier one, and the audit trail keeps both."""
    if status not in TRIAGE_OUTCOMES:
        raise ValueError(f"not a triage outcome: {status}")
    report = AnonymousReport.objects.select_for_update().get(pk=report.pk)
    report.status = status
    report.triage_note = note
    report.triaged_by = actor
    report.triaged_at = timezone.now()
    fields = ["status", "triage_note", "triaged_by", "triaged_at"]
    report.save(update_fields=fields)
    _audit(actor, "anonymous_report.triage", report, fields)
    return report
