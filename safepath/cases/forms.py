from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import CASE_ROLES
from safepath.accounts.selectors import case_workers_of, organisation_ids_for
from safepath.cases.models import (
    CLOSED_STATUSES,
    Case,
    CaseComment,
    Consent,
    ConsentPurpose,
    PerpetratorContext,
    ShareSection,
    TraffickingEvent,
    TraffickingStatusDecision,
    VictimContext,
)
from safepath.htcds.choices import CaseStatus
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.people.forms import PersonForm
from safepath.places.forms import LocationChoiceField


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."))
    return value


class CaseForm(HtcdsModelForm):
    """The case's own details; the owner is changed only by supervisors."""

    cas_CaseOwner = UserChoiceField(queryset=None, label=_("Case Owner"))

    class Meta:
        model = Case
        fields = [
            "cas_CaseOwner",
            "opened_on",
            "next_follow_up",
            "cas_ReferringOrganisation",
            "cas_IncomingReferralDate",
            "cas_ReferringPrimaryCaseWorker",
            "cas_ReasonForIncomingReferral",
            "cas_IncomingReferralDetails",
        ]

    def __init__(self, *args, can_reassign: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["cas_CaseOwner"]
        owner.queryset = case_workers_of(
            organisation_ids=[self.instance.organisation_id]
        )
        owner.disabled = not can_reassign
        self.fields["cas_ReferringOrganisation"].queryset = Organisation.objects.filter(
            is_active=True
        )

    def clean_opened_on(self):
        return _not_future(self.cleaned_data.get("opened_on"))

    def clean_cas_IncomingReferralDate(self):
        return _not_future(self.cleaned_data.get("cas_IncomingReferralDate"))


class CaseOpenForm(CaseForm):
    """The case part of registering a person and a case."""

    class Meta(CaseForm.Meta):
        fields = ["organisation", *CaseForm.Meta.fields]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org_ids = organisation_ids_for(user=user, roles=CASE_ROLES)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=org_ids
        )
        self.fields["organisation"].empty_label = None
        self.fields["cas_CaseOwner"].queryset = case_workers_of(
            organisation_ids=org_ids
        )
        if not self.is_bound:
            self.initial.setdefault("cas_CaseOwner", user.pk)
            self.initial.setdefault("opened_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        organisation, owner = cleaned.get("organisation"), cleaned.get("cas_CaseOwner")
        owners = (
            case_workers_of(organisation_ids=[organisation.pk])
            if organisation
            else None
        )
        if owner and owners is not None and not owners.filter(pk=owner.pk).exists():
            self.add_error(
                "cas_CaseOwner",
                _(
                    "The case owner must be a caseworker or supervisor "
                    "of this organisation."
                ),
            )
        return cleaned


class VictimOpenForm(HtcdsModelForm):
    class Meta:
        model = VictimContext
        fields = ["vic_TypeOfExploitation"]


class VictimContextForm(HtcdsModelForm):
    vic_LocationOfRecruitment = LocationChoiceField(label=_("Location of Recruitment"))
    vic_LocationOfExploitation = LocationChoiceField(
        label=_("Location of Exploitation")
    )

    class Meta:
        model = VictimContext
        # The trafficking status changes only by a recorded decision
        # (DecisionForm), never by editing the victim context.
        fields = [
            "vic_AgreementToManagePersonalData",
            "vic_TypeOfExploitation",
            "vic_ForcedLabourIndustry",
            "vic_TypeOfSexExploitation",
            "vic_AgeWhenTrafficked",
            "vic_RelationshipToTrafficker",
            "vic_MethodOfRecruitment",
            "vic_RecruitmentWebsitesAndApps",
            "vic_LocationOfRecruitment",
            "vic_LocationOfExploitation",
            "vic_ExploitationWebsitesAndApps",
            "vic_MethodsOfControl",
            "vic_Vulnerabilities",
            "vic_DetailsOfVulnerabilities",
        ]


class StatusForm(HtcdsModelForm):
    class Meta:
        model = Case
        fields = [
            "cas_Status",
            "cas_ReasonForCaseClosure",
            "cas_ReferredOrganisation",
            "cas_ReferredPrimaryCaseWorker",
            "cas_ReasonForOutgoingReferral",
            "cas_OutgoingReferralDate",
            "cas_OutgoingReferralDetails",
        ]

    def __init__(self, *args, accepted_referral=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cas_ReferredOrganisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk=self.instance.organisation_id)
        if accepted_referral is not None and not self.is_bound:
            # Closing as referred: start from the referral the receiver took.
            r = accepted_referral
            for name, value in {
                "cas_ReferredOrganisation": r.to_organisation_id,
                "cas_ReasonForOutgoingReferral": r.reason,
                "cas_OutgoingReferralDate": timezone.localdate(r.sent_at),
                "cas_ReferredPrimaryCaseWorker": (
                    r.responded_by.get_full_name() if r.responded_by else ""
                ),
            }.items():
                if not getattr(self.instance, name):
                    self.initial[name] = value

    def clean_cas_OutgoingReferralDate(self):
        return _not_future(self.cleaned_data.get("cas_OutgoingReferralDate"))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("cas_Status")
        if (
            status in CLOSED_STATUSES
            and not (cleaned.get("cas_ReasonForCaseClosure") or "").strip()
        ):
            self.add_error(
                "cas_ReasonForCaseClosure", _("Give the reason for closing the case.")
            )
        if status == CaseStatus.CLOSED_REFERRED:
            if not cleaned.get("cas_ReferredOrganisation") and not cleaned.get(
                "cas_ReferredPrimaryCaseWorker"
            ):
                self.add_error(
                    "cas_ReferredOrganisation",
                    _("Say which organisation or caseworker the case was referred to."),
                )
            if not cleaned.get("cas_OutgoingReferralDate"):
                self.add_error(
                    "cas_OutgoingReferralDate", _("Give the date of the referral.")
                )
        return cleaned


class RestrictionForm(HtcdsModelForm):
    class Meta:
        model = Case
        fields = ["is_restricted", "restricted_to"]
        widgets = {"restricted_to": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["restricted_to"]
        field.queryset = case_workers_of(
            organisation_ids=[self.instance.organisation_id]
        )
        field.label_from_instance = lambda u: u.get_full_name() or u.username


class CommentForm(HtcdsModelForm):
    class Meta:
        model = CaseComment
        fields = ["cco_CaseComment"]


class TraffickingEventForm(HtcdsModelForm):
    location = LocationChoiceField(label=_("Place in Mongolia"))

    class Meta:
        model = TraffickingEvent
        fields = [
            "hte_Type",
            "hte_Date",
            "hte_Country",
            "location",
            "hte_State",
            "hte_City",
            "hte_Street",
            "hte_PostalCode",
            "hte_Latitude",
            "hte_Longitude",
            "hte_Description",
        ]

    def clean_hte_Date(self):
        return _not_future(self.cleaned_data.get("hte_Date"))


class PerpetratorContextForm(HtcdsModelForm):
    class Meta:
        model = PerpetratorContext
        fields = ["per_RoleInProcess", "per_RoleDetails"]


class ConsentForm(HtcdsModelForm):
    sections = forms.MultipleChoiceField(
        label=_("parts of the case that may be shared"),
        choices=ShareSection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For referral: only these parts are shown to the organisations."),
    )

    class Meta:
        model = Consent
        fields = [
            "purpose",
            "con_Consent",
            "method",
            "given_on",
            "organisations",
            "sections",
            "notes",
        ]
        widgets = {"organisations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk=case.organisation_id)
        self.fields["organisations"].help_text = _(
            "For referral: the organisations the person agrees to share with."
        )

    def clean_given_on(self):
        return _not_future(self.cleaned_data.get("given_on"))

    def clean(self):
        cleaned = super().clean()
        referral = cleaned.get("purpose") == ConsentPurpose.REFERRAL
        if referral and cleaned.get("con_Consent"):
            if not cleaned.get("organisations"):
                self.add_error(
                    "organisations",
                    _("Name the organisations the person agrees to share with."),
                )
            if not cleaned.get("sections"):
                self.add_error(
                    "sections", _("Choose the parts of the case that may be shared.")
                )
        elif not referral:
            cleaned["organisations"] = []
            cleaned["sections"] = []
        return cleaned


class ScreeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.interviewed_on:%Y-%m-%d} · {obj.get_profile_display()}"


class DecisionForm(HtcdsModelForm):
    """A decision on the trafficking status, with its basis."""

    screening = ScreeningChoiceField(
        queryset=None,
        required=False,
        label=_("screening it is based on"),
        empty_label=_("(none)"),
    )

    class Meta:
        model = TraffickingStatusDecision
        fields = [
            "vic_TraffickingStatus",
            "vic_TraffickingStatusDecisionMakingOrg",
            "deciding_body",
            "decided_on",
            "screening",
            "basis",
        ]

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["screening"].queryset = case.screenings.filter(
            completed_at__isnull=False
        )
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())

    def clean_decided_on(self):
        return _not_future(self.cleaned_data.get("decided_on"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("screening") and not (cleaned.get("basis") or "").strip():
            self.add_error(
                "basis",
                _("Choose the screening the decision rests on, or describe its basis."),
            )
        return cleaned


class ClosureReviewForm(forms.Form):
    note = forms.CharField(
        label=_("note (kept as a comment on the case)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionReviewForm(forms.Form):
    note = forms.CharField(
        label=_("note on the approval"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class Registration:
    """The three forms of registering a person and opening a case, with the
    consent box, as every registration page shows them (cases/create,
    from a screening, a referral or a contact), optionally started from
    what another record already holds and limited to one organisation."""

    def __init__(
        self,
        request,
        *,
        organisation_id: int | None = None,
        person_initial: dict | None = None,
        case_initial: dict | None = None,
        victim_initial: dict | None = None,
    ) -> None:
        data = request.POST if request.method == "POST" else None
        self.bound = data is not None
        self.person_form = PersonForm(data, initial=person_initial)
        case_initial = dict(case_initial or {})
        if organisation_id is not None:
            case_initial.setdefault("organisation", organisation_id)
        self.case_form = CaseOpenForm(data, user=request.user, initial=case_initial)
        if organisation_id is not None:
            field = self.case_form.fields["organisation"]
            field.queryset = field.queryset.filter(pk=organisation_id)
        self.victim_form = VictimOpenForm(data, initial=victim_initial)
        self.consent = request.POST.get("consent_to_record") == "on"
        self.user = request.user
        self.duplicates_seen = request.POST.get("duplicates_seen") == "1"
        self.matches = None

    def is_valid(self) -> bool:
        forms_ = (self.person_form, self.case_form, self.victim_form)
        return self.bound and all([form.is_valid() for form in forms_])

    def may_register(self) -> bool:
        """Valid, and either no one registered already looks like this
        person or the user has seen who does (dedup.services); the likely
        matches are then in the context."""
        if not self.is_valid():
            return False
        if self.duplicates_seen:
            return True
        from safepath.dedup.services import possible_matches

        self.matches = possible_matches(
            person=self.person_form.instance,
            organisation=self.case_form.cleaned_data["organisation"],
            user=self.user,
        )
        return not self.matches

    def registration(self) -> dict:
        """The keyword arguments of services.case_register, less the actor."""
        return {
            "person": self.person_form.instance,
            "citizenship": self.person_form.cleaned_data["prs_Citizenship"],
            "case": self.case_form.instance,
            "victim": self.victim_form.instance,
            "victim_many": self.victim_form.many_to_many_data(),
            "consent_to_record": self.consent,
        }

    def context(self) -> dict:
        return {
            "person_form": self.person_form,
            "case_form": self.case_form,
            "victim_form": self.victim_form,
            "consent_to_record": self.consent,
            "matches": self.matches,
        }
