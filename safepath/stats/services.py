"""What the statistics pages change: only the audit trail, which records
who took which figures out of Safepath."""

from django.db import transaction

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.organisations.models import Organisation
from safepath.stats.dashboard import Scope
from safepath.stats.models import Indicator


def record_export(*, actor, scope: Scope, what: str, fmt: str) -> None:
    """One audit entry per organisation whose figures left in a file."""
    for organisation in Organisation.objects.filter(pk__in=scope.organisation_ids):
        audit_record(
            actor=actor,
            action="statistics.export",
            target=organisation,
            organisation_id=organisation.pk,
            role=roles_in(actor, organisation.pk),
            fields=[f"{what}.{fmt}", "published" if scope.published else "exact"],
        )


@transaction.atomic
def indicators_choose(*, organisation: Organisation, chosen: list[dict]) -> None:
    """Replace the organisation's indicator list with `chosen` (in order)."""
    Indicator.objects.filter(organisation=organisation).delete()
    Indicator.objects.bulk_create(
        Indicator(organisation=organisation, position=n, **item)
        for n, item in enumerate(chosen)
    )
