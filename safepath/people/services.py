from django.db import transaction

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.lib import regno
from safepath.lib.ages import age_band
from safepath.lib.versioning import save_versioned
from safepath.people.models import Person, PersonSearchToken
from safepath.people.search import tokens_for


def normalise_identity_number(value: str) -> str:
    """Registration numbers are stored folded (Cyrillic, upper case, no spaces)."""
    value = value.strip()
    try:
        return regno.parse(value).value
    except ValueError:
        return value


def _prepare(person: Person) -> None:
    person.prs_IdentityNumber = normalise_identity_number(person.prs_IdentityNumber)
    if person.location_id and not person.prs_MailingCountry:
        person.prs_MailingCountry = "MN"


def person_reindex(person: Person) -> None:
    """Bring the person's blind-index tokens in line with their details."""
    wanted = tokens_for(person)
    stored = set(person.tokens.values_list("token", flat=True))
    person.tokens.filter(token__in=stored - wanted).delete()
    PersonSearchToken.objects.bulk_create(
        PersonSearchToken(person=person, token=token) for token in wanted - stored
    )


@transaction.atomic
def person_create(*, person: Person, citizenship=(), actor) -> Person:
    """Save a new Person built by a form (unsaved) with its citizenship."""
    _prepare(person)
    person.save()
    person_reindex(person)
    person.prs_Citizenship.set(citizenship)
    audit_record(
        actor=actor,
        action="person.create",
        target=person,
        organisation_id=person.organisation_id,
        role=roles_in(actor, person.organisation_id),
    )
    return person


def refresh_age_bands(person: Person) -> None:
    """The age band each of the person's cases keeps for statistics."""
    for case in person.cases.only("pk", "opened_on", "age_band"):
        band = age_band(person.prs_Birthdate, case.opened_on)
        if band != case.age_band:
            case.age_band = band
            case.save(update_fields=["age_band"])  # signals: statistics follow


@transaction.atomic
def person_update(
    *,
    person: Person,
    changed: list[str],
    citizenship=None,
    actor,
    expected_version: int | None = None,
) -> Person:
    """Save changes a form made to a Person; `changed` names the fields."""
    _prepare(person)
    save_versioned(person, expected=expected_version)
    person_reindex(person)
    if "prs_Birthdate" in changed:
        refresh_age_bands(person)
    if citizenship is not None:
        person.prs_Citizenship.set(citizenship)
    if changed:
        audit_record(
            actor=actor,
            action="person.update",
            target=person,
            organisation_id=person.organisation_id,
            role=roles_in(actor, person.organisation_id),
            fields=changed,
        )
    return person
