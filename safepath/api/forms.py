from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the partner system that uses it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
