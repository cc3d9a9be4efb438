from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from safepath.htcds.choices import OrgType

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,30}$",
    _(
        "Enter a phone number: digits, spaces, brackets and dashes, "
        "optionally starting with +."
    ),
)


class Organisation(models.Model):
    """A member of the network: HTCDS org_ fields plus Safepath's own.

    HTCDS fields keep their HTCDS names; Safepath's additions are snake_case.
    """

    org_Name = models.CharField(_("Organisation Name"), max_length=200)
    code = models.SlugField(
        _("short code"),
        max_length=20,
        unique=True,
        help_text=_("Letters, digits and dashes; starts every case reference."),
    )
    org_Type = models.CharField(_("Type"), max_length=40, choices=OrgType.choices)
    org_Phone = models.CharField(
        _("Phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    org_ShippingStreet = models.CharField(_("Street"), max_length=200, blank=True)
    org_ShippingCity = models.CharField(_("City"), max_length=100, blank=True)
    org_ShippingState = models.CharField(
        _("State/Province"), max_length=100, blank=True
    )
    org_ShippingPostalCode = models.CharField(
        _("Zip/Postal Code"), max_length=20, blank=True
    )
    org_ShippingCountry = CountryField(_("Country"), default="MN")
    org_ShippingLatitude = models.DecimalField(
        _("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    org_ShippingLongitude = models.DecimalField(
        _("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location = models.ForeignKey(
        "places.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("location"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    status_decisions_need_approval = models.BooleanField(
        _("trafficking-status decisions need a supervisor's approval"),
        default=False,
        help_text=_(
            "When on, a recorded decision on a person's trafficking status "
            "takes effect only once a supervisor other than the person who "
            "recorded it approves it."
        ),
    )
    case_closure_needs_sign_off = models.BooleanField(
        _("case closures need a supervisor's sign-off"),
        default=False,
        help_text=_(
            "When on, a case closed by a caseworker shows as waiting for "
            "sign-off until a supervisor signs the closure off or reopens the "
            "case."
        ),
    )
    shares_statistics_with = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="statistics_shared_by",
        verbose_name=_("shares statistics with"),
        help_text=_(
            "Organisations (e.g. the programme's lead) whose supervisors and "
            "analysts may include this organisation's figures in their "
            "dashboards. Only cases whose person agreed to anonymised "
            "statistics are counted there."
        ),
    )
    tells_of_possible_matches = models.BooleanField(
        _("tells others of possible duplicates"),
        default=False,
        help_text=_(
            "When on, another organisation registering someone who may already "
            "be registered here is told that a possible match exists here, so "
            "that they can contact you. Nothing about the person is shown."
        ),
    )
    next_case_number = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org_Name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.org_Name
