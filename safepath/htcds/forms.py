from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

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
    name, dates as date pickers, and caps long text.

    Editing a versioned record (lib/versioning.py), it sends back the version
    it was opened at and, hidden, the values the user saw, so that a save over
    someone else's can say what they changed."""

    def __init__(self, *args, **kwargs) -> None:
        self._init_kwargs = {
            k: v for k, v in kwargs.items() if k not in ("data", "instance", "files")
        }
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
        if self.is_versioned:
            for field in self.fields.values():
                field.show_hidden_initial = True
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    @property
    def is_versioned(self) -> bool:
        return not self.instance._state.adding and hasattr(self.instance, "version")

    @property
    def opened_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.is_versioned else None

    def many_to_many_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name, field in self.fields.items()
            if isinstance(field, PicklistMultipleChoiceField)
            and name in self.cleaned_data
        }

    def rebased(self, current) -> "HtcdsModelForm":
        """After someone else saved `current`: the same form over it, keeping
        the fields this user changed as typed and taking the other person's
        values everywhere else, with an error saying what they changed. Saving
        it again is then a knowing choice."""
        data = self.data.copy()
        fresh = type(self)(instance=current, **self._init_kwargs)
        mine = set(self.changed_data)
        theirs = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            seen = field.widget.value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            now = fresh[name].initial
            if field.has_changed(now, seen):
                theirs.append(name)
            _put(data, self.add_initial_prefix(name), field, now, hidden=True)
            if name not in mine:
                _put(data, self.add_prefix(name), field, now, hidden=False)
        data["version"] = str(current.version)
        form = type(self)(data=data, instance=current, **self._init_kwargs)
        form.is_valid()
        form.add_error(None, stale_message(fresh, theirs, mine & set(theirs)))
        return form


def _put(data, key: str, field: forms.Field, value, hidden: bool) -> None:
    """Put `value` into posted data as `field`'s widget would send it."""
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple):
        data.setlist(key, [str(v) for v in prepared])
    elif isinstance(field, forms.BooleanField) and not hidden:
        if prepared:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        data[key] = "" if prepared is None else str(prepared)


def stale_message(fresh: forms.ModelForm, theirs: list[str], both: set[str]) -> str:
    if not theirs:
        return str(_(
            "Someone else saved this record after you opened it. Nothing was "
            "saved yet and nothing you typed is lost: check the form and save again."
        ))  # fmt: skip
    changes = "; ".join(
        f"{fresh[name].label}: {display_value(fresh, name) or '—'}" for name in theirs
    )
    message = _(
        "Someone else saved this record after you opened it and changed: "
        "%(changes)s. Nothing was saved yet. The form now shows their values, "
        "with your own changes kept: check it and save again."
    ) % {"changes": changes}
    if both:
        labels = ", ".join(str(fresh[name].label) for name in theirs if name in both)
        message += " " + _(
            "You both changed %(fields)s: the form holds your version; saving "
            "replaces theirs."
        ) % {"fields": labels}
    return str(message)


def display_value(form: forms.ModelForm, name: str) -> str:
    """The current value of a field, as a person reads it."""
    field, value = form.fields[name], form[name].initial
    if value in (None, "", []):
        return ""
    choices = getattr(field, "choices", None)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(field.label_from_instance(v) for v in value)
    if isinstance(field, forms.ModelChoiceField):
        obj = field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return field.label_from_instance(obj) if obj else ""
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)
