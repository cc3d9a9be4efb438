"""Every change to a case's plans, services and tasks, audited under the case
(field names only, never values) in the same transaction."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.lib.versioning import save_versioned


def _audit(actor, action: str, case: Case, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=case,
        organisation_id=case.organisation_id,
        role=roles_in(actor, case.organisation_id),
        fields=list(fields),
    )


def _save(record, *, case: Case, expected_version: int | None) -> bool:
    """Save a new record, or an existing one at the version it was opened at.
    True when it was new."""
    created = record._state.adding
    record.case = case
    if created:
        record.save()
    else:
        save_versioned(record, expected=expected_version)
    return created


@transaction.atomic
def support_plan_save(
    *,
    case: Case,
    plan: SupportPlan,
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> SupportPlan:
    if plan._state.adding:
        plan.created_by = actor
    created = _save(plan, case=case, expected_version=expected_version)
    action = "support_plan.create" if created else "support_plan.update"
    _audit(actor, action, case, changed)
    return plan


@transaction.atomic
def service_delivered_save(
    *,
    case: Case,
    service: ServiceDelivered,
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> ServiceDelivered:
    if service._state.adding:
        service.recorded_by = actor
    created = _save(service, case=case, expected_version=expected_version)
    _audit(actor, "service.create" if created else "service.update", case, changed)
    return service


@transaction.atomic
def service_delivered_delete(*, case: Case, service: ServiceDelivered, actor) -> None:
    """For a service recorded on the wrong case or by mistake."""
    _audit(actor, "service.delete", case)
    service.delete()


@transaction.atomic
def task_save(
    *,
    case: Case,
    task: FollowUpTask,
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> FollowUpTask:
    if task._state.adding:
        task.created_by = actor
    created = _save(task, case=case, expected_version=expected_version)
    _audit(actor, "task.create" if created else "task.update", case, changed)
    return task


@transaction.atomic
def task_done(
    *, case: Case, task: FollowUpTask, actor, on: date | None = None
) -> FollowUpTask:
    """Mark a task done; marking it again changes nothing (two people may
    press the button for the same task)."""
    task = FollowUpTask.objects.select_for_update().get(pk=task.pk, case=case)
    if task.done_on is None:
        task.done_on = on or timezone.localdate()
        task.done_by = actor
        save_versioned(task, expected=None)
        _audit(actor, "task.done", case, ["done_on", "done_by"])
    return task
