"""Who may see which referral, and what of the case the receiver may see.

The sender's side is everyone who may open the referred case
(cases.selectors.cases_visible_to); the receiver's side is everyone with a
case role in the receiving organisation. The receiver never reads the case
through the case pages: only through `shared_case`, which reads the parts
the consent still covers at the moment of reading.
"""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import CASE_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.models import Case, Consent, ConsentPurpose, ShareSection
from safepath.cases.selectors import cases_visible_to
from safepath.referrals.models import Referral, ReferralStatus


def referral_consents(*, case: Case, organisation_id: int) -> list[Consent]:
    """The case's referral consents in force that name the organisation."""
    return list(
        case.consents.filter(
            purpose=ConsentPurpose.REFERRAL,
            con_Consent=True,
            withdrawn_on__isnull=True,
            organisations=organisation_id,
        ).order_by("-given_on", "-id")
    )


def consented_sections(*, case: Case, organisation_id: int) -> tuple[Consent, set]:
    """The newest consent naming the organisation and every section any of
    them covers; (None, empty) when there is none."""
    consents = referral_consents(case=case, organisation_id=organisation_id)
    sections = {s for c in consents for s in c.sections}
    return (consents[0] if consents else None), sections


def shared_sections(*, referral: Referral) -> list[str]:
    """What the receiver may see now, in the order of ShareSection.

    Nothing once the referral is declined or withdrawn; under a consent,
    only what a consent in force still covers (so withdrawing it stops the
    sharing at once); under an authorised override, what the supervisor
    chose while the referral is open."""
    if not referral.is_open:
        return []
    if referral.was_overridden:
        allowed = set(referral.sections)
    else:
        _, consented = consented_sections(
            case=referral.case, organisation_id=referral.to_organisation_id
        )
        allowed = set(referral.sections) & consented
    return [s for s in ShareSection.values if s in allowed]


def _received_by(user) -> list[int]:
    return organisation_ids_for(user=user, roles=CASE_ROLES)


def incoming_for(*, user) -> QuerySet[Referral]:
    return Referral.objects.filter(to_organisation_id__in=_received_by(user))


def outgoing_for(*, user) -> QuerySet[Referral]:
    # The organisation filter is implied by the case one; it lets the
    # database walk the (from_organisation, -sent_at) index.
    return Referral.objects.filter(
        from_organisation_id__in=_received_by(user),
        case__in=cases_visible_to(user).values("pk"),
    )


@dataclass
class ReferralAccess:
    referral: Referral
    is_sender: bool
    is_receiver: bool


def referral_get_for_user(*, user, referral_id: UUID) -> ReferralAccess:
    """The referral and the user's side(s) of it, or 404."""
    referral = (
        Referral.objects.filter(pk=referral_id)
        .select_related(
            "case",
            "from_organisation",
            "to_organisation",
            "sent_by",
            "responded_by",
            "override_by",
            "consent",
            "receiver_case",
        )
        .first()
    )
    if referral is None:
        raise Http404
    is_receiver = referral.to_organisation_id in _received_by(user)
    is_sender = cases_visible_to(user).filter(pk=referral.case_id).exists()
    if not (is_sender or is_receiver):
        raise Http404
    return ReferralAccess(referral, is_sender=is_sender, is_receiver=is_receiver)


def referrals_of_case(*, case: Case) -> list[Referral]:
    return list(case.referrals_out.select_related("to_organisation"))


@dataclass
class SharedCase:
    """The parts of the sender's case the receiver may see."""

    sections: list[str]
    person: object = None
    victim: object = None
    events: list = field(default_factory=list)
    screenings: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    services: list = field(default_factory=list)


def shared_case(*, referral: Referral) -> SharedCase:
    sections = shared_sections(referral=referral)
    case = referral.case
    shared = SharedCase(sections=sections)
    if "identity" in sections or "contact" in sections:
        shared.person = case.person
    if "exploitation" in sections or "identification" in sections:
        shared.victim = getattr(case, "victim", None)
    if "exploitation" in sections:
        shared.events = list(case.events.select_related("location__parent"))
    if "identification" in sections:
        shared.screenings = list(
            case.screenings.filter(completed_at__isnull=False).select_related(
                "indicator_set"
            )
        )
    if "assistance" in sections:
        shared.plans = list(case.support_plans.all())
        shared.services = list(case.services.select_related("provided_by"))
    return shared


@dataclass
class Waiting:
    referrals: list[Referral]
    total: int

    def __bool__(self) -> bool:
        return bool(self.total)

    @property
    def more(self) -> int:
        return self.total - len(self.referrals)


def open_referrals_needing_answer(*, user, count: int = 10) -> Waiting:
    """Incoming referrals still waiting for an answer, the first due first,
    and how many there are."""
    waiting = incoming_for(user=user).filter(status=ReferralStatus.SENT)
    first = list(
        waiting.select_related("from_organisation", "to_organisation").order_by(
            "respond_by"
        )[:count]
    )
    total = len(first) if len(first) < count else waiting.count()
    return Waiting(first, total)


def overdue_count(*, user) -> int:
    """Referrals past their answer time, on either side of the user."""
    now = timezone.now()
    return (
        Referral.objects.filter(status=ReferralStatus.SENT, respond_by__lt=now)
        .filter(
            Q(to_organisation_id__in=_received_by(user))
            | Q(case__in=cases_visible_to(user).values("pk"))
        )
        .count()
    )


def accepted_referral_of(*, case: Case) -> Referral | None:
    """The case's latest accepted referral: what closing it as referred
    starts from."""
    return (
        case.referrals_out.filter(status=ReferralStatus.ACCEPTED)
        .select_related("responded_by")
        .order_by("-responded_at")
        .first()
    )
