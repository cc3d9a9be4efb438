"""Sections an organisation adds to its cases or screenings with an XLSForm."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepath.lib.fields import EncryptedTextField


class Section(models.Model):
    """One uploaded version of an XLSForm. Uploading a form with the same
    form_id again makes a new version and retires the previous one; answers
    keep the version they were saved with."""

    class AttachesTo(models.TextChoices):
        CASE = "case", _("Cases")
        SCREENING = "screening", _("Screenings")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    attaches_to = models.CharField(
        _("added to"), max_length=20, choices=AttachesTo.choices
    )
    form_id = models.CharField(_("form ID"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    version = models.CharField(_("form version"), max_length=255, blank=True)
    spec = models.JSONField()
    xform = models.TextField(help_text="The XForm pyxform made of the XLSForm.")
    file_name = models.CharField(max_length=255)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "attaches_to", "form_id"],
                condition=Q(is_active=True),
                name="xlsforms_one_active_version",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SectionAnswers(models.Model):
    """A case's or a screening's answers to one form (all its versions).
    The answers are personal data, kept encrypted as the XForm instance's
    values in JSON: {"name": "value", "group": {...}, "repeat": [{...}]}."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="answers"
    )
    form_id = models.CharField(max_length=255)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="section_answers",
    )
    screening = models.ForeignKey(
        "screening.Screening",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="section_answers",
    )
    answers_json = EncryptedTextField(default="{}")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "form_id"],
                condition=Q(case__isnull=False),
                name="xlsforms_one_answers_per_case",
            ),
            models.UniqueConstraint(
                fields=["screening", "form_id"],
                condition=Q(screening__isnull=False),
                name="xlsforms_one_answers_per_screening",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=True) ^ Q(screening__isnull=True),
                name="xlsforms_answers_of_case_or_screening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_id} ({self.pk})"

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_json or "{}")
