"""The resource centre's public face: its contact details, shown to anyone,
and the anonymous reports anyone may send, which its operators triage.

A report keeps no trace of who sent it: no account, no cookie, no address
(the rate limit keeps only a keyed hash of it, in the cache, for a day).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.lib.fields import EncryptedCharField, EncryptedTextField


class ResourceCentre(models.Model):
    """An organisation's public contact details, in each language; the
    Mongolian text stands in for a translation left empty."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="resource_centre",
        verbose_name=_("organisation"),
    )
    name_mn = models.CharField(_("name (Mongolian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    address_mn = models.TextField(_("address (Mongolian)"))
    address_en = models.TextField(_("address (English)"), blank=True)
    address_fr = models.TextField(_("address (French)"), blank=True)
    hours_mn = models.TextField(_("opening hours (Mongolian)"))
    hours_en = models.TextField(_("opening hours (English)"), blank=True)
    hours_fr = models.TextField(_("opening hours (French)"), blank=True)
    hotline_number = models.CharField(_("hotline number"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("resource centre")
        verbose_name_plural = _("resource centres")

    def __str__(self) -> str:
        return self.name_mn

    def text(self, field: str, language: str) -> str:
        """`field` ("name", "address", "hours") in `language`, or in Mongolian."""
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_mn")


class ReportStatus(models.TextChoices):
    NEW = "New", _("Awaiting triage")
    TRIAGED = "Triaged", _("Triaged")
    SPAM = "Spam", _("Spam")


class AnonymousReport(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anonymous_reports",
        verbose_name=_("organisation"),
    )
    what_seen = EncryptedTextField(_("what was seen"))
    where = EncryptedCharField(_("where"), max_length=200, blank=True)
    # A date alone says nothing about anyone; in clear, so the queue can sort.
    when = models.DateField(_("when"), null=True, blank=True)
    contact = EncryptedCharField(_("contact left"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("triaged by"),
    )
    triaged_at = models.DateTimeField(_("triaged on"), null=True, blank=True)
    triage_note = EncryptedTextField(_("triage note"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("anonymous report")
        verbose_name_plural = _("anonymous reports")
        indexes = [models.Index(fields=["organisation", "status", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.received_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("public:triage_detail", args=[self.pk])
