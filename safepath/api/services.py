"""Tokens made and revoked, and every read of personal data through the API
audited, in the same transaction as the read's answer is made."""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.api.models import ApiToken
from safepath.audit.services import audit_record, audit_record_many
from safepath.cases.models import Case, VictimContext
from safepath.cases.services import case_register
from safepath.htcds.imports import Row
from safepath.lib.crypto import secret_digest
from safepath.organisations.models import Organisation
from safepath.people.models import Person

# Every secret starts with this, so that a leaked one is recognised (secret
# scanners, logs) as a Safepath API token.
SECRET_PREFIX = "sp_"  # noqa: S105  # nosec B105  # a marker, not a secret
# last_used_at is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not kept: show it once."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=secret_digest(secret), prefix=secret[:8]
    )
    audit_record(actor=user, action="api_token.create", target=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=token)
    return token


def api_case_register(*, row: Row, organisation: Organisation, actor) -> Case:
    """Register a row checked by htcds.imports.htcds_check_row, as the HTCDS
    import registers each of a file's rows (its key recognises a repeat)."""
    owner = row.case.pop("cas_CaseOwner", None) or actor
    return case_register(
        person=Person(**row.person),
        citizenship=row.citizenship,
        case=Case(
            organisation=organisation,
            cas_CaseOwner=owner,
            import_key=row.key,
            **row.case,
        ),
        victim=VictimContext(**row.victim),
        victim_many=row.many,
        consent_to_record=row.consent,
        actor=actor,
    )


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_record_read(
    *, actor, action: str, reads: Iterable[tuple[models.Model, int | None]]
) -> None:
    """One audit entry per record read ("api.case.list", "api.person.view"...),
    each (record, organisation it is read in), grouped by organisation as the
    web's list pages do (cases.services.cases_record_list_view)."""
    by_organisation: dict[int | None, list[models.Model]] = {}
    for target, organisation_id in reads:
        by_organisation.setdefault(organisation_id, []).append(target)
    for organisation_id, shown in by_organisation.items():
        role = roles_in(actor, organisation_id)
        if len(shown) == 1:
            audit_record(
                actor=actor,
                action=action,
                target=shown[0],
                organisation_id=organisation_id,
                role=role,
            )
        else:
            audit_record_many(
                actor=actor,
                action=action,
                targets=shown,
                organisation_id=organisation_id,
                role=role,
            )
