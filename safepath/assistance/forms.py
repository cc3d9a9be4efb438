from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.selectors import case_workers_of
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.cases.forms import UserChoiceField
from safepath.cases.models import Case
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.places.forms import LocationChoiceField


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."))
    return value


class AssessmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.assessed_on:%Y-%m-%d}"


class SupportPlanForm(HtcdsModelForm):
    assessment = AssessmentChoiceField(
        queryset=None,
        required=False,
        label=_("assessment it starts from"),
        empty_label=_("(none)"),
    )

    class Meta:
        model = SupportPlan
        fields = [
            "spl_Type",
            "assessment",
            "spl_Objectives",
            "spl_ActionPlan",
            "spl_PlannedEndDate",
            "spl_ActualEndDate",
        ]

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._init_kwargs["case"] = case  # for rebased()
        self.fields["assessment"].queryset = case.assessments.filter(
            completed_at__isnull=False
        )

    # The planned end date may be ahead; the actual one has happened.
    def clean_spl_ActualEndDate(self):
        return _not_future(self.cleaned_data.get("spl_ActualEndDate"))


class SupportPlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SupportPlan) -> str:
        return str(obj.get_spl_Type_display())


class ServiceDeliveredForm(HtcdsModelForm):
    support_plan = SupportPlanChoiceField(
        queryset=None, required=False, label=_("support plan"), empty_label=_("(none)")
    )
    location = LocationChoiceField(
        label=_("place"), help_text=_("For a shelter stay, where the shelter is.")
    )

    class Meta:
        model = ServiceDelivered
        fields = [
            "service_type",
            "support_plan",
            "provided_by",
            "provider_name",
            "started_on",
            "ended_on",
            "location",
            "amount",
            "currency",
            "details",
        ]

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._init_kwargs["case"] = case  # for rebased()
        self.fields["support_plan"].queryset = case.support_plans.all()
        self.fields["provided_by"].queryset = Organisation.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.provided_by_id)
        )
        if not self.is_bound and self.instance._state.adding:
            self.initial.setdefault("provided_by", case.organisation_id)
            self.initial.setdefault("started_on", timezone.localdate())

    def clean_started_on(self):
        return _not_future(self.cleaned_data.get("started_on"))

    def clean_ended_on(self):
        return _not_future(self.cleaned_data.get("ended_on"))

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end cannot be before the start."))
        if cleaned.get("amount") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Choose the currency of the amount."))
        return cleaned


class FollowUpTaskForm(HtcdsModelForm):
    assigned_to = UserChoiceField(
        queryset=None,
        required=False,
        label=_("assigned to"),
        empty_label=_("the case owner"),
    )

    class Meta:
        model = FollowUpTask
        fields = ["title", "due_on", "assigned_to"]

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._init_kwargs["case"] = case  # for rebased()
        # Only people who can open the case: a task they cannot see is lost.
        people = case_workers_of(organisation_ids=[case.organisation_id])
        if case.is_restricted:
            people = people.filter(
                Q(pk=case.cas_CaseOwner_id) | Q(restricted_cases=case)
            )
        self.fields["assigned_to"].queryset = people
