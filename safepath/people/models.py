import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from safepath.htcds.choices import (
    Gender,
    HighestLevelOfEducation,
    Language,
    MaritalStatus,
)
from safepath.lib.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedDecimalField,
    EncryptedEmailField,
)
from safepath.organisations.models import phone_validator


class Person(models.Model):
    """A person as HTCDS describes one (prs_): a victim, or a perpetrator.

    A person belongs to the organisation that recorded them; who may read the
    record follows from the cases it appears in (cases.selectors). Names,
    birth date, contacts, numbers and address are encrypted (lib/fields.py);
    they are found through PersonSearchToken.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="people"
    )
    prs_Salutation = EncryptedCharField(_("Salutation"), max_length=50, blank=True)
    prs_Title = EncryptedCharField(_("Title"), max_length=100, blank=True)
    prs_FirstName = EncryptedCharField(
        _("First Name"),
        max_length=100,
        blank=True,
        help_text=_("The given name, e.g. Бат-Эрдэнэ."),
    )
    prs_MiddleName = EncryptedCharField(
        _("Middle Name"),
        max_length=100,
        blank=True,
        help_text=_("For Mongolian citizens, the clan name (ургийн овог) if known."),
    )
    prs_SecondName = EncryptedCharField(
        _("Second Name"),
        max_length=100,
        blank=True,
        help_text=_(
            "For Mongolian citizens, the father's or mother's name, e.g. Дорж."
        ),
    )
    prs_Birthdate = EncryptedDateField(_("Birthdate"), null=True, blank=True)
    birthdate_is_estimate = models.BooleanField(
        _("Birthdate is an estimate"),
        default=False,
        help_text=_("Tick when the person does not know their exact birth date."),
    )
    prs_Gender = models.CharField(
        _("Gender"), max_length=30, choices=Gender.choices, blank=True
    )
    prs_Deceased = models.BooleanField(_("Deceased"), default=False)
    prs_MaritalStatus = models.CharField(
        _("Marital Status"), max_length=30, choices=MaritalStatus.choices, blank=True
    )
    prs_NumberOfChildren = models.PositiveSmallIntegerField(
        _("Number of Children"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(30)],
    )
    prs_PrimaryLanguage = models.CharField(
        _("Primary Language"), max_length=3, choices=Language.choices, blank=True
    )
    prs_SecondaryLanguage = models.CharField(
        _("Secondary Language"), max_length=3, choices=Language.choices, blank=True
    )
    prs_HighestLevelOfEducation = models.CharField(
        _("Highest Level of Education"),
        max_length=40,
        choices=HighestLevelOfEducation.choices,
        blank=True,
    )
    prs_Citizenship = models.ManyToManyField(
        "htcds.PicklistValue",
        verbose_name=_("Citizenship"),
        related_name="+",
        blank=True,
        limit_choices_to={"picklist": "Country"},
    )
    prs_IdentityNumber = EncryptedCharField(
        _("Identity Number"),
        max_length=50,
        blank=True,
        help_text=_(
            "Mongolian registration number (e.g. УК03271614) or another identity "
            "document's number. Latin letters are turned into Cyrillic."
        ),
    )
    prs_Email = EncryptedEmailField(_("Email"), max_length=200, blank=True)
    prs_HomePhone = EncryptedCharField(
        _("Home Phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    prs_MobilePhone = EncryptedCharField(
        _("Mobile Phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    location = models.ForeignKey(
        "places.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("Place of residence"),
        help_text=_("Aimag and soum, or Ulaanbaatar district, where the person lives."),
    )
    prs_MailingStreet = EncryptedCharField(
        _("Mailing Street"), max_length=200, blank=True
    )
    prs_MailingCity = EncryptedCharField(_("Mailing City"), max_length=100, blank=True)
    prs_MailingState = EncryptedCharField(
        _("Mailing State/Province"), max_length=100, blank=True
    )
    prs_MailingPostalCode = EncryptedCharField(
        _("Mailing Zip/Postal Code"), max_length=20, blank=True
    )
    prs_MailingCountry = CountryField(_("Mailing Country"), blank=True)
    prs_MailingLatitude = EncryptedDecimalField(
        _("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    prs_MailingLongitude = EncryptedDecimalField(
        _("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Set when a supervisor merged this record into another (dedup.Merge):
    # its cases moved there; it is kept, untouched, so the merge can be undone.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Set when the person's personal data was destroyed (retention app,
    # docs/retention.md): the record stays, nameless, for the statistics.
    erased_at = models.DateTimeField(
        _("erased at"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Second name then given name, as Mongolian documents write them;
        "erased" once the person's data was destroyed."""
        name = " ".join(p for p in (self.prs_SecondName, self.prs_FirstName) if p)
        # erased_at is read only for a nameless record, so that lists that
        # load names alone (.only) do not fetch it for every row.
        if not name and self.erased_at:
            return gettext("erased")
        return name


class PersonSearchToken(models.Model):
    """A blind index entry: a keyed hash of one searchable piece of a person.

    Name words (in the script- and spelling-folded form of lib/names.py) and
    their initials, the identity number and phone numbers are hashed with the
    blind-index key (lib/crypto.py), so a search can find a person without
    any of these being stored in clear. What these tokens reveal to someone
    holding the database but not the key: docs/decisions.md, "Blind indexes".
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=32)

    class Meta:
        # (token, person) answers a lookup from the index alone;
        # (person, token), the unique constraint, checks one person's token.
        indexes = [models.Index(fields=["token", "person"], name="token_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "token"], name="person_token_unique"
            )
        ]

    def __str__(self) -> str:
        return self.token
