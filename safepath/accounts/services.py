from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Membership, User
from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.lib.versioning import save_versioned
from safepath.organisations.models import Organisation


@transaction.atomic
def user_create(
    *,
    organisation: Organisation,
    role: str,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    created_by: User | None,
    language: str = "mn",
) -> User:
    """A new user with one membership; they must change the password first."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        password_change_required=created_by is not None,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role
    )
    audit_record(
        actor=created_by,
        action="membership.create",
        target=membership,
        organisation_id=organisation.pk,
        role=roles_in(created_by, organisation.pk) if created_by else "",
        fields=["role"],
    )
    return user


@transaction.atomic
def membership_add(
    *, user: User, organisation: Organisation, role: str, by: User | None
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit_record(
        actor=by,
        action="membership.create",
        target=membership,
        organisation_id=organisation.pk,
        role=roles_in(by, organisation.pk) if by else "",
        fields=["role"],
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    changed: list[str],
    by: User,
    expected_version: int | None = None,
) -> Membership:
    """Save a role or activity change a form made to `membership`."""
    if changed:
        save_versioned(membership, expected=expected_version)
        audit_record(
            actor=by,
            action="membership.update",
            target=membership,
            organisation_id=membership.organisation_id,
            role=roles_in(by, membership.organisation_id),
            fields=changed,
        )
    return membership


@transaction.atomic
def user_reset_two_factor(*, user: User, by: User, organisation_id: int) -> None:
    """Remove the user's authenticator; they enrol a new one at next login."""
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=by,
        action="user.reset_2fa",
        target=user,
        organisation_id=organisation_id,
        role=roles_in(by, organisation_id),
    )


@transaction.atomic
def audit_log_exported(*, organisation: Organisation, by: User) -> None:
    """An export of the audit log is itself recorded."""
    audit_record(
        actor=by,
        action="audit.export",
        target=organisation,
        organisation_id=organisation.pk,
        role=roles_in(by, organisation.pk),
    )


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def user_change_password(*, user: User, password: str) -> None:
    user.set_password(password)
    user.password_change_required = False
    user.save(update_fields=["password", "password_change_required"])
    audit_record(actor=user, action="user.password_change", target=user)


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator", confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=device.user, action="user.enrol_2fa", target=device.user)


@transaction.atomic
def organisation_settings_update(
    *, organisation: Organisation, changed: list[str], by: User
) -> Organisation:
    organisation.save(update_fields=changed or None)
    audit_record(
        actor=by,
        action="organisation.settings",
        target=organisation,
        organisation_id=organisation.pk,
        role=roles_in(by, organisation.pk),
        fields=changed,
    )
    return organisation
