from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import CASE_ROLES
from safepath.accounts.selectors import case_workers_of, organisation_ids_for
from safepath.cases.forms import UserChoiceField
from safepath.cases.selectors import CaseFilters
from safepath.htcds.choices import CaseStatus, ForcedLabourIndustry, TypeOfExploitation
from safepath.places.forms import LocationChoiceField


class CaseFilterForm(forms.Form):
    """Search and filters of the case list. It is posted, never put in the URL,
    because a name typed in the search box is personal data."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name in Cyrillic or Latin, reference, identity or phone number."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=CaseStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exploitation = forms.ChoiceField(
        label=_("Type of Exploitation"),
        choices=[("", _("Any"))] + TypeOfExploitation.choices,
        required=False,
    )
    industry = forms.ChoiceField(
        label=_("Forced Labour Industry"),
        choices=[("", _("Any"))] + ForcedLabourIndustry.choices,
        required=False,
    )
    location = LocationChoiceField(label=_("Place"), empty_label=_("Any"))
    owner = UserChoiceField(
        queryset=None, label=_("Case Owner"), required=False, empty_label=_("Anyone")
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org_ids = organisation_ids_for(user=user, roles=CASE_ROLES)
        self.fields["owner"].queryset = case_workers_of(organisation_ids=org_ids)

    def filters(self) -> CaseFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        owner = data.get("owner")
        return CaseFilters(
            query=data.get("q", ""),
            status=data.get("status", []),
            exploitation=[data["exploitation"]] if data.get("exploitation") else [],
            industry=[data["industry"]] if data.get("industry") else [],
            location=data.get("location"),
            owner_id=owner.pk if owner else None,
        )

    def page_number(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("page") or 1
        return 1
