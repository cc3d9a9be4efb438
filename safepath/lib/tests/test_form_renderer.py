"""The fast form renderer writes exactly what Django's templates write."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.lib.form_renderer import FormRenderer

DJANGO = "django.forms.renderers.DjangoTemplates"
FAST = "safepath.lib.form_renderer.FormRenderer"


class Everything(forms.Form):
    """Choice widgets in every shape: groups, empty values, integers, lazy,
    safe and unsafe labels, attributes that are True, False or text."""

    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & <b>"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[
            ("Fruit", [("apple", "Apple"), ("pear", mark_safe("<i>Pear</i>"))]),
            ("x", "Ungrouped \"quoted\" 'label'"),
            ("Veg", [(1, gettext_lazy("Status")), (2, 2000)]),
        ]
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "One"), ("2", "Two"), ("3", "Three")],
        widget=forms.SelectMultiple(attrs={"size": 3, "data-x": '"<&>"'}),
    )
    ticks = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B & C"), ("G", [("g1", "G1"), ("g2", "G2")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "tick <list>"}),
    )
    radio = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"required": True, "disabled": False}),
    )
    unlabelled = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"id": ""})
    )
    maybe = forms.NullBooleanField()
    boolean = forms.TypedChoiceField(
        choices=[(True, "Yes"), (False, "No"), (None, "Unknown")],
        widget=forms.RadioSelect,
        coerce=bool,
    )


def _render(form: forms.Form, renderer) -> list[str]:
    form.renderer = renderer
    return [str(form[name]) for name in form.fields]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "plain": "a",
            "grouped": "1",
            "many": ["1", "3"],
            "ticks": ["b", "g2"],
            "radio": "no",
            "maybe": "true",
            "boolean": "False",
        },
        {"grouped": "<script>", "many": ["<&>"], "ticks": ["zz"], "radio": ""},
    ],
)
def test_it_writes_what_djangos_templates_write(data):
    django = _render(Everything(data), DjangoTemplates())
    fast = _render(Everything(data), FormRenderer())
    assert fast == django
    # ...and it is not Django's own renderer by another name.
    assert FormRenderer().render.__func__ is not DjangoTemplates.render


def test_it_leaves_other_widgets_to_django(monkeypatch):
    calls = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        calls.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)

    class Other(forms.Form):
        day = forms.DateField(widget=forms.SelectDateWidget(years=[2026]))
        name = forms.CharField()
        pick = forms.ChoiceField(choices=[("a", "A")])

    _render(Other(), FormRenderer())
    assert "django/forms/widgets/select_date.html" in calls
    assert "django/forms/widgets/text.html" in calls
    assert "django/forms/widgets/select.html" not in calls


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


PAGES = [
    "/cases/",
    "/cases/new/",
    "/cases/{case}/edit/",
    "/cases/{case}/person/",
    "/cases/{case}/victim/",
    "/cases/{case}/status/",
    "/cases/{case}/events/new/",
    "/cases/{case}/consents/new/",
    "/referrals/new/{case}/",
    "/assistance/cases/{case}/plans/new/",
    "/screenings/new/",
    "/directory/",
    "/statistics/",
    "/exchange/export/",
]


@pytest.mark.parametrize("language", ["en", "mn", "fr"])
def test_the_pages_are_the_same_with_either_renderer(world, client, language):
    """Safepath's own forms, with their picklists, places and people, in each
    language: byte for byte the same pages."""
    sign_in(client, world.user("own", Role.SUPERVISOR))
    client.cookies["django_language"] = language
    pages = [page.format(case=world.case.pk) for page in PAGES]
    seen = {}
    for renderer in (DJANGO, FAST):
        with override_settings(FORM_RENDERER=renderer):
            for page in pages:
                response = client.get(page)
                assert response.status_code == 200, page
                html = response.content.decode()
                # The CSRF token differs from one response to the next.
                html = _without_tokens(html)
                seen.setdefault(page, []).append(html)
    for page, (django, fast) in seen.items():
        assert fast == django, page
    assert "<option" in seen[f"/cases/{world.case.pk}/victim/"][1]


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
