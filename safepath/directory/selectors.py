"""Who may read and change which service offer: decided here and nowhere else.

Offers hold no personal data: every signed-in user searches and reads the
active ones. Organisation admins and supervisors of the offer's organisation
create and change them (and read them while inactive); anyone else gets a 404.
"""

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from safepath.accounts.models import Role
from safepath.accounts.selectors import organisation_ids_for
from safepath.directory.models import ServiceOffer
from safepath.organisations.models import Organisation
from safepath.places.models import Location
from safepath.places.services import SEPARATOR

# Kept here until accounts/models.py lists it with the other role sets.
DIRECTORY_EDITOR_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPERVISOR})

OfferLocation = ServiceOffer.locations.through


def _with_details(offers: QuerySet[ServiceOffer]) -> QuerySet[ServiceOffer]:
    return offers.select_related("organisation").prefetch_related(
        Prefetch("locations", Location.objects.select_related("parent"))
    )


def _ancestor_paths(location: Location) -> list[str]:
    """The paths of the place and of every place above it: |MN|, |MN|MN-053|..."""
    codes = location.path.strip(SEPARATOR).split(SEPARATOR)
    return [
        SEPARATOR + SEPARATOR.join(codes[: i + 1]) + SEPARATOR
        for i in range(len(codes))
    ]


def _serves(location: Location) -> Q:
    """No places (nationwide), or a place inside the one searched (an offer in
    Dalanzadgad for a search of Ömnögovi), or one containing it (an Ömnögovi-
    wide offer for a search of Dalanzadgad)."""
    served = OfferLocation.objects.filter(serviceoffer_id=OuterRef("pk"))
    near = served.filter(
        Q(location__path__startswith=location.path)
        | Q(location__path__in=_ancestor_paths(location))
    )
    return ~Exists(served) | Exists(near)


def _for_age(age: int) -> Q:
    return (Q(min_age__isnull=True) | Q(min_age__lte=age)) & (
        Q(max_age__isnull=True) | Q(max_age__gte=age)
    )


def _for_gender(gender: str) -> Q:
    # JSON containment is `@>` on PostgreSQL and is not supported on SQLite.
    # The list is stored as JSON text on both (["Feminine", "Masculine"]), so
    # the value between its quotes is found by a plain LIKE on either; the
    # quotes keep "Feminine" from matching "TransgenderFeminine". The values
    # differ by more than case, so icontains (the lookup JSONField has) is exact.
    return Q(genders=[]) | Q(genders__icontains=f'"{gender}"')


def _for_nationality(code: str) -> Q:
    # CountryField(multiple=True) stores sorted codes joined by commas: "CN,MN".
    return (
        Q(nationalities="")
        | Q(nationalities=code)
        | Q(nationalities__startswith=f"{code},")
        | Q(nationalities__endswith=f",{code}")
        | Q(nationalities__contains=f",{code},")
    )


def service_offers_matching(
    *,
    service_type: str | None = None,
    age: int | None = None,
    gender: str | None = None,
    location: Location | None = None,
    nationality: str | None = None,
) -> QuerySet[ServiceOffer]:
    """Active offers of active organisations for someone with these traits.
    Offers with places free come first; those known to be full come last,
    still listed, because a place may free up or the contact may know another."""
    offers = ServiceOffer.objects.filter(is_active=True, organisation__is_active=True)
    if service_type:
        offers = offers.filter(service_type=service_type)
    if age is not None:
        offers = offers.filter(_for_age(age))
    if gender:
        offers = offers.filter(_for_gender(gender))
    if location is not None:
        offers = offers.filter(_serves(location))
    if nationality:
        offers = offers.filter(_for_nationality(str(nationality)))
    availability = Case(
        When(places_available__gt=0, then=Value(0)),
        When(places_available__isnull=True, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return _with_details(offers).order_by(
        availability, "organisation__org_Name", "name", "pk"
    )


def editable_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=DIRECTORY_EDITOR_ROLES)


def organisations_for_new_offer(user) -> QuerySet[Organisation]:
    """Where the user may add an offer; none: the page is a 404."""
    ids = editable_organisation_ids(user)
    if not ids:
        raise Http404
    return Organisation.objects.filter(pk__in=ids)


def user_can_edit_offer(*, user, offer: ServiceOffer) -> bool:
    return offer.organisation_id in editable_organisation_ids(user)


def service_offer_get_for_user(*, user, offer_id: int) -> ServiceOffer:
    """An active offer, or one of an organisation the user edits for, or 404."""
    visible = Q(is_active=True, organisation__is_active=True) | Q(
        organisation_id__in=editable_organisation_ids(user)
    )
    try:
        return _with_details(ServiceOffer.objects.filter(visible)).get(pk=offer_id)
    except ServiceOffer.DoesNotExist:
        raise Http404 from None


def service_offer_for_update(*, user, offer_id: int) -> ServiceOffer:
    """An offer of an organisation the user edits for, or 404."""
    try:
        return ServiceOffer.objects.select_related("organisation").get(
            pk=offer_id, organisation_id__in=editable_organisation_ids(user)
        )
    except ServiceOffer.DoesNotExist:
        raise Http404 from None
