from django.db import transaction

from safepath.audit.services import audit_record
from safepath.lib import regno
from safepath.lib.names import name_key
from safepath.people.models import Person

NAME_FIELDS = ("prs_FirstName", "prs_MiddleName", "prs_SecondName")


def normalise_identity_number(value: str) -> str:
    """Registration numbers are stored folded (Cyrillic, upper case, no spaces)."""
    value = value.strip()
    try:
        return regno.parse(value).value
    except ValueError:
        return value


def _prepare(person: Person) -> None:
    person.prs_IdentityNumber = normalise_identity_number(person.prs_IdentityNumber)
    person.name_key = name_key(*(getattr(person, f) for f in NAME_FIELDS))
    if person.location_id and not person.prs_MailingCountry:
        person.prs_MailingCountry = "MN"


@transaction.atomic
def person_create(*, person: Person, citizenship=(), actor) -> Person:
    """Save a new Person built by a form (unsaved) with its citizenship."""
    _prepare(person)
    person.save()
    person.prs_Citizenship.set(citizenship)
    audit_record(
        actor=actor,
        action="person.create",
        target=person,
        organisation_id=person.organisation_id,
    )
    return person


@transaction.atomic
def person_update(
    *, person: Person, changed: list[str], citizenship=None, actor
) -> Person:
    """Save changes a form made to a Person; `changed` names the fields."""
    _prepare(person)
    person.save()
    if citizenship is not None:
        person.prs_Citizenship.set(citizenship)
    if changed:
        audit_record(
            actor=actor,
            action="person.update",
            target=person,
            organisation_id=person.organisation_id,
            fields=changed,
        )
    return person
