from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = (
        "referral_received",
        _("A referral arrived in your organisation's inbox"),
    )
    REFERRAL_ACCEPTED = "referral_accepted", _("Your referral was accepted")
    REFERRAL_DECLINED = "referral_declined", _("Your referral was declined")
    REFERRAL_WITHDRAWN = (
        "referral_withdrawn",
        _("A referral to your organisation was withdrawn"),
    )
    REFERRAL_OVERDUE = (
        "referral_overdue",
        _("A referral is waiting past its answer time"),
    )
    CLOSURE_TO_SIGN_OFF = (
        "closure_to_sign_off",
        _("A case closure waits for your sign-off"),
    )


class Notification(models.Model):
    """Something for one user to look at: what kind, and a link. No personal
    data: the page behind the link decides what the user may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("what happened"), max_length=30, choices=NotificationKind.choices
    )
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return str(self.get_kind_display())
