import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safepath.lib.fields import EncryptedCharField, EncryptedTextField
from safepath.lib.languages import in_language  # noqa: F401 - used by forms, views


class IndicatorSet(models.Model):
    """One version of a set of indicators with its rules, as data.

    The definition (profiles, rules, dimensions, indicators, their texts in
    every language) is stored whole and never changed: editing makes a new
    version, so a screening keeps the questions and rules it was made with.
    """

    key = models.SlugField(_("key"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("New screenings use this version.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="indicator_set_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return in_language(self.definition.get("title"))


class Suggestion(models.TextChoices):
    """The outcome a screening's answers suggest (see rules.assess)."""

    LIKELY = "likely_victim", _("Likely a victim of trafficking")
    POSSIBLE = "possible_victim", _("Possibly a victim: review")
    NOT_INDICATED = "not_indicated", _("Not indicated")


class Screening(models.Model):
    """One screening interview on an indicator set version.

    It may be made before any case exists, with no more identity than an
    alias (encrypted), and later attached to a case or turned into one.
    """

    class Profile(models.TextChoices):
        ADULT_LABOUR = "AL", _("Adult, labour exploitation")
        ADULT_SEXUAL = "AS", _("Adult, sexual exploitation")
        CHILD_LABOUR = "CL", _("Child (under 18), labour exploitation")
        CHILD_SEXUAL = "CS", _("Child (under 18), sexual exploitation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="screenings"
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screenings",
        verbose_name=_("case"),
    )
    profile = models.CharField(_("profile"), max_length=2, choices=Profile.choices)
    interviewed_on = models.DateField(
        _("date of the interview"),
        help_text=_("For a screening first written on paper, the day it was done."),
    )
    alias = EncryptedCharField(
        _("alias or initials"),
        max_length=100,
        blank=True,
        help_text=_("Enough to recognise the person later; no full name is needed."),
    )
    location = models.ForeignKey(
        "places.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place of the interview"),
    )
    from_paper = models.BooleanField(
        _("typed in from a paper form"),
        default=False,
        help_text=_(
            "The interview was written on a printed form and is typed in later."
        ),
    )
    answers = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # What the indicator set's rules suggest from the answers (rules.assess),
    # kept so that statistics need not re-assess every screening.
    suggestion = models.CharField(
        _("suggestion"),
        max_length=20,
        choices=Suggestion.choices,
        blank=True,
        editable=False,
    )
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-interviewed_on", "-created_at"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.get_profile_display()} {self.interviewed_on}"

    def get_absolute_url(self) -> str:
        return reverse("screening:detail", args=[self.pk])


class AssessmentTemplate(models.Model):
    """One version of a risk and vulnerability questionnaire, as data.

    Levels (individual, household, community, structural) of factors, each a
    question in every language and the support-plan types (HTCDS spl_Type)
    it calls for when it is a risk. Versioned like IndicatorSet.
    """

    key = models.SlugField(_("key"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("New assessments use this version.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("assessment questionnaire")
        verbose_name_plural = _("assessment questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="assessment_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return in_language(self.definition.get("title"))


class Assessment(models.Model):
    """A risk and vulnerability assessment of the person in a case (HTCDS 2.0
    Assessment and Planning). Done several times over a case, each dated."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("case"),
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(
        _("date of the assessment"),
        help_text=_("For an assessment first written on paper, the day it was done."),
    )
    from_paper = models.BooleanField(_("typed in from a paper form"), default=False)
    answers = models.JSONField(default=dict, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("risk and vulnerability assessment")
        verbose_name_plural = _("risk and vulnerability assessments")

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on}"

    def get_absolute_url(self) -> str:
        return reverse("screening:assessment_detail", args=[self.pk])
