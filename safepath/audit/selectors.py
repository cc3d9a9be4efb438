from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from safepath.audit.chain import entry_hash
from safepath.audit.models import GENESIS, AuditChainHead, AuditEvent


def audit_events_for(*, targets: list[tuple[str, str]]) -> QuerySet[AuditEvent]:
    """The trail of some records, given as (type, id) pairs, newest first.

    Callers must have checked access to the records."""
    condition = Q(pk__in=[])
    for target_type, target_id in targets:
        condition |= Q(target_type=target_type, target_id=target_id)
    return AuditEvent.objects.filter(condition).select_related("actor")


def audit_events_of_organisation(*, organisation_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(organisation_id=organisation_id)
        .select_related("actor")
        .order_by("seq")
    )


@dataclass
class ChainReport:
    checked: int
    head_seq: int
    head_hash: str
    problem: str = ""
    broken_seq: int | None = None

    @property
    def intact(self) -> bool:
        return not self.problem


def audit_chain_verify(*, progress=None) -> ChainReport:
    """Walk the chain from the first entry; stop at the first broken link."""
    prev, expected, checked = GENESIS, 1, 0
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("seq").iterator(
        chunk_size=5000
    )
    for event in events:
        if event.seq != expected:
            return ChainReport(
                checked, event.seq, event.hash,
                f"entry #{expected} is missing (the next entry is #{event.seq})",
                expected,
            )  # fmt: skip
        if event.prev_hash != prev:
            return ChainReport(
                checked, event.seq, event.hash,
                f"entry #{event.seq} does not follow entry #{event.seq - 1}",
                event.seq,
            )  # fmt: skip
        if entry_hash(event, prev) != event.hash:
            return ChainReport(
                checked, event.seq, event.hash,
                f"entry #{event.seq} was altered (its hash does not match its content)",
                event.seq,
            )  # fmt: skip
        prev, expected, checked = event.hash, expected + 1, checked + 1
        if progress and checked % 10000 == 0:
            progress(checked)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (expected - 1, prev):
        return ChainReport(
            checked, expected - 1, prev,
            f"entries after #{expected - 1} were removed "
            f"(the chain head is #{head.seq})",
            expected,
        )  # fmt: skip
    return ChainReport(checked, expected - 1, prev)
