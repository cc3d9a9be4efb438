from django.db.models import Q, QuerySet

from safepath.audit.models import AuditEvent


def audit_events_for(*, targets: list[tuple[str, str]]) -> QuerySet[AuditEvent]:
    """The trail of some records, given as (type, id) pairs, newest first.

    Callers must have checked access to the records."""
    condition = Q(pk__in=[])
    for target_type, target_id in targets:
        condition |= Q(target_type=target_type, target_id=target_id)
    return AuditEvent.objects.filter(condition).select_related("actor")
