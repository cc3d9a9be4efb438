"""Notifications: a row per user, and an e-mail holding only a link where
the server is set up to send mail (settings.SAFEPATH_EMAIL_ENABLED)."""

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.notifications.models import Notification

if TYPE_CHECKING:
    from safepath.accounts.models import User

logger = logging.getLogger("safepath.notifications")


def notify(*, users: "Iterable[User]", kind: str, url: str) -> list[Notification]:
    """Tell each distinct active user that `kind` happened, behind `url` (a
    path holding ids only)."""
    recipients = {user.pk: user for user in users if user.is_active}
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, url=url) for user in recipients.values()]
    )
    if getattr(settings, "SAFEPATH_EMAIL_ENABLED", False):
        addresses = [user.email for user in recipients.values() if user.email]
        if addresses:
            base = getattr(settings, "SAFEPATH_BASE_URL", "http://127.0.0.1:8000")
            link = base.rstrip("/") + url
            transaction.on_commit(lambda: _send(addresses, link))
    return notifications


def _send(addresses: list[str], link: str) -> None:
    # Fixed texts only: an e-mail may be read on a shared or watched device.
    # (Kept out of an f-string, where makemessages would not find it.)
    subject = _("Safepath: something needs your attention")
    body = "\n\n".join([_("Sign in to Safepath to see it."), link]) + "\n"
    for address in addresses:
        try:
            send_mail(subject, body, None, [address], fail_silently=False)
        except Exception as error:  # noqa: BLE001 - any mail failure is logged
            logger.warning("notification email failed: %s", type(error).__name__)


def mark_read(*, user: "User", notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those ids)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def open_notification(*, user: "User", notification_id: int) -> str:
    """Mark one of the user's notifications read; its link."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification.url
