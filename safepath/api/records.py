"""Records as the API gives them: dictionaries the serializers read.

A case's and a person's HTCDS values are exports.case_values', unchanged."""

from safepath.cases.models import Case
from safepath.htcds.exports import case_values
from safepath.htcds.imports import COLUMNS
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.referrals.models import Referral
from safepath.referrals.selectors import shared_sections
from safepath.screening.models import Screening

OWN_COLUMNS = ("safepath_opened_on", "safepath_reference")


def _code(instance) -> str | None:
    return instance.code if instance is not None else None


def case_record(case: Case) -> dict:
    values = case_values(case)
    for name in OWN_COLUMNS:
        values.pop(name, None)
    return {
        "id": case.pk,
        "reference": case.reference,
        "organisation": case.organisation.code,
        "person": case.person_id,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "next_follow_up": case.next_follow_up,
        "is_restricted": case.is_restricted,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        **values,
    }


def person_record(person: Person) -> dict:
    """The person's HTCDS values, read through the first of their cases
    the user may open (api_persons_for_user loads them)."""
    cases = person.visible_cases
    values = case_values(cases[0])
    return {
        "id": person.pk,
        "organisation": person.organisation.code,
        "location": _code(person.location),
        "birthdate_is_estimate": person.birthdate_is_estimate,
        "cases": [case.pk for case in cases],
        "created_at": person.created_at,
        "updated_at": person.updated_at,
        **{name: v for name, v in values.items() if COLUMNS[name] is Person},
    }


def referral_record(referral: Referral, sides: set[str]) -> dict:
    """As the referral's page shows it: the sender sees what they shared;
    the receiver only what the consent still covers, and the message while
    it covers anything (referrals.selectors.shared_sections)."""
    sender = "sent" in sides
    sections = referral.sections if sender else shared_sections(referral=referral)
    return {
        "id": referral.pk,
        "sides": sorted(sides),
        "case": referral.case_id if sender else None,
        "from_organisation": referral.from_organisation.code,
        "to_organisation": referral.to_organisation.code,
        "cas_ReasonForOutgoingReferral": referral.reason,
        "cas_OutgoingReferralDate": referral.sent_at.date(),
        "cas_OutgoingReferralDetails": referral.details if sender or sections else None,
        "urgency": referral.urgency,
        "services_requested": referral.services_requested,
        "sections": sections,
        "status": referral.status,
        "sent_at": referral.sent_at,
        "respond_by": referral.respond_by,
        "responded_at": referral.responded_at,
        "is_overdue": referral.is_overdue,
        "receiver_case": referral.receiver_case_id if "received" in sides else None,
    }


def referral_organisation(referral: Referral, sides: set[str]) -> int:
    """The organisation the user reads the referral in, for the audit."""
    if "sent" in sides:
        return referral.from_organisation_id
    return referral.to_organisation_id


def screening_record(screening: Screening) -> dict:
    return {
        "id": screening.pk,
        "organisation": screening.organisation.code,
        "case": screening.case_id,
        "indicator_set": f"{screening.indicator_set.key}"
        f"@{screening.indicator_set.version}",
        "profile": screening.profile,
        "interviewed_on": screening.interviewed_on,
        "alias": screening.alias,
        "location": _code(screening.location),
        "from_paper": screening.from_paper,
        "completed_at": screening.completed_at,
        "suggestion": screening.suggestion,
        "conducted_by": screening.conducted_by.username,
        "created_at": screening.created_at,
        "answers": {str(k): str(v) for k, v in screening.answers.items()},
    }


def place_record(place: Location) -> dict:
    return {
        "id": place.pk,
        "code": place.code,
        "parent": _code(place.parent),
        "level": place.level,
        "unit_type": place.unit_type,
        "name_mn": place.name_mn,
        "name_latn": place.name_latn,
        "name_ascii": place.name_ascii,
    }


def organisation_record(organisation: Organisation) -> dict:
    return {
        "code": organisation.code,
        "org_Name": organisation.org_Name,
        "org_Type": organisation.org_Type,
        "org_Phone": organisation.org_Phone,
        "org_ShippingStreet": organisation.org_ShippingStreet,
        "org_ShippingCity": organisation.org_ShippingCity,
        "org_ShippingState": organisation.org_ShippingState,
        "org_ShippingPostalCode": organisation.org_ShippingPostalCode,
        "org_ShippingCountry": str(organisation.org_ShippingCountry),
        "location": _code(organisation.location),
        "services": sorted({o.service_type for o in organisation.active_offers}),
    }
