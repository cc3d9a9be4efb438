from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from safepath.directory.choices import ServiceType
from safepath.htcds.choices import Gender
from safepath.organisations.models import phone_validator


class ServiceOffer(models.Model):
    """A service an organisation of the network gives: what, where, for whom,
    how to reach it and how many places are free. It holds no personal data,
    so every signed-in user may search and read it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="service_offers",
        verbose_name=_("organisation"),
    )
    service_type = models.CharField(
        _("type of service"), max_length=40, choices=ServiceType.choices
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the service gives, and how to ask for it."),
    )
    locations = models.ManyToManyField(
        "places.Location",
        blank=True,
        related_name="+",
        verbose_name=_("places served"),
        help_text=_(
            "An aimag covers all its soums. Leave empty for a service "
            "open to the whole country."
        ),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("In years, included. Leave empty for no lower limit."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("In years, included. Leave empty for no upper limit."),
    )
    # A list of Gender values. Searching it must work on SQLite and PostgreSQL
    # alike: see selectors.service_offers_matching.
    genders = models.JSONField(
        _("genders"),
        default=list,
        blank=True,
        help_text=_("Leave all unticked for a service open to everyone."),
    )
    nationalities = CountryField(
        _("nationalities"),
        multiple=True,
        blank=True,
        help_text=_("Leave empty for a service open to people of any nationality."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places or slots in total, e.g. beds in a shelter."),
    )
    places_available = models.PositiveIntegerField(
        _("places available"),
        null=True,
        blank=True,
        help_text=_("Free now. Keep it up to date so that searches show it first."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("email"), blank=True)
    hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Mon–Fri 9:00–18:00, or 24 hours."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to hide the service from searches without losing it."),
    )
    # Empty for offers loaded by the demo or a data import.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["organisation__org_Name", "name"]
        verbose_name = _("service offer")
        verbose_name_plural = _("service offers")
        indexes = [models.Index(fields=["service_type", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="service_offer_age_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True)
                | Q(places_available__isnull=True)
                | Q(places_available__lte=F("capacity")),
                name="service_offer_places_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:offer_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if (
            self.min_age is not None
            and self.max_age is not None
            and self.min_age > self.max_age
        ):
            errors["max_age"] = _(
                "The maximum age cannot be lower than the minimum age."
            )
        if (
            self.capacity is not None
            and self.places_available is not None
            and self.places_available > self.capacity
        ):
            errors["places_available"] = _(
                "There cannot be more places available than the capacity."
            )
        unknown = set(self.genders or []) - set(Gender.values)
        if unknown:
            errors["genders"] = _("Choose genders from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def gender_labels(self) -> list[str]:
        labels = dict(Gender.choices)
        return [str(labels[g]) for g in self.genders if g in labels]

    @property
    def is_full(self) -> bool:
        return self.places_available == 0
