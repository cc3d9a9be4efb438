from django.test import Client

from safepath.api.services import api_token_create
from safepath.audit.models import AuditEvent


def token_client(user, client: Client | None = None, **options) -> Client:
    """A client that sends a new API token of the user on every request."""
    _token, secret = api_token_create(user=user, name="test")
    client = client or Client(**options)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def audited(action: str, target) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
        )
    )
