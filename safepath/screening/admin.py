from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from safepath.screening.definitions import (
    validate_assessment_definition,
    validate_definition,
)
from safepath.screening.models import AssessmentTemplate, IndicatorSet
from safepath.screening.services import (
    assessment_template_save,
    indicator_set_save,
)


def _definition_form(model_class, validate):
    class DefinitionForm(forms.ModelForm):
        class Meta:
            model = model_class
            fields = ["definition"]
            widgets = {"definition": forms.Textarea(attrs={"rows": 40, "cols": 120})}

        def clean_definition(self):
            definition = self.cleaned_data["definition"]
            try:
                validate(definition)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
            return definition

    return DefinitionForm


class VersionedDefinitionAdmin(admin.ModelAdmin):
    """Platform admins edit a definition by adding a version: the add form
    starts from the current version's definition (texts in every language,
    strengths, rules); saving stores it as the new current version. Versions
    already stored are read-only, so screenings and assessments keep what
    they were made with."""

    list_display = ["key", "version", "is_current", "created_at", "created_by"]
    list_filter = ["key", "is_current"]
    save_definition = staticmethod(indicator_set_save)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_changeform_initial_data(self, request) -> dict:
        current = self.model.objects.filter(is_current=True).order_by("key").first()
        return {"definition": current.definition} if current else {}

    def save_model(self, request, obj, form, change) -> None:
        saved = self.save_definition(definition=obj.definition, by=request.user)
        obj.pk, obj.version, obj.key = saved.pk, saved.version, saved.key


@admin.register(IndicatorSet)
class IndicatorSetAdmin(VersionedDefinitionAdmin):
    form = _definition_form(IndicatorSet, validate_definition)
    save_definition = staticmethod(indicator_set_save)


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(VersionedDefinitionAdmin):
    form = _definition_form(AssessmentTemplate, validate_assessment_definition)
    save_definition = staticmethod(assessment_template_save)
