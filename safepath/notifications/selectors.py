from typing import TYPE_CHECKING

from django.db.models import QuerySet

from safepath.notifications.models import Notification

if TYPE_CHECKING:
    from safepath.accounts.models import User


def unread_count(*, user: "User") -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: "User") -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
