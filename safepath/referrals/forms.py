from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.cases.models import Case, ShareSection
from safepath.directory.choices import ServiceType
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.referrals.models import Referral


class ReferralForm(HtcdsModelForm):
    services_requested = forms.MultipleChoiceField(
        label=_("services requested"),
        choices=ServiceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sections = forms.MultipleChoiceField(
        label=_("parts of the case to share"),
        choices=ShareSection.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the person agreed to share with this organisation can be "
            "sent. Comments and perpetrators are never shared."
        ),
    )

    class Meta:
        model = Referral
        fields = [
            "to_organisation",
            "reason",
            "urgency",
            "services_requested",
            "sections",
            "details",
        ]

    def __init__(self, *args, case: Case, can_override: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk=case.organisation_id)
        if can_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("reason for sending without consent (supervisors only)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Only when the person cannot consent and must be protected, "
                    "for example a child in danger. It is recorded and audited."
                ),
            )


class RespondForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(
        label=_("answer"),
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason or note for the referring organisation (needed to decline)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link_reference = forms.CharField(
        label=_("the person already has a case here: its reference number"),
        required=False,
        max_length=40,
        help_text=_("Leave empty to open a new case after accepting."),
    )

    def __init__(self, *args, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.linked_case: Case | None = None

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the referral is declined."))
        reference = (cleaned.get("link_reference") or "").strip()
        if decision == self.ACCEPT and reference:
            self.linked_case = self.cases.filter(reference__iexact=reference).first()
            if self.linked_case is None:
                self.add_error(
                    "link_reference",
                    _("No case with this reference in your organisation."),
                )
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
