"""Every change to a service offer, audited in the same transaction."""

from collections.abc import Iterable

from django.db import transaction

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.directory.models import ServiceOffer
from safepath.lib.versioning import save_versioned
from safepath.places.models import Location


def _audit(actor, action: str, offer: ServiceOffer, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=offer,
        organisation_id=offer.organisation_id,
        role=roles_in(actor, offer.organisation_id) if actor else "",
        fields=fields,
    )


@transaction.atomic
def service_offer_create(
    *, offer: ServiceOffer, locations: Iterable[Location] = (), actor
) -> ServiceOffer:
    """Save a new offer (a form's unsaved instance, or one built by the demo)."""
    offer.created_by = actor
    offer.full_clean()
    offer.save()
    offer.locations.set(locations)
    _audit(actor, "service_offer.create", offer)
    return offer


@transaction.atomic
def service_offer_update(
    *,
    offer: ServiceOffer,
    locations: Iterable[Location],
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> ServiceOffer:
    offer.full_clean()
    save_versioned(offer, expected=expected_version)
    offer.locations.set(locations)
    if changed:
        _audit(actor, "service_offer.update", offer, fields=changed)
    return offer
