from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from safepath.screening.definitions import validate_definition
from safepath.screening.models import IndicatorSet
from safepath.screening.services import indicator_set_save


class IndicatorSetForm(forms.ModelForm):
    class Meta:
        model = IndicatorSet
        fields = ["definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 40, "cols": 120})}

    def clean_definition(self):
        definition = self.cleaned_data["definition"]
        try:
            validate_definition(definition)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return definition


@admin.register(IndicatorSet)
class IndicatorSetAdmin(admin.ModelAdmin):
    """Platform admins edit an indicator set by adding a version: the add form
    starts from the current version's definition (texts in every language,
    strengths, rules); saving stores it as the new current version. Versions
    already stored are read-only, so screenings keep what they were made with."""

    form = IndicatorSetForm
    list_display = ["key", "version", "is_current", "created_at", "created_by"]
    list_filter = ["key", "is_current"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_changeform_initial_data(self, request) -> dict:
        current = IndicatorSet.objects.filter(is_current=True).order_by("key").first()
        return {"definition": current.definition} if current else {}

    def save_model(self, request, obj, form, change) -> None:
        saved = indicator_set_save(definition=obj.definition, by=request.user)
        obj.pk, obj.version, obj.key = saved.pk, saved.version, saved.key
