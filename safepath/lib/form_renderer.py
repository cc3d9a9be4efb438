"""Django's form renderer, with the choice widgets written out in Python.

Django renders every <option> and every tick box of a form through a
template include of its own; a page of HTCDS picklists (the victim context
form: about 1,800 options) then spends most of its time there. This renderer
writes the same HTML, byte for byte, for Django's select, checkbox-select and
radio templates directly, and leaves every other template to Django
(safepath/lib/tests/test_form_renderer.py compares the two on every shape of
choice widget and on fifteen of Safepath's form pages, in three languages).
"""

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# Each option template, the kind of widget it belongs to and the newlines its
# file and the files it includes end with (Django strips only the outermost).
OPTION_TEMPLATES = {
    WIDGETS + "select_option.html": ("option", "\n"),
    WIDGETS + "checkbox_option.html": ("input", "\n\n"),
    WIDGETS + "radio_option.html": ("input", "\n\n"),
    WIDGETS + "input_option.html": ("input", "\n"),
}


def _text(value: Any) -> str:
    """`{{ value }}` in a template: localised, then escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe."""
    return conditional_escape(value if hasattr(value, "__html__") else f"{value}")


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_text(name)}")
        else:
            out.append(f' {_text(name)}="{_string(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html, as its option template."""
    ending = OPTION_TEMPLATES[option["template_name"]][1]
    if not option.get("wrap_label"):
        return _input(option) + ending
    label_for = option["attrs"].get("id")
    opening = f' for="{_text(label_for)}"' if label_for else ""
    label = _text(option["label"])
    return f"<label{opening}>{_input(option)} {label}</label>{ending}"


def _option(option: dict) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html (its final newline stripped, as
    Django's renderer strips it)."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _multiple_input(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html (tick boxes, radio buttons)."""
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_text(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


FAST: dict[str, tuple[Callable[[dict], str], str]] = {
    WIDGETS + "select.html": (_select, "option"),
    WIDGETS + "checkbox_select.html": (_multiple_input, "input"),
    WIDGETS + "radio.html": (_multiple_input, "input"),
    WIDGETS + "multiple_input.html": (_multiple_input, "input"),
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None) -> SafeString:
        fast = FAST.get(template_name)
        widget = context.get("widget") if fast else None
        if fast and widget is not None and _options_are(widget, fast[1]):
            html = fast[0](widget)  # every value in it went through _text or _string
            return mark_safe(html)  # noqa: S308  # nosec B308 B703  # escaped as Django's templates escape
        return super().render(template_name, context, request)


def _options_are(widget: dict, kind: str) -> bool:
    """True when every option uses one of Django's own option templates of
    this kind (a widget with its own option template is left to Django)."""
    return all(
        OPTION_TEMPLATES.get(option.get("template_name"), ("",))[0] == kind
        for _group, options, _index in widget["optgroups"]
        for option in options
    )
