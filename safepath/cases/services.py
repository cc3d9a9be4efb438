"""Every change to a case and its parts, each audited in its own transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import CASE_MANAGER_ROLES
from safepath.accounts.selectors import (
    case_managers_of,
    organisation_ids_for,
    roles_in,
)
from safepath.audit.services import audit_record, audit_record_many
from safepath.cases.models import (
    CLOSED_STATUSES,
    Case,
    CaseComment,
    Consent,
    ConsentPurpose,
    PerpetratorContext,
    TraffickingEvent,
    TraffickingStatusDecision,
    VictimContext,
)
from safepath.htcds.choices import CaseStatus
from safepath.lib.ages import age_band
from safepath.lib.versioning import save_versioned
from safepath.notifications.models import NotificationKind
from safepath.notifications.services import notify
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.people.services import person_create, person_update


def _audit(actor, action: str, case: Case, fields=()) -> None:
    """Parts of a case (comments, events...) are audited under the case."""
    audit_record(
        actor=actor,
        action=action,
        target=case,
        organisation_id=case.organisation_id,
        role=roles_in(actor, case.organisation_id),
        fields=fields,
    )


def cases_record_list_view(*, cases, actor) -> None:
    """A list page shows these cases' people: one audit entry per case."""
    by_organisation: dict[int, list[Case]] = {}
    for case in cases:
        by_organisation.setdefault(case.organisation_id, []).append(case)
    for organisation_id, shown in by_organisation.items():
        audit_record_many(
            actor=actor,
            action="case.list",
            targets=shown,
            organisation_id=organisation_id,
            role=roles_in(actor, organisation_id),
        )


def _next_reference(organisation: Organisation, year: int) -> str:
    """ORG-YEAR-NNNNN, numbered per organisation; the row lock serialises it."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    number = locked.next_case_number
    locked.next_case_number = number + 1
    locked.save(update_fields=["next_case_number"])
    return f"{locked.code.upper()}-{year}-{number:05d}"


def _set_many(instance, many: dict) -> None:
    for name, values in many.items():
        getattr(instance, name).set(values)


@transaction.atomic
def case_register(
    *,
    person: Person,
    citizenship=(),
    case: Case,
    victim: VictimContext,
    victim_many: dict | None = None,
    consent_to_record: bool = False,
    actor,
) -> Case:
    """Register a person and open their case (the forms' unsaved instances)."""
    person.organisation = case.organisation
    person_create(person=person, citizenship=citizenship, actor=actor)
    case.person = person
    case.created_by = actor
    case.reference = _next_reference(case.organisation, case.opened_on.year)
    case.age_band = age_band(person.prs_Birthdate, case.opened_on)
    case.save()
    victim.case = case
    victim.vic_AgreementToManagePersonalData = consent_to_record
    victim.save()
    _set_many(victim, victim_many or {})
    _audit(actor, "case.create", case)
    if consent_to_record:
        Consent.objects.create(
            case=case,
            con_Consent=True,
            purpose=ConsentPurpose.PERSONAL_DATA,
            recorded_by=actor,
        )
        _audit(actor, "consent.create", case)
    return case


def case_record_view(*, case: Case, actor, part: str | None = None) -> None:
    """Reading a case is audited like a change; `part` names a page that
    shows one part of it (its "comments")."""
    _audit(actor, "case.view", case, [part] if part else ())


@transaction.atomic
def case_update(
    *, case: Case, changed: list[str], actor, expected_version: int | None = None
) -> Case:
    case.age_band = age_band(case.person.prs_Birthdate, case.opened_on)
    save_versioned(case, expected=expected_version)
    if changed:
        _audit(actor, "case.update", case, fields=changed)
    return case


@transaction.atomic
def victim_context_update(
    *,
    case: Case,
    victim: VictimContext,
    many: dict,
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> VictimContext:
    save_versioned(victim, expected=expected_version)
    _set_many(victim, many)
    if changed:
        _audit(actor, "victim.update", case, fields=changed)
    return victim


@transaction.atomic
def case_change_status(
    *, case: Case, changed: list[str], actor, expected_version: int | None = None
) -> Case:
    """Save a status decision made by StatusForm, dating the closure.

    Where the organisation wants closures signed off, a closure by anyone
    but a supervisor of the organisation waits for one (home page,
    notification); a supervisor's own closure is signed off by them."""
    closing = case.cas_Status in CLOSED_STATUSES and case.closed_on is None
    if case.cas_Status in CLOSED_STATUSES:
        case.closed_on = case.closed_on or timezone.localdate()
    else:
        case.closed_on = None
        case.cas_ReasonForCaseClosure = case.cas_ReasonForCaseClosure.strip()
        case.closed_by = None
        case.closure_sign_off_pending = False
        case.closure_signed_off_by = None
        case.closure_signed_off_at = None
    pending = False
    if closing:
        case.closed_by = actor
        supervisor = case.organisation_id in organisation_ids_for(
            user=actor, roles=CASE_MANAGER_ROLES
        )
        if case.organisation.case_closure_needs_sign_off:
            pending = not supervisor
            case.closure_sign_off_pending = pending
            if supervisor:
                case.closure_signed_off_by = actor
                case.closure_signed_off_at = timezone.now()
    save_versioned(case, expected=expected_version)
    if changed:
        _audit(actor, "case.status", case, fields=changed)
    if pending:
        notify(
            users=case_managers_of(organisation_id=case.organisation_id).exclude(
                pk=actor.pk
            ),
            kind=NotificationKind.CLOSURE_TO_SIGN_OFF,
            url=reverse("cases:closure_review", args=[case.pk]),
        )
    return case


@transaction.atomic
def closure_sign_off(*, case: Case, approve: bool, note: str, actor) -> Case:
    """A supervisor signs a pending closure off, or reopens the case with a
    note (kept as a case comment) saying why."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.closure_sign_off_pending:
        raise ValidationError(_("This closure is no longer waiting for sign-off."))
    if case.closed_by_id == actor.pk:
        raise ValidationError(_("Another supervisor must sign off your own closure."))
    case.closure_sign_off_pending = False
    if approve:
        case.closure_signed_off_by = actor
        case.closure_signed_off_at = timezone.now()
        fields = ["closure_signed_off_by"]
    else:
        case.cas_Status = CaseStatus.ACTIVE
        case.closed_on = None
        case.closed_by = None
        fields = ["cas_Status", "closed_on"]
    save_versioned(case, expected=None)
    _audit(actor, "case.closure_sign_off" if approve else "case.reopen", case, fields)
    if note.strip():
        comment_add(case=case, text=note.strip(), actor=actor)
    return case


@transaction.atomic
def case_set_restriction(
    *,
    case: Case,
    is_restricted: bool,
    users,
    actor,
    expected_version: int | None = None,
) -> Case:
    case.is_restricted = is_restricted
    save_versioned(case, expected=expected_version)
    case.restricted_to.set(users if is_restricted else [])
    _audit(actor, "case.restrict", case, fields=["is_restricted", "restricted_to"])
    return case


@transaction.atomic
def comment_add(*, case: Case, text: str, actor) -> CaseComment:
    comment = CaseComment.objects.create(case=case, author=actor, cco_CaseComment=text)
    _audit(actor, "comment.create", case)
    return comment


@transaction.atomic
def event_save(
    *,
    case: Case,
    event: TraffickingEvent,
    changed: list[str],
    actor,
    expected_version: int | None = None,
):
    created = event.pk is None
    event.case = case
    if created:
        event.save()
    else:
        save_versioned(event, expected=expected_version)
    _audit(actor, "event.create" if created else "event.update", case, changed)
    return event


@transaction.atomic
def event_delete(*, case: Case, event: TraffickingEvent, actor) -> None:
    _audit(actor, "event.delete", case)
    event.delete()


@transaction.atomic
def perpetrator_save(
    *,
    case: Case,
    perpetrator: PerpetratorContext,
    person: Person,
    citizenship,
    person_changed: list[str],
    roles,
    changed: list[str],
    actor,
    expected_versions: tuple[int | None, int | None] = (None, None),
) -> PerpetratorContext:
    """`expected_versions`: of the person and of the perpetrator context."""
    if person._state.adding:
        person.organisation = case.organisation
        person_create(person=person, citizenship=citizenship, actor=actor)
    else:
        person_update(
            person=person,
            changed=person_changed,
            citizenship=citizenship,
            actor=actor,
            expected_version=expected_versions[0],
        )
    created = perpetrator._state.adding
    perpetrator.case = case
    perpetrator.person = person
    if created:
        perpetrator.save()
    else:
        save_versioned(perpetrator, expected=expected_versions[1])
    perpetrator.per_RoleInProcess.set(roles)
    action = "perpetrator.create" if created else "perpetrator.update"
    _audit(actor, action, case, changed + person_changed)
    return perpetrator


@transaction.atomic
def consent_record(*, case: Case, consent: Consent, organisations=(), actor) -> Consent:
    consent.case = case
    consent.recorded_by = actor
    consent.save()
    consent.organisations.set(organisations)
    if consent.purpose == ConsentPurpose.PERSONAL_DATA:
        VictimContext.objects.filter(case=case).update(
            vic_AgreementToManagePersonalData=consent.con_Consent
        )
    _audit(actor, "consent.create", case)
    return consent


@transaction.atomic
def consent_withdraw(*, case: Case, consent: Consent, on: date, actor) -> Consent:
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    if consent.purpose == ConsentPurpose.PERSONAL_DATA:
        VictimContext.objects.filter(case=case).update(
            vic_AgreementToManagePersonalData=False
        )
    _audit(actor, "consent.withdraw", case, ["withdrawn_on"])
    return consent


class DecisionNotAllowed(Exception):
    """A decision reviewed by the person who recorded it, or reviewed twice."""


def _put_in_force(decision: TraffickingStatusDecision, actor) -> None:
    """The victim context takes the status of the latest decision in force
    (by date of decision: one typed in late does not undo a newer one)."""
    victim = VictimContext.objects.select_for_update().get(case=decision.case)
    decision = (
        TraffickingStatusDecision.objects.filter(
            case_id=decision.case_id, state=TraffickingStatusDecision.State.IN_FORCE
        )
        .order_by("-decided_on", "-created_at")
        .first()
    )
    victim.vic_TraffickingStatus = decision.vic_TraffickingStatus
    victim.vic_TraffickingStatusDecisionMakingOrg = (
        decision.vic_TraffickingStatusDecisionMakingOrg
    )
    save_versioned(victim, expected=None)
    _audit(
        actor,
        "victim.status",
        decision.case,
        ["vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg"],
    )


@transaction.atomic
def decision_record(
    *, case: Case, decision: TraffickingStatusDecision, actor
) -> TraffickingStatusDecision:
    """Record a decision (built by DecisionForm). It is in force at once, or,
    where the organisation asks for it, once a supervisor approves it."""
    decision.case = case
    decision.recorded_by = actor
    needs_approval = Organisation.objects.values_list(
        "status_decisions_need_approval", flat=True
    ).get(pk=case.organisation_id)
    decision.state = (
        TraffickingStatusDecision.State.PENDING
        if needs_approval
        else TraffickingStatusDecision.State.IN_FORCE
    )
    decision.save()
    _audit(actor, "decision.create", case)
    if decision.state == TraffickingStatusDecision.State.IN_FORCE:
        _put_in_force(decision, actor)
    return decision


@transaction.atomic
def decision_review(
    *, decision: TraffickingStatusDecision, approve: bool, note: str, actor
) -> TraffickingStatusDecision:
    """A supervisor approves or declines a pending decision; never their own."""
    decision = TraffickingStatusDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != TraffickingStatusDecision.State.PENDING:
        raise DecisionNotAllowed("already reviewed")
    if decision.recorded_by_id == actor.pk:
        raise DecisionNotAllowed("own decision")
    decision.state = (
        TraffickingStatusDecision.State.IN_FORCE
        if approve
        else TraffickingStatusDecision.State.REJECTED
    )
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.review_note = note
    save_versioned(decision, expected=None)
    _audit(actor, "decision.approve" if approve else "decision.decline", decision.case)
    if approve:
        _put_in_force(decision, actor)
    return decision
