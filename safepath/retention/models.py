"""What is kept of an erasure and the organisations' retention rules.

Neither holds personal data: ids, dates, field names and a reason category
(docs/retention.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureReason(models.TextChoices):
    # A category, never free text: free text could name the person erased.
    REQUEST = "request", _("The person asked for their data to be erased")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew their consent")
    NO_LONGER_NEEDED = "no_longer_needed", _("The data is no longer needed")
    UNLAWFUL = "unlawful", _("The data was recorded without a lawful basis")
    RETENTION = "retention", _("The organisation's retention rule")


class ErasureRecord(models.Model):
    """That a person's personal data was destroyed: who, when, why, which
    cases. The anonymous case rows and the audit trail remain."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="erasure"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    cases = models.JSONField(default=list)  # ids of the cases anonymised
    reason = models.CharField(_("reason"), max_length=30, choices=ErasureReason.choices)
    fields = models.JSONField(default=list)  # "model.field" names destroyed
    # Empty for the scheduled retention run, which no one starts by hand.
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField()

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.person_id} {self.erased_at:%Y-%m-%d}"


class RetentionRule(models.Model):
    """How long an organisation keeps the personal data of closed cases."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="retention_rule",
    )
    anonymise_closed_after_years = models.PositiveSmallIntegerField(
        _("anonymise closed cases after (years)"),
        null=True,
        blank=True,
        help_text=_(
            "The person's personal data is destroyed this many years after "
            "their case was closed, when all their cases are closed. Empty or "
            "0: never."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.anonymise_closed_after_years}"


class RetentionRun(models.Model):
    """One real run of the retention rules: the day it counted from and how
    many people it anonymised (their ErasureRecords name them)."""

    as_of = models.DateField()
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # empty: every organisation
    people_erased = models.PositiveIntegerField(default=0)
    cases_anonymised = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.as_of} ({self.people_erased})"
