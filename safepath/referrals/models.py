import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.cases.models import ReasonForReferral, ShareSection
from safepath.directory.choices import ServiceType
from safepath.lib.fields import EncryptedTextField


class Urgency(models.TextChoices):
    """How soon the receiving organisation must answer."""

    EMERGENCY = "Emergency", _("Emergency: answer within 4 hours")
    HIGH = "High", _("High: answer within 24 hours")
    NORMAL = "Normal", _("Normal: answer within 3 days")
    LOW = "Low", _("Low: answer within 7 days")


RESPONSE_TIME = {
    Urgency.EMERGENCY: timedelta(hours=4),
    Urgency.HIGH: timedelta(hours=24),
    Urgency.NORMAL: timedelta(days=3),
    Urgency.LOW: timedelta(days=7),
}


class ReferralStatus(models.TextChoices):
    SENT = "Sent", _("Sent, waiting for an answer")
    ACCEPTED = "Accepted", _("Accepted")
    DECLINED = "Declined", _("Declined")
    WITHDRAWN = "Withdrawn", _("Withdrawn")


class Referral(models.Model):
    """A case referred by one organisation to another organisation's inbox.

    The sender's case stays the sender's: the receiver sees only the parts the
    person consented to share with it (`sections`, cut down at each reading
    to what the consent still covers), and opens or links its own case when it
    accepts. HTCDS: the sender's cas_ReasonForOutgoingReferral and
    cas_OutgoingReferralDetails, the receiver's cas_ReferringOrganisation,
    cas_IncomingReferralDate and cas_ReasonForIncomingReferral."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="referrals_out",
        verbose_name=_("case"),
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to organisation"),
    )
    reason = models.CharField(
        _("Reason for Outgoing Referral"),
        max_length=40,
        choices=ReasonForReferral.choices,
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    services_requested = models.JSONField(_("services requested"), default=list)
    details = EncryptedTextField(
        _("message to the receiving organisation"),
        blank=True,
        help_text=_(
            "The receiving organisation reads this. Write only what the person "
            "agreed to share."
        ),
    )
    sections = models.JSONField(_("parts of the case shared"), default=list)
    consent = models.ForeignKey(
        "cases.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    override_reason = EncryptedTextField(
        _("reason for sending without consent"), blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    respond_by = models.DateTimeField(_("answer due by"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response_reason = EncryptedTextField(_("reason given"), blank=True)
    receiver_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_in",
        verbose_name=_("case at the receiving organisation"),
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organisation", "status", "-sent_at"]),
            models.Index(fields=["to_organisation", "-sent_at"]),
            models.Index(fields=["from_organisation", "-sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}"

    def save(self, *args, **kwargs) -> None:
        if not self.respond_by:
            self.respond_by = self.sent_at + RESPONSE_TIME[self.urgency]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.respond_by < timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)

    @property
    def was_overridden(self) -> bool:
        return self.consent_id is None

    @property
    def services_labels(self) -> list[str]:
        labels = dict(ServiceType.choices)
        return [str(labels.get(s, s)) for s in self.services_requested]

    @property
    def section_labels(self) -> list[str]:
        labels = dict(ShareSection.choices)
        return [str(labels[s]) for s in self.sections if s in labels]
