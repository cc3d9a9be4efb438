from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import SCREENING_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.places.forms import LocationChoiceField
from safepath.screening.models import Assessment, Screening, in_language
from safepath.screening.rules import NO, UNKNOWN, YES
from safepath.screening.vulnerability import NEITHER, PROTECTIVE, RISK
from safepath.screening.vulnerability import UNKNOWN as FACTOR_UNKNOWN


def _not_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."))
    return day


class ScreeningStartForm(HtcdsModelForm):
    location = LocationChoiceField(label=_("place of the interview"))

    class Meta:
        model = Screening
        fields = [
            "organisation",
            "profile",
            "interviewed_on",
            "from_paper",
            "alias",
            "location",
        ]
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
        return _not_future(self.cleaned_data["interviewed_on"])


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


class AttachForm(forms.Form):
    reference = forms.CharField(
        label=_("reference number of the case"),
        max_length=40,
        help_text=_("As shown on the case page, e.g. GOBI-2026-00012."),
    )

    def __init__(self, *args, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases  # the cases this screening may be attached to

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        case = self.cases.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError(
                _(
                    "No case with this reference number that you can open in "
                    "the screening's organisation."
                )
            )
        self.case = case
        return reference


class AssessmentStartForm(HtcdsModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", "from_paper"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_assessed_on(self):
        return _not_future(self.cleaned_data["assessed_on"])


FACTOR_ANSWERS = [
    (RISK, _("A risk")),
    (PROTECTIVE, _("Protective")),
    (NEITHER, _("Neither")),
    (FACTOR_UNKNOWN, _("Don't know")),
]


class LevelForm(forms.Form):
    """The factors of one level of a risk and vulnerability questionnaire;
    the last step also carries the assessment's notes."""

    def __init__(self, *args, level: dict, answers: dict, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        for factor in level["factors"]:
            self.fields[factor["code"]] = forms.ChoiceField(
                label=in_language(factor["question"]),
                help_text=in_language(factor["label"]),
                choices=FACTOR_ANSWERS,
                initial=answers.get(factor["code"], FACTOR_UNKNOWN),
                widget=forms.RadioSelect,
            )
        if notes is not None:
            self.fields["notes"] = forms.CharField(
                label=_("notes"),
                required=False,
                initial=notes,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Anything the support plan should take into account."),
            )
