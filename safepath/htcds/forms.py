from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from safepath.htcds.choices import COUNTRY
from safepath.htcds.models import PicklistValue

LONG_TEXT_MAX = 10_000


def picklist_values(picklist: str) -> QuerySet[PicklistValue]:
    return PicklistValue.objects.filter(picklist=picklist)


# Countries the programme meets most, listed first (ISO 3166-1 alpha-2).
COMMON_COUNTRIES = ["MN", "CN", "KZ", "RU", "KR", "JP", "TR", "AE", "VN", "KG"]


class _CountryIterator(ModelChoiceIterator):
    """The common countries first, then the rest by name in the page's language."""

    def __iter__(self):
        def key(value: PicklistValue):
            if value.value in COMMON_COUNTRIES:
                return (0, COMMON_COUNTRIES.index(value.value), "")
            return (1, 0, value.label.casefold())

        for value in sorted(self.queryset, key=key):
            yield self.choice(value)


class PicklistMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multi-select picklist posted by HTCDS value name, shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, picklist: str, **kwargs) -> None:
        kwargs.setdefault("required", False)
        if picklist == COUNTRY:
            kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 5}))
            self.iterator = _CountryIterator
        super().__init__(picklist_values(picklist), to_field_name="value", **kwargs)

    def label_from_instance(self, obj: PicklistValue) -> str:
        return obj.label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class HtcdsModelForm(forms.ModelForm):
    """A ModelForm that shows HTCDS multi-selects as checkboxes posted by value
    name, dates as date pickers, and caps long text."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            model_field = self._meta.model._meta.get_field(name)
            if model_field.many_to_many and model_field.related_model is PicklistValue:
                picklist = model_field.remote_field.limit_choices_to["picklist"]
                self.fields[name] = PicklistMultipleChoiceField(
                    picklist, label=field.label, help_text=field.help_text
                )
            elif isinstance(field, forms.DateField):
                field.widget = DateInput()
            elif isinstance(field.widget, forms.Textarea):
                field.max_length = LONG_TEXT_MAX
                field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
                field.widget.attrs.update({"maxlength": LONG_TEXT_MAX, "rows": 4})

    def changed_fields(self) -> list[str]:
        return list(self.changed_data)

    def many_to_many_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name, field in self.fields.items()
            if isinstance(field, PicklistMultipleChoiceField)
            and name in self.cleaned_data
        }
