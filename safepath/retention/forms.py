from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from safepath.retention.models import ErasureReason, RetentionRule

# Chosen by a person on the erasure page; the retention run gives its own.
ASKED_REASONS = [c for c in ErasureReason.choices if c[0] != ErasureReason.RETENTION]


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the data is erased"),
        choices=ASKED_REASONS,
        widget=forms.RadioSelect,
    )
    confirm = forms.CharField(
        label=_("Type the case reference to confirm"),
        max_length=40,
        help_text=_("Erasure cannot be undone."),
    )

    def __init__(self, *args, reference: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reference = reference

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.reference:
            raise forms.ValidationError(
                _("This is not the case reference shown above.")
            )
        return value


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["anonymise_closed_after_years"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["anonymise_closed_after_years"]
        field.validators.append(MaxValueValidator(100))
        field.widget.attrs["max"] = 100
