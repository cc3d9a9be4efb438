from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AuditEvent(models.Model):
    """One read or change of a record, written in the same transaction as it.

    It names who, in which organisation and role, when, what action, which
    record and which fields, never the values: the trail itself holds no
    personal data. The audit app imports nothing of the domain, so records are
    named by type and id.

    Entries form a chain: each carries the keyed hash (HMAC with the audit key,
    kept outside the database) of its content and of the entry before it, so
    that changing, removing or inserting an entry breaks the chain where it
    happened (`manage.py verify_audit`). On PostgreSQL a trigger also refuses
    UPDATE and DELETE on this table.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation_id = models.BigIntegerField(null=True, db_index=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    fields = models.JSONField(default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id", "-seq"])]

    def __str__(self) -> str:
        target = f"{self.target_type}:{self.target_id}"
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.action} {target}"


class AuditChainHead(models.Model):
    """The chain's last link (one row). Appending locks it, so concurrent
    writers line up instead of forking the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
