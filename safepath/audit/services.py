from collections.abc import Iterable

from django.db import models

from safepath.audit.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    organisation_id: int | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Record that `actor` did `action` to `target` (e.g. "case.view").

    Call it inside the transaction of the change it records.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        organisation_id=organisation_id,
        fields=sorted(fields),
    )


def audit_record_many(
    *, actor, action: str, targets: Iterable[models.Model], organisation_id=None
) -> None:
    """Record one read of several records at once (a list page), in one query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            organisation_id=organisation_id,
        )
        for target in targets
    )
