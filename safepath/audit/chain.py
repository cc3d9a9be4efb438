"""The keyed hash that links audit entries (models.AuditEvent)."""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings

from safepath.audit.models import AuditEvent


def entry_hash(event: AuditEvent, prev_hash: str) -> str:
    content = json.dumps(
        [
            event.seq,
            event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            event.actor_id,
            event.organisation_id,
            event.role,
            event.action,
            event.target_type,
            event.target_id,
            sorted(event.fields),
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(
        settings.AUDIT_KEY.encode(), content.encode(), hashlib.sha256
    ).hexdigest()
