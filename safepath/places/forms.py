from django import forms

from safepath.places.models import Location
from safepath.places.selectors import location_choices


class LocationChoiceField(forms.ModelChoiceField):
    """Places in hierarchy order, each named with its parent (Bulgan, Ömnögovi)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(location_choices(), **kwargs)

    def label_from_instance(self, obj: Location) -> str:
        indent = "\u00a0\u00a0" * max(obj.level - 1, 0)
        return f"{indent}{obj.full_name}"
