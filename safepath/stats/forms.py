from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.htcds.forms import DateInput
from safepath.organisations.models import Organisation


class PeriodForm(forms.Form):
    """A period and one of the organisations whose figures the user sees
    (their own, and those sharing statistics with them)."""

    date_from = forms.DateField(label=_("from date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("to date"), required=False, widget=DateInput)
    organisation = forms.TypedChoiceField(
        label=_("organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args,
        own: list[Organisation],
        shared: list[Organisation],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("All")),
            *((o.pk, o.org_Name) for o in own),
            *((o.pk, _("%(name)s (shared)") % {"name": o.org_Name}) for o in shared),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end cannot be before the start."))
        return cleaned


class DashboardFilterForm(PeriodForm):
    published = forms.BooleanField(
        label=_("as published: consented cases only, small counts hidden"),
        required=False,
    )

    def __init__(self, *args, can_see_exact: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_see_exact:
            del self.fields["published"]


class IndicatorChoiceForm(forms.Form):
    """Which measures an organisation reports, under which name, with which
    target: three fields per measure, in the measures' order."""

    def __init__(self, *args, measures: list[tuple[str, str]], chosen: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        for key, label in measures:
            current = chosen.get(key)
            self.fields[f"use_{key}"] = forms.BooleanField(
                label=label, required=False, initial=current is not None
            )
            self.fields[f"name_{key}"] = forms.CharField(
                label=_("Name in reports"),
                max_length=200,
                required=False,
                initial=current.name if current else "",
            )
            self.fields[f"target_{key}"] = forms.IntegerField(
                label=_("Target"),
                min_value=0,
                max_value=10_000_000,
                required=False,
                initial=current.target if current else None,
            )

    def rows(self) -> list[tuple]:
        return [
            (self[f"use_{key}"], self[f"name_{key}"], self[f"target_{key}"])
            for key, _label in self.measures
        ]

    def chosen(self) -> list[dict]:
        """The measures ticked, in order, with their name and target."""
        return [
            {
                "measure": key,
                "name": self.cleaned_data[f"name_{key}"],
                "target": self.cleaned_data[f"target_{key}"],
            }
            for key, _label in self.measures
            if self.cleaned_data[f"use_{key}"]
        ]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"use_{key}") for key, _label in self.measures):
            raise forms.ValidationError(_("Choose at least one indicator."))
        return cleaned


class CtdcExportForm(PeriodForm):
    k = forms.IntegerField(
        label=_("k (each combination at least this many people)"),
        min_value=2,
        max_value=100,
        initial=11,
        help_text=_("CTDC publishes with k = 11."),
    )
