from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import CONTACT_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.hotline.models import Contact
from safepath.htcds.forms import HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.places.forms import LocationChoiceField


def _code_word_field() -> forms.CharField:
    return forms.CharField(
        label=_("code word chosen by the caller"),
        required=False,
        max_length=100,
        help_text=_(
            "Ask the caller to choose a word to give next time, so that the "
            "contacts can be linked without a name. It is stored only as a "
            "fingerprint."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("caller's phone number"),
        required=False,
        max_length=40,
        help_text=_(
            "Only to recognise the same caller later: the number itself is not stored."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )


class ContactForm(HtcdsModelForm):
    """Quick to fill during a call: the usual answers are preselected and the
    order follows the conversation."""

    location = LocationChoiceField(label=_("place"))

    class Meta:
        model = Contact
        fields = [
            "organisation",
            "channel",
            "caller_type",
            "topic",
            "language",
            "information_given",
            "referred_to",
            "follow_up_on",
            "is_anonymous",
            "caller_name",
            "contacted_at",
            "duration_minutes",
            "location",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "referred_to": forms.CheckboxSelectMultiple,
            "contacted_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Not model fields: the service keeps only their fingerprints.
        self.fields["code_word"] = _code_word_field()
        self.fields["phone"] = _phone_field()
        org_ids = organisation_ids_for(user=user, roles=CONTACT_ROLES)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(pk__in=org_ids)
        organisation.empty_label = None
        if len(org_ids) == 1:
            organisation.widget = forms.HiddenInput()
        self.fields["referred_to"].queryset = Organisation.objects.filter(
            is_active=True
        )
        self.fields["referred_to"].required = False
        self.fields["contacted_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["channel"].widget.attrs["autofocus"] = True
        if not self.is_bound and self.instance._state.adding:
            self.initial.setdefault("organisation", org_ids[0] if org_ids else None)
            self.initial.setdefault(
                "contacted_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M")
            )

    def clean_contacted_at(self):
        value = self.cleaned_data.get("contacted_at")
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("The contact cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous"):
            cleaned["caller_name"] = ""
            self.instance.caller_name = ""
        elif not (cleaned.get("caller_name") or "").strip():
            self.add_error(
                "caller_name",
                _("Give the name the caller gave, or tick “anonymous”."),
            )
        return cleaned


class FollowUpDoneForm(forms.Form):
    pass
