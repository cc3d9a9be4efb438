"""The resource centre's and hotline's record of contacts: calls, walk-ins,
messages and outreach encounters, most of which never become cases.

A caller may stay anonymous. A repeat caller is recognised by a code word
they choose or by their phone number, both kept only as keyed hashes (blind
indexes): the number itself is never stored.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.htcds.choices import Language
from safepath.lib.fields import EncryptedCharField, EncryptedTextField


class Channel(models.TextChoices):
    CALL = "Call", _("Phone call")
    WALK_IN = "WalkIn", _("Walk-in")
    MESSAGE = "Message", _("Message (SMS, chat, social media)")
    OUTREACH = "Outreach", _("Outreach encounter")


class CallerType(models.TextChoices):
    POSSIBLE_VICTIM = "PossibleVictim", _("Possible victim")
    MIGRANT = "Migrant", _("Migrant or jobseeker")
    FAMILY = "Family", _("Family member or friend")
    PUBLIC = "Public", _("Member of the public")
    EMPLOYER = "Employer", _("Employer or recruiter")
    OFFICIAL = "Official", _("Official")
    OTHER = "Other", _("Other")


class Topic(models.TextChoices):
    JOB_OFFER_CHECK = "JobOfferCheck", _("Checking a job offer")
    VISA_DOCUMENTS = "VisaDocuments", _("Visa and documents")
    LABOUR_DISPUTE = "LabourDispute", _("Labour dispute")
    SUSPECTED_TRAFFICKING = "SuspectedTrafficking", _("Suspected trafficking")
    MISSING_PERSON = "MissingPerson", _("Missing person")
    SAFE_MIGRATION = "SafeMigration", _("Safe migration information")
    RETURN = "Return", _("Help to return home")
    OTHER = "Other", _("Other")


class Contact(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.CALL
    )
    contacted_at = models.DateTimeField(_("date and time"), default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    caller_type = models.CharField(
        _("who contacted"), max_length=20, choices=CallerType.choices
    )
    language = models.CharField(
        _("language"),
        max_length=3,
        choices=Language.choices,
        default=Language.MON,
    )
    topic = models.CharField(_("topic"), max_length=25, choices=Topic.choices)
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    information_given = EncryptedTextField(_("what was asked and answered"), blank=True)
    referred_to = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("referred to"),
    )
    follow_up_on = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    caller_name = EncryptedCharField(
        _("name the caller gave"), max_length=200, blank=True
    )
    code_word_index = models.CharField(max_length=32, blank=True, db_index=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    linked_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_contacts",
        verbose_name=_("earlier contact of the same caller"),
    )
    screening = models.ForeignKey(
        "screening.Screening",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-contacted_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["organisation", "-contacted_at"]),
            models.Index(fields=["organisation", "follow_up_done_on", "follow_up_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.contacted_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:detail", args=[self.pk])

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_on is not None and self.follow_up_done_on is None

    @property
    def follow_up_overdue(self) -> bool:
        return self.follow_up_open and self.follow_up_on < timezone.localdate()
