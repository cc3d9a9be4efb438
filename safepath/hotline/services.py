"""Recording contacts and turning them into screenings and cases, audited
(field names only) in the same transaction."""

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.cases import services as case_services
from safepath.cases.models import Case
from safepath.hotline.models import Contact
from safepath.hotline.selectors import code_word_token, earlier_contacts, phone_token
from safepath.lib.versioning import save_versioned
from safepath.screening import services as screening_services
from safepath.screening.models import Screening


def _audit(actor, action: str, contact: Contact, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=contact,
        organisation_id=contact.organisation_id,
        role=roles_in(actor, contact.organisation_id),
        fields=list(fields),
    )


@transaction.atomic
def contact_record(
    *,
    contact: Contact,
    referred_to=(),
    code_word: str = "",
    phone: str = "",
    actor,
) -> Contact:
    """Save a new contact; link it to the caller's latest earlier contact
    when the code word or the phone number matches one."""
    contact.recorded_by = actor
    if code_word.strip():
        contact.code_word_index = code_word_token(code_word)
    if phone.strip():
        contact.phone_index = phone_token(phone)
    earlier = earlier_contacts(
        organisation_id=contact.organisation_id,
        code_word_index=contact.code_word_index,
        phone_index=contact.phone_index,
    )
    contact.linked_to = earlier[0] if earlier else None
    contact.save()
    contact.referred_to.set(referred_to)
    _audit(actor, "contact.create", contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    changed: list[str],
    referred_to=None,
    code_word: str = "",
    phone: str = "",
    actor,
    expected_version: int | None = None,
) -> Contact:
    if code_word.strip():
        contact.code_word_index = code_word_token(code_word)
        changed = [*changed, "code_word_index"]
    if phone.strip():
        contact.phone_index = phone_token(phone)
        changed = [*changed, "phone_index"]
    save_versioned(contact, expected=expected_version)
    if referred_to is not None:
        contact.referred_to.set(referred_to)
    _audit(actor, "contact.update", contact, changed)
    return contact


@transaction.atomic
def follow_up_done(*, contact: Contact, actor) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.follow_up_done_on is None:
        contact.follow_up_done_on = timezone.localdate()
        save_versioned(contact, expected=None)
        _audit(actor, "contact.follow_up_done", contact, ["follow_up_done_on"])
    return contact


def contact_record_view(*, contact: Contact, actor) -> None:
    _audit(actor, "contact.view", contact)


@transaction.atomic
def contact_start_screening(
    *, contact: Contact, screening: Screening, actor
) -> Screening:
    """A screening started from the contact: linked to it both ways."""
    screening = screening_services.screening_start(screening=screening, actor=actor)
    Contact.objects.filter(pk=contact.pk).update(screening=screening)
    contact.screening = screening
    _audit(actor, "contact.escalate_screening", contact, ["screening"])
    return screening


@transaction.atomic
def contact_open_case(
    *,
    contact: Contact,
    person,
    citizenship,
    case: Case,
    victim,
    victim_many: dict,
    consent_to_record: bool,
    actor,
) -> Case:
    """Register the caller and open their case from the contact. A screening
    started from the contact joins the case; what the operator wrote becomes
    the case's first comment."""
    screening = contact.screening
    if screening is not None and screening.case_id is None:
        case = screening_services.screening_convert(
            screening=screening,
            person=person,
            citizenship=citizenship,
            case=case,
            victim=victim,
            victim_many=victim_many,
            consent_to_record=consent_to_record,
            actor=actor,
        )
    else:
        case = case_services.case_register(
            person=person,
            citizenship=citizenship,
            case=case,
            victim=victim,
            victim_many=victim_many,
            consent_to_record=consent_to_record,
            actor=actor,
        )
    if contact.information_given.strip():
        case_services.comment_add(
            case=case, text=contact.information_given, actor=actor
        )
    Contact.objects.filter(pk=contact.pk).update(case=case)
    contact.case = case
    _audit(actor, "contact.escalate_case", contact, ["case"])
    return case
