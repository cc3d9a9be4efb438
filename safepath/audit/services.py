from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from safepath.audit.chain import entry_hash
from safepath.audit.models import GENESIS, AuditChainHead, AuditEvent


def _event(actor, action: str, target: models.Model, organisation_id, role, fields):
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        organisation_id=organisation_id,
        role=role,
        fields=sorted(fields),
    )


@transaction.atomic
def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Link the events to the chain and write them, under the head's lock."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
    now = timezone.now()
    for event in events:
        head.seq += 1
        event.seq = head.seq
        event.at = now
        event.prev_hash = head.hash
        event.hash = head.hash = entry_hash(event, event.prev_hash)
    AuditEvent.objects.bulk_create(events)
    head.save(update_fields=["seq", "hash"])
    return events


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    organisation_id: int | None = None,
    role: str = "",
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Record that `actor` did `action` to `target` (e.g. "case.view").

    Call it inside the transaction of the change it records.
    """
    event = _event(actor, action, target, organisation_id, role, fields)
    return _append([event])[0]


def audit_record_many(
    *,
    actor,
    action: str,
    targets: Iterable[models.Model],
    organisation_id=None,
    role="",
) -> None:
    """Record one read of several records at once (a list page)."""
    events = [_event(actor, action, t, organisation_id, role, ()) for t in targets]
    if events:
        _append(events)
