"""What the API reads. Who may see which record is decided by the other
apps' selectors (cases, referrals, screening); these only add the shapes and
filters the API needs on top of them, never a looser query."""

import hmac
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safepath.accounts.models import CASE_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.api.models import ApiToken
from safepath.cases.models import Case
from safepath.cases.selectors import case_get_for_user, cases_visible_to
from safepath.directory.models import ServiceOffer
from safepath.htcds.imports import COLUMNS
from safepath.lib.crypto import secret_digest
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.referrals.models import Referral
from safepath.referrals.selectors import (
    incoming_for,
    outgoing_for,
    referral_get_for_user,
)
from safepath.screening.models import Screening
from safepath.screening.selectors import (
    screening_get_for_user,
    screenings_visible_to,
)

# The largest primary key a database integer holds: a larger id is a 404,
# not an overflow.
MAX_ID = 2**63 - 1


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, active or not, with its user.

    Looked up by the secret's digest: a database index compares digests, never
    the secret, so its timing tells nothing about the secret; the final
    comparison is constant-time all the same."""
    digest = secret_digest(secret)
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    return token


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user, token_id: UUID) -> ApiToken:
    """One of the user's own tokens, or 404."""
    try:
        return api_tokens_of(user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None


# --- Cases and persons -----------------------------------------------------------
def _htcds_related(prefix: str = "") -> tuple[list[str], list[str]]:
    """What exports.case_values reads of a case, to load it in a few queries."""
    related = [
        "organisation",
        "person__organisation",
        "person__location",
        "victim__vic_LocationOfRecruitment",
        "victim__vic_LocationOfExploitation",
        "cas_CaseOwner",
        "cas_ReferringOrganisation",
        "cas_ReferredOrganisation",
    ]
    many = ["person__prs_Citizenship"] + [
        f"victim__{name}"
        for name, model in COLUMNS.items()
        if model is not None
        and model.__name__ == "VictimContext"
        and model._meta.get_field(name).many_to_many
    ]
    return [prefix + r for r in related], [prefix + m for m in many]


def _with_htcds(cases: QuerySet[Case]) -> QuerySet[Case]:
    related, many = _htcds_related()
    return cases.select_related(*related).prefetch_related(*many)


def api_cases_for_user(*, user) -> QuerySet[Case]:
    """The cases the user may open on the web, ready for exports.case_values,
    oldest change first (so that a sync by updated_since pages steadily)."""
    return _with_htcds(cases_visible_to(user)).order_by("updated_at", "id")


def api_case_get_for_user(*, user, case_id: UUID) -> Case:
    """The case, or 404, as on its web page (cases.selectors)."""
    case = case_get_for_user(user=user, case_id=case_id)
    return _with_htcds(Case.objects.filter(pk=case.pk)).get()


def api_persons_for_user(*, user) -> QuerySet[Person]:
    """The people of the cases the user may open, each with those cases
    (`visible_cases`), which exports.case_values reads the person through."""
    visible = cases_visible_to(user)
    return (
        Person.objects.filter(pk__in=visible.values("person_id"))
        .select_related("organisation", "location")
        .prefetch_related(
            Prefetch(
                "cases",
                _with_htcds(visible).order_by("opened_on", "id"),
                to_attr="visible_cases",
            )
        )
        .order_by("updated_at", "id")
    )


def api_person_get_for_user(*, user, person_id: UUID) -> Person:
    person = api_persons_for_user(user=user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def registering_organisations(user) -> QuerySet[Organisation]:
    """Where the user may register a case, as on the web's registration form."""
    return Organisation.objects.filter(
        pk__in=organisation_ids_for(user=user, roles=CASE_ROLES)
    ).order_by("code")


# --- Referrals ---------------------------------------------------------------------
def api_referrals_for_user(*, user, direction: str = "") -> QuerySet[Referral]:
    """Referrals received by the user's organisations and sent from the cases
    they may open (referrals.selectors), newest first."""
    if direction == "received":
        referrals = incoming_for(user=user)
    elif direction == "sent":
        referrals = outgoing_for(user=user)
    else:
        referrals = incoming_for(user=user) | outgoing_for(user=user)
    return referrals.select_related(
        "case", "from_organisation", "to_organisation"
    ).order_by("-sent_at", "id")


def api_referral_get_for_user(*, user, referral_id: UUID) -> Referral:
    """A referral the user sent or received, or 404 (referrals.selectors)."""
    return referral_get_for_user(user=user, referral_id=referral_id).referral


def referral_sides(*, user, referrals: list[Referral]) -> dict[UUID, set[str]]:
    """For each referral, "sent" when the user may open its case and
    "received" when it was sent to one of their organisations."""
    receiving = set(organisation_ids_for(user=user, roles=CASE_ROLES))
    senders = set(
        cases_visible_to(user)
        .filter(pk__in=[r.case_id for r in referrals])
        .values_list("pk", flat=True)
    )
    sides: dict[UUID, set[str]] = {}
    for referral in referrals:
        sides[referral.pk] = set()
        if referral.case_id in senders:
            sides[referral.pk].add("sent")
        if referral.to_organisation_id in receiving:
            sides[referral.pk].add("received")
    return sides


# --- Screenings --------------------------------------------------------------------
def api_screenings_for_user(*, user) -> QuerySet[Screening]:
    return screenings_visible_to(user).select_related(
        "organisation", "location", "conducted_by", "indicator_set"
    )


def api_screening_get_for_user(*, user, screening_id: UUID) -> Screening:
    """A screening the user may open, or 404 (screening.selectors)."""
    screening = screening_get_for_user(user=user, screening_id=screening_id)
    return api_screenings_for_user(user=user).get(pk=screening.pk)


# --- Reference data ----------------------------------------------------------------
def places(*, level: int | None = None, parent: str = "", unit_type: str = ""):
    found = Location.objects.select_related("parent")
    if level is not None:
        found = found.filter(level=level)
    if parent:
        found = found.filter(parent__code=parent)
    if unit_type:
        found = found.filter(unit_type=unit_type)
    return found.order_by("path")


def place_get(*, place_id: int) -> Location:
    place = (
        Location.objects.select_related("parent").filter(pk=place_id).first()
        if 0 < place_id <= MAX_ID
        else None
    )
    if place is None:
        raise Http404
    return place


def directory_organisations(*, org_type: str = "") -> QuerySet[Organisation]:
    """The network's active organisations, with their active service offers."""
    found = Organisation.objects.filter(is_active=True)
    if org_type:
        found = found.filter(org_Type=org_type)
    return (
        found.select_related("location")
        .prefetch_related(
            Prefetch(
                "service_offers",
                ServiceOffer.objects.filter(is_active=True).order_by("service_type"),
                to_attr="active_offers",
            )
        )
        .order_by("code")
    )


def directory_organisation_get(*, code: str) -> Organisation:
    organisation = directory_organisations().filter(code=code).first()
    if organisation is None:
        raise Http404
    return organisation
