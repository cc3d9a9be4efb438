from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from safepath.htcds.choices import Gender
from safepath.htcds.forms import HtcdsModelForm
from safepath.lib import regno
from safepath.people.models import Person
from safepath.places.forms import LocationChoiceField

EARLIEST_BIRTHDATE = date(1900, 1, 1)


def check_birthdate(value: date | None) -> date | None:
    if value is None:
        return value
    if value > timezone.localdate():
        raise forms.ValidationError(_("The birth date cannot be in the future."))
    if value < EARLIEST_BIRTHDATE:
        raise forms.ValidationError(_("The birth date cannot be before 1900."))
    return value


class _PersonFields(HtcdsModelForm):
    """What both person forms check: the birth date and a registration number."""

    location = LocationChoiceField(label=_("Place of residence"))

    def clean_prs_Birthdate(self) -> date | None:
        return check_birthdate(self.cleaned_data.get("prs_Birthdate"))

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("prs_IdentityNumber") or "").strip()
        if number:
            self._check_registration_number(number, cleaned)
        return cleaned

    def _check_registration_number(self, number: str, cleaned: dict) -> None:
        try:
            parsed = regno.parse(number)
        except regno.NotARegistrationNumber:
            return  # another kind of identity document
        except regno.InvalidRegistrationNumber:
            self.add_error(
                "prs_IdentityNumber",
                _(
                    "A Mongolian registration number is two letters and eight digits "
                    "holding a real birth date, e.g. УК03271614."
                ),
            )
            return
        born = cleaned.get("prs_Birthdate")
        if born is None and "prs_Birthdate" not in self.errors:
            cleaned["prs_Birthdate"] = parsed.birth_date
        elif born is not None and born != parsed.birth_date:
            self.add_error(
                "prs_IdentityNumber",
                _(
                    "This registration number is of someone born on %(regno_date)s, "
                    "but the birth date entered is %(birthdate)s."
                )
                % {
                    "regno_date": date_format(parsed.birth_date, "SHORT_DATE_FORMAT"),
                    "birthdate": date_format(born, "SHORT_DATE_FORMAT"),
                },
            )
        gender = cleaned.get("prs_Gender")
        if gender == Gender.FEMININE and parsed.is_male:
            self.add_error(
                "prs_IdentityNumber",
                _(
                    "This registration number is a man's (its second-to-last digit "
                    "is odd), but the gender entered is feminine."
                ),
            )
        elif gender == Gender.MASCULINE and not parsed.is_male:
            self.add_error(
                "prs_IdentityNumber",
                _(
                    "This registration number is a woman's (its second-to-last digit "
                    "is even), but the gender entered is masculine."
                ),
            )


class PersonForm(_PersonFields):
    """The victim's or the person assisted's details."""

    class Meta:
        model = Person
        fields = [
            "prs_FirstName",
            "prs_SecondName",
            "prs_MiddleName",
            "prs_Birthdate",
            "birthdate_is_estimate",
            "prs_Gender",
            "prs_Citizenship",
            "prs_IdentityNumber",
            "prs_MobilePhone",
            "prs_HomePhone",
            "prs_Email",
            "prs_PrimaryLanguage",
            "prs_SecondaryLanguage",
            "location",
            "prs_MailingStreet",
            "prs_MailingCity",
            "prs_MailingState",
            "prs_MailingPostalCode",
            "prs_MailingCountry",
            "prs_MaritalStatus",
            "prs_NumberOfChildren",
            "prs_HighestLevelOfEducation",
            "prs_Salutation",
            "prs_Title",
            "prs_Deceased",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prs_FirstName"].required = True
        citizenship = self.fields["prs_Citizenship"]
        citizenship.help_text = _(
            "Most people are Mongolian citizens. Hold Ctrl (⌘ on a Mac) to choose "
            "more than one."
        )
        if not self.instance.pk and not self.is_bound:
            self.initial["prs_Citizenship"] = ["MN"]


class PerpetratorPersonForm(_PersonFields):
    """What is known of a perpetrator: usually a name, sometimes less."""

    class Meta:
        model = Person
        fields = [
            "prs_FirstName",
            "prs_SecondName",
            "prs_Gender",
            "prs_Birthdate",
            "birthdate_is_estimate",
            "prs_Citizenship",
            "prs_IdentityNumber",
            "prs_MobilePhone",
            "location",
        ]
