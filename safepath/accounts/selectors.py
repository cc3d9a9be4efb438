from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from safepath.accounts.models import (
    CASE_MANAGER_ROLES,
    CASE_ROLES,
    ROLES_WITHOUT_PERSONAL_DATA,
    Membership,
    Role,
    User,
)
from safepath.organisations.models import Organisation


def active_memberships(user) -> list[Membership]:
    """The user's memberships in active organisations, read once per request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_safepath_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(
                user=user, is_active=True, organisation__is_active=True
            ).select_related("organisation")
        )
        user._safepath_memberships = cached
    return cached


def organisation_ids_for(*, user, roles: Iterable[str]) -> list[int]:
    roles = set(roles)
    return sorted(
        {m.organisation_id for m in active_memberships(user) if m.role in roles}
    )


def user_has_role(*, user, roles: Iterable[str]) -> bool:
    return bool(organisation_ids_for(user=user, roles=roles))


def roles_in(user, organisation_id: int | None) -> str:
    """The user's roles in an organisation, as the audit trail records them."""
    return ",".join(
        sorted(
            m.role
            for m in active_memberships(user)
            if m.organisation_id == organisation_id
        )
    )


def user_requires_2fa(user) -> bool:
    """Everyone who can read personal data, and platform admins, need 2FA."""
    if user.is_superuser or user.is_staff:
        return True
    return any(
        m.role not in ROLES_WITHOUT_PERSONAL_DATA for m in active_memberships(user)
    )


def organisations_administered_by(user) -> list[Organisation]:
    return [
        m.organisation for m in active_memberships(user) if m.role == Role.ORG_ADMIN
    ]


def organisation_for_admin(*, user, organisation_id: int) -> Organisation:
    """An organisation this user administers, or 404."""
    for organisation in organisations_administered_by(user):
        if organisation.pk == organisation_id:
            return organisation
    raise Http404


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user")


def membership_for_admin(*, user, membership_id: int) -> Membership:
    """A membership in an organisation this user administers, or 404."""
    ids = [o.pk for o in organisations_administered_by(user)]
    try:
        return Membership.objects.select_related("user", "organisation").get(
            pk=membership_id, organisation_id__in=ids
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def case_workers_of(*, organisation_ids: list[int]) -> QuerySet[User]:
    """Users who may own a case of these organisations."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id__in=organisation_ids,
        memberships__is_active=True,
        memberships__role__in=CASE_ROLES,
    ).distinct()


def case_managers_of(*, organisation_id: int) -> QuerySet[User]:
    """The organisation's active supervisors."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__is_active=True,
        memberships__role__in=CASE_MANAGER_ROLES,
    ).distinct()
