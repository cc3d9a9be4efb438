"""Who may collect, review and manage what, in one place."""

import hmac
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from safepath.accounts.models import (
    CASE_MANAGER_ROLES,
    CASE_ROLES,
    SCREENING_ROLES,
    Membership,
    User,
)
from safepath.accounts.selectors import organisation_ids_for
from safepath.lib.crypto import secret_digest
from safepath.openrosa.models import Attachment, Device, FormKind, Submission

# Who may hold a collection device: those who screen (hotline operators
# too) or register cases. Intake is for case staff only.
COLLECTOR_ROLES = SCREENING_ROLES
FORM_ROLES = {FormKind.SCREENING: SCREENING_ROLES, FormKind.INTAKE: CASE_ROLES}
# Who reviews a queue: the organisation's caseworkers and supervisors, as
# accepting makes cases and screenings.
REVIEWER_ROLES = CASE_ROLES
DEVICE_MANAGER_ROLES = CASE_MANAGER_ROLES


def _roles_of(user: User, organisation_id: int) -> set[str]:
    return set(
        Membership.objects.filter(
            user=user,
            organisation_id=organisation_id,
            is_active=True,
            organisation__is_active=True,
        ).values_list("role", flat=True)
    )


def device_for_credentials(*, username: str, token: str) -> Device | None:
    """The device these Basic credentials open, while it is not revoked and
    its user is active and still collects for its organisation."""
    if not token or not username:
        return None
    device = (
        Device.objects.select_related("user", "organisation")
        .filter(token_digest=secret_digest(token), revoked_at__isnull=True)
        .first()
    )
    if device is None or not device.user.is_active:
        return None
    if not hmac.compare_digest(device.user.username.encode(), username.encode()):
        return None
    if not _roles_of(device.user, device.organisation_id) & COLLECTOR_ROLES:
        return None
    return device


def form_kinds_for(device: Device) -> set[str]:
    """The forms the device's user may fill in its organisation."""
    roles = _roles_of(device.user, device.organisation_id)
    return {kind for kind, allowed in FORM_ROLES.items() if roles & allowed}


def submissions_visible_to(user) -> QuerySet[Submission]:
    org_ids = organisation_ids_for(user=user, roles=REVIEWER_ROLES)
    return Submission.objects.filter(organisation_id__in=org_ids).defer("xml")


def submission_get_for_user(*, user, submission_id: UUID) -> Submission:
    try:
        return (
            Submission.objects.filter(
                organisation_id__in=organisation_ids_for(
                    user=user, roles=REVIEWER_ROLES
                )
            )
            .select_related("device", "submitted_by", "previous", "case", "screening")
            .get(pk=submission_id)
        )
    except Submission.DoesNotExist:
        raise Http404 from None


def attachment_get_for_user(
    *, user, submission_id: UUID, attachment_id: int
) -> Attachment:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    try:
        return submission.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404 from None


def device_manager_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=DEVICE_MANAGER_ROLES)


def devices_managed_by(user) -> QuerySet[Device]:
    return Device.objects.filter(
        organisation_id__in=device_manager_organisation_ids(user)
    ).select_related("user", "organisation", "created_by")


def device_get_for_manager(*, user, device_id: int) -> Device:
    try:
        return devices_managed_by(user).get(pk=device_id)
    except Device.DoesNotExist:
        raise Http404 from None


def collectors_of(organisation_ids: list[int]) -> QuerySet[Membership]:
    """The memberships a device may be registered for."""
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_ids,
            role__in=COLLECTOR_ROLES,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("organisation__org_Name", "user__username", "role")
    )
