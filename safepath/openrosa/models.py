import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safepath.lib.fields import EncryptedTextField


class Device(models.Model):
    """A phone or tablet that collects with ODK Collect (or Enketo) for one
    user of one organisation, and acts as that user.

    Its secret is shown once, when a supervisor registers it; only its
    SHA-256 digest is kept. Revoking it stops it at the next request.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="openrosa_devices",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("device"),
        max_length=100,
        help_text=_("How the device is known in the office, e.g. Tablet 3."),
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["revoked_at", "-created_at"]
        verbose_name = _("collection device")
        verbose_name_plural = _("collection devices")

    def __str__(self) -> str:
        return self.name


class FormKind(models.TextChoices):
    SCREENING = "screening", _("Screening")
    INTAKE = "intake", _("Intake: a person and a case")


class Submission(models.Model):
    """One filled form sent by a device, waiting in its organisation's queue
    until a caseworker or supervisor accepts it (it then becomes a case or a
    screening) or rejects it. The XML as received is kept, encrypted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        REPLACED = "replaced", _("Replaced by an edit")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    device = models.ForeignKey(
        Device,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("device"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collected by"),
    )
    kind = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    form_id = models.CharField(max_length=100)
    form_version = models.CharField(max_length=50, blank=True)
    # ODK's instanceID ("uuid:..."): random, names no one.
    instance_id = models.CharField(max_length=100)
    xml = EncryptedTextField()
    # A keyed hash of the XML, to tell a resent copy from a different one.
    xml_digest = models.CharField(max_length=32)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # The submission this one edits (ODK's deprecatedID); a pending one is
    # marked replaced and kept, as the previous version.
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edits",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = EncryptedTextField(_("reason"), blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    screening = models.ForeignKey(
        "screening.Screening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"],
                name="openrosa_submission_instance",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("openrosa:submission_detail", args=[self.pk])


class Attachment(models.Model):
    """A file sent with a submission (a photo), encrypted like the XML and
    served only through the submission's page."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments"
    )
    # The name ODK gave the file (digits and an extension), as the XML
    # refers to it.
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = EncryptedTextField()  # base64 of the file's bytes

    class Meta:
        ordering = ["filename"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "filename"], name="openrosa_attachment_name"
            )
        ]

    def __str__(self) -> str:
        return self.filename
