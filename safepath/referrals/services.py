"""Sending, answering and withdrawing referrals.

Every step is audited in its transaction: under the referred case (so the
sender's access history shows who at the receiver read it) and under the
referral. Notifications hold a link only, never a name.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import CASE_MANAGER_ROLES
from safepath.accounts.selectors import (
    case_workers_of,
    organisation_ids_for,
    roles_in,
)
from safepath.audit.services import audit_record
from safepath.cases.models import Case, ShareSection
from safepath.lib.versioning import save_versioned
from safepath.notifications.models import NotificationKind
from safepath.notifications.services import notify
from safepath.organisations.models import Organisation
from safepath.referrals.models import Referral, ReferralStatus
from safepath.referrals.selectors import consented_sections


def _audit(actor, action: str, referral: Referral, organisation_id, fields=()):
    audit_record(
        actor=actor,
        action=action,
        target=referral.case,
        organisation_id=organisation_id,
        role=roles_in(actor, organisation_id),
        fields=list(fields),
    )


def _notify_receiver(referral: Referral, kind: str) -> None:
    notify(
        users=case_workers_of(organisation_ids=[referral.to_organisation_id]),
        kind=kind,
        url=referral.get_absolute_url(),
    )


def _notify_sender(referral: Referral, kind: str) -> None:
    notify(
        users=[referral.sent_by, referral.case.cas_CaseOwner],
        kind=kind,
        url=referral.get_absolute_url(),
    )


def can_override(*, user, case: Case) -> bool:
    """Supervisors of the case's organisation may send without consent."""
    return case.organisation_id in organisation_ids_for(
        user=user, roles=CASE_MANAGER_ROLES
    )


@transaction.atomic
def referral_send(
    *,
    case: Case,
    referral: Referral,
    actor,
    override_reason: str = "",
) -> Referral:
    """Send `referral` (unsaved: to_organisation, reason, urgency,
    services_requested, details and sections set) from `case`.

    Refused unless the person consented to sharing every chosen section with
    the receiving organisation, or a supervisor of the sending organisation
    records why it must go without."""
    to = referral.to_organisation
    if to.pk == case.organisation_id or not to.is_active:
        raise ValidationError(
            {"to_organisation": _("Choose another, active organisation.")}
        )
    sections = [s for s in ShareSection.values if s in set(referral.sections)]
    if not sections:
        raise ValidationError({"sections": _("Choose the parts of the case to share.")})
    consent, consented = consented_sections(case=case, organisation_id=to.pk)
    missing = [s for s in sections if s not in consented]
    override_reason = override_reason.strip()
    if missing and not override_reason:
        labels = dict(ShareSection.choices)
        if consent is None:
            message = _(
                "The person has not consented to sharing with %(organisation)s. "
                "Record their consent to referral first."
            ) % {"organisation": to}
        else:
            message = _(
                "The person has not consented to sharing these parts with "
                "%(organisation)s: %(sections)s."
            ) % {
                "organisation": to,
                "sections": "; ".join(str(labels[s]) for s in missing),
            }
        raise ValidationError({"sections": message})
    if missing and not can_override(user=actor, case=case):
        raise ValidationError(
            {
                "override_reason": _(
                    "Only a supervisor may send a referral without consent."
                )
            }
        )
    referral.case = case
    referral.from_organisation_id = case.organisation_id
    referral.sections = sections
    referral.sent_by = actor
    referral.sent_at = timezone.now()
    referral.respond_by = None
    if missing:
        referral.consent = None
        referral.override_reason = override_reason
        referral.override_by = actor
    else:
        referral.consent = consent
    referral.full_clean(exclude=["case", "sent_by", "respond_by"])
    referral.save()
    _audit(actor, "referral.send", referral, case.organisation_id, sections)
    if missing:
        _audit(actor, "referral.override", referral, case.organisation_id, missing)
    _notify_receiver(referral, NotificationKind.REFERRAL_RECEIVED)
    return referral


def _locked(referral: Referral, *statuses: str) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in statuses:
        raise ValidationError(
            _(
                "This referral was already answered or withdrawn: "
                "it is now “%(status)s”."
            )
            % {"status": current.get_status_display()}
        )
    return current


@transaction.atomic
def referral_accept(
    *, referral: Referral, actor, receiver_case: Case | None = None, reason: str = ""
) -> Referral:
    """Accept for the receiving organisation; link one of its cases when the
    person is already known there."""
    current = _locked(referral, ReferralStatus.SENT)
    if receiver_case is not None:
        if receiver_case.organisation_id != current.to_organisation_id:
            raise ValidationError(_("That case is not in the receiving organisation."))
        current.receiver_case = receiver_case
        _fill_incoming(receiver_case, current, actor)
    current.status = ReferralStatus.ACCEPTED
    current.responded_by = actor
    current.responded_at = timezone.now()
    current.response_reason = reason.strip()
    save_versioned(current, expected=None)
    _audit(actor, "referral.accept", current, current.to_organisation_id)
    _notify_sender(current, NotificationKind.REFERRAL_ACCEPTED)
    return current


@transaction.atomic
def referral_decline(*, referral: Referral, actor, reason: str) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    current = _locked(referral, ReferralStatus.SENT)
    current.status = ReferralStatus.DECLINED
    current.responded_by = actor
    current.responded_at = timezone.now()
    current.response_reason = reason.strip()
    save_versioned(current, expected=None)
    _audit(actor, "referral.decline", current, current.to_organisation_id)
    _notify_sender(current, NotificationKind.REFERRAL_DECLINED)
    return current


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor, reason: str = "") -> Referral:
    """The sender takes the referral back: the receiver sees nothing more."""
    current = _locked(referral, ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    current.status = ReferralStatus.WITHDRAWN
    current.response_reason = reason.strip()
    save_versioned(current, expected=None)
    _audit(actor, "referral.withdraw", current, current.from_organisation_id)
    _notify_receiver(current, NotificationKind.REFERRAL_WITHDRAWN)
    return current


def _fill_incoming(case: Case, referral: Referral, actor) -> None:
    """Fill the receiver case's HTCDS incoming-referral fields left empty."""
    changed = []
    values = {
        "cas_ReferringOrganisation": referral.from_organisation,
        "cas_IncomingReferralDate": timezone.localdate(referral.sent_at),
        "cas_ReasonForIncomingReferral": referral.reason,
        "cas_ReferringPrimaryCaseWorker": referral.sent_by.get_full_name()
        or referral.sent_by.username,
    }
    for name, value in values.items():
        if not getattr(case, name):
            setattr(case, name, value)
            changed.append(name)
    if changed:
        save_versioned(case, expected=None)
        audit_record(
            actor=actor,
            action="case.update",
            target=case,
            organisation_id=case.organisation_id,
            role=roles_in(actor, case.organisation_id),
            fields=changed,
        )


@transaction.atomic
def referral_link_case(*, referral: Referral, case: Case, actor) -> Referral:
    """Link the case the receiver opened for an accepted referral."""
    current = _locked(referral, ReferralStatus.ACCEPTED)
    if current.receiver_case_id:
        raise ValidationError(_("A case is already linked to this referral."))
    current.receiver_case = case
    save_versioned(current, expected=None)
    _fill_incoming(case, current, actor)
    _audit(actor, "referral.link_case", current, current.to_organisation_id)
    return current


def referral_record_view(*, referral: Referral, sections: list[str], actor) -> None:
    """The receiver's reading of the shared parts is audited under the case."""
    _audit(actor, "referral.view", referral, referral.to_organisation_id, sections)


def receiving_organisations(*, case: Case):
    return Organisation.objects.filter(is_active=True).exclude(pk=case.organisation_id)


def notify_overdue(*, now=None) -> int:
    """Tell both sides, once, of each referral past its answer time. Run it
    every few minutes (manage.py notify_overdue_referrals)."""
    now = now or timezone.now()
    overdue = Referral.objects.filter(
        status=ReferralStatus.SENT,
        respond_by__lt=now,
        overdue_notified_at__isnull=True,
    ).select_related("case__cas_CaseOwner", "sent_by")
    count = 0
    for referral in overdue:
        with transaction.atomic():
            claimed = Referral.objects.filter(
                pk=referral.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not claimed:
                continue  # another run took it
            _notify_receiver(referral, NotificationKind.REFERRAL_OVERDUE)
            _notify_sender(referral, NotificationKind.REFERRAL_OVERDUE)
            count += 1
    return count
