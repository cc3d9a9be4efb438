from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.public import guards
from safepath.public.models import AnonymousReport, ReportStatus

WHAT_SEEN_MAX = 4000
TOKEN_ERRORS = {
    "invalid": _("The form could not be checked. Please send it again."),
    "too_fast": _("The form was sent very quickly. Please check it and send it again."),
    "expired": _(
        "The form was open for more than two hours. Please check it and send it again."
    ),
}


class ReportForm(forms.Form):
    """The public report: nothing required but what was seen.

    The template adds two inputs of its own, read here from the raw data: the
    form token (a new one at every showing) and the "website" honeypot, hidden
    from people and always shown empty, which bots fill in like any field.
    """

    what_seen = forms.CharField(
        label=_("What did you see or hear?"),
        max_length=WHAT_SEEN_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened, where people work or live, anything that worried you. "
            "At most 4000 characters."
        ),
        error_messages={
            "required": _("Please tell us what you saw or heard."),
            "max_length": _(
                "Please shorten this to %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    where = forms.CharField(
        label=_("Where? (optional)"),
        max_length=200,
        required=False,
        help_text=_("A town, a place, a workplace or an address."),
    )
    when = forms.DateField(
        label=_("When? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Enter the date as year-month-day, e.g. 2026-03-21.")
        },
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if you want an answer: a phone number or another way to reach "
            "you. You may leave it empty; your report is read all the same. "
            "Leave it empty if someone else may see your phone or messages."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["when"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_when(self):
        value = self.cleaned_data.get("when")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise forms.ValidationError(
                _("The form could not be accepted. Please send it again."),
                code="honeypot",
            )
        try:
            cleaned["nonce"] = guards.report_token_nonce(self.data.get("token", ""))
        except guards.TokenError as error:
            raise forms.ValidationError(
                TOKEN_ERRORS[error.code], code=error.code
            ) from None
        return cleaned

    def report(self, *, language: str) -> AnonymousReport:
        return AnonymousReport(
            what_seen=self.cleaned_data["what_seen"],
            where=self.cleaned_data["where"],
            when=self.cleaned_data["when"],
            contact=self.cleaned_data["contact"],
            language=language,
        )


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (ReportStatus.TRIAGED, _("Triaged: someone follows it up")),
            (ReportStatus.SPAM, _("Spam: nothing to follow up")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("triage note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done or who follows it up."),
    )
