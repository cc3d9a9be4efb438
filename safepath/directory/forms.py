from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from safepath.directory.choices import ServiceType
from safepath.directory.models import ServiceOffer
from safepath.htcds.choices import Gender
from safepath.htcds.forms import HtcdsModelForm
from safepath.places.forms import LocationChoiceField
from safepath.places.models import Location
from safepath.places.selectors import location_choices


class LocationMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Places in hierarchy order, named with their parent, as LocationChoiceField."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 10}))
        super().__init__(location_choices(), **kwargs)

    def label_from_instance(self, obj: Location) -> str:
        indent = "\u00a0\u00a0" * max(obj.level - 1, 0)
        return f"{indent}{obj.full_name}"


def _label(name: str) -> dict:
    field = ServiceOffer._meta.get_field(name)
    return {"label": capfirst(field.verbose_name), "help_text": field.help_text}


def _genders_field() -> forms.MultipleChoiceField:
    """The model keeps the list as JSON; forms offer the Gender values."""
    return forms.MultipleChoiceField(
        choices=Gender.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **_label("genders"),
    )


class ServiceOfferForm(HtcdsModelForm):
    locations = LocationMultipleChoiceField(**_label("locations"))
    genders = _genders_field()

    class Meta:
        model = ServiceOffer
        fields = [
            "service_type",
            "name",
            "description",
            "locations",
            "min_age",
            "max_age",
            "genders",
            "nationalities",
            "capacity",
            "places_available",
            "contact_name",
            "phone",
            "email",
            "hours",
            "is_active",
        ]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}


class ServiceOfferCreateForm(ServiceOfferForm):
    """A new offer names its organisation: one the user edits offers for."""

    class Meta(ServiceOfferForm.Meta):
        fields = ["organisation", *ServiceOfferForm.Meta.fields]

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = None


class ServiceOfferAdminForm(forms.ModelForm):
    genders = _genders_field()

    class Meta:
        model = ServiceOffer
        fields = ServiceOfferCreateForm.Meta.fields


def _nationality_choices() -> list:
    return [("", _("Any")), *countries]


class OfferSearchForm(forms.Form):
    """The directory search. It goes in the URL: it describes a need, not a
    person, and a search can then be bookmarked or sent to a colleague."""

    service_type = forms.ChoiceField(
        label=_("Type of service"),
        choices=[("", _("Any")), *ServiceType.choices],
        required=False,
    )
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Any")), *Gender.choices], required=False
    )
    location = LocationChoiceField(label=_("Place"), empty_label=_("Anywhere"))
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=_nationality_choices, required=False
    )

    def criteria(self) -> dict:
        """Keyword arguments of selectors.service_offers_matching."""
        data = self.cleaned_data
        return {
            "service_type": data.get("service_type") or None,
            "age": data.get("age"),
            "gender": data.get("gender") or None,
            "location": data.get("location"),
            "nationality": data.get("nationality") or None,
        }
