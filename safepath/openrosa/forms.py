from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import Membership
from safepath.cases.forms import VictimOpenForm
from safepath.cases.models import Case, VictimContext
from safepath.people.forms import PersonForm

# The intake form's questions that are PersonForm's fields, as they are.
PERSON_FIELDS = [
    "prs_FirstName",
    "prs_SecondName",
    "prs_MiddleName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_IdentityNumber",
    "prs_MobilePhone",
    "prs_PrimaryLanguage",
]


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} ({obj.user.username}) · {obj.get_role_display()}"


class DeviceForm(forms.Form):
    name = forms.CharField(
        label=_("device"),
        max_length=100,
        help_text=_("How the device is known in the office, e.g. Tablet 3."),
    )
    membership = MembershipChoiceField(
        queryset=Membership.objects.none(),
        label=_("user"),
        help_text=_("The device acts as this user, with their role."),
    )

    def __init__(self, *args, memberships, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the submission; the field worker is not told."),
    )


class IntakeReview:
    """An intake submission's answers checked as the registration page
    checks them (PersonForm, VictimOpenForm), ready for case_register."""

    def __init__(self, values: dict[str, str], *, owner, organisation) -> None:
        data = {name: values.get(name, "") for name in PERSON_FIELDS}
        data["prs_Citizenship"] = values.get("prs_Citizenship", "").split()
        if values.get("birthdate_is_estimate") == "yes":
            data["birthdate_is_estimate"] = "on"
        self.person_form = PersonForm(data)
        self.victim_form = VictimOpenForm(
            {"vic_TypeOfExploitation": values.get("vic_TypeOfExploitation", "").split()}
        )
        self.consent = values.get("con_Consent") == "yes"
        self.owner, self.organisation = owner, organisation
        self.opened_on, self.date_error = self._opened_on(values.get("opened_on", ""))

    @staticmethod
    def _opened_on(value: str) -> tuple[date | None, str]:
        try:
            opened_on = date.fromisoformat(value)
        except ValueError:
            return None, str(_("The date of the interview is missing."))
        if opened_on > timezone.localdate():
            return None, str(_("This date cannot be in the future."))
        return opened_on, ""

    def is_valid(self) -> bool:
        valid = [self.person_form.is_valid(), self.victim_form.is_valid()]
        return all(valid) and not self.date_error

    def errors(self) -> list[str]:
        found = [self.date_error] if self.date_error else []
        for form in (self.person_form, self.victim_form):
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                found += [f"{label}: {m}" if label else m for m in messages]
        return found

    def registration(self) -> dict:
        """The keyword arguments of the accepting service, less the actor."""
        return {
            "person": self.person_form.instance,
            "citizenship": self.person_form.cleaned_data["prs_Citizenship"],
            "case": Case(
                organisation=self.organisation,
                cas_CaseOwner=self.owner,
                opened_on=self.opened_on,
            ),
            "victim": VictimContext(),
            "victim_many": self.victim_form.many_to_many_data(),
            "consent_to_record": self.consent,
        }
