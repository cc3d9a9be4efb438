from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One read or change of a record, written in the same transaction as it.

    It names who, when, what action, which record and which fields, never the
    values: the trail itself must hold no personal data. The audit app imports
    nothing of the domain, so records are named by type and id.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        target = f"{self.target_type}:{self.target_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {target}"
