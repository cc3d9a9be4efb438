from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import SCREENING_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.places.forms import LocationChoiceField
from safepath.screening.models import Screening, in_language
from safepath.screening.rules import NO, UNKNOWN, YES


class ScreeningStartForm(HtcdsModelForm):
    location = LocationChoiceField(label=_("place of the interview"))

    class Meta:
        model = Screening
        fields = ["organisation", "profile", "interviewed_on", "alias", "location"]
        widgets = {"profile": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org_ids = organisation_ids_for(user=user, roles=SCREENING_ROLES)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=org_ids)
        field.empty_label = None
        if not self.is_bound:
            self.initial.setdefault("interviewed_on", timezone.localdate())
            self.initial.setdefault("organisation", org_ids[0] if org_ids else None)

    def clean_interviewed_on(self):
        day = self.cleaned_data["interviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return day


ANSWERS = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know"))]


class DimensionForm(forms.Form):
    """The questions of one dimension, for the screening's profile."""

    def __init__(self, *args, dimension: dict, profile: str, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in dimension["indicators"]:
            if not indicator["strength"].get(profile):
                continue  # not an indicator for this profile
            self.fields[indicator["code"]] = forms.ChoiceField(
                label=in_language(indicator.get("question") or indicator["label"]),
                help_text=in_language(indicator["label"]),
                choices=ANSWERS,
                initial=answers.get(indicator["code"], UNKNOWN),
                widget=forms.RadioSelect,
            )
