from django.conf import settings
from django.urls import path, register_converter

from safepath.public import views


class LanguageConverter:
    """One of settings.LANGUAGES: /help/triage/ is then not a language."""

    regex = "|".join(code for code, _name in settings.LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "public_lang")

app_name = "public"
urlpatterns = [
    # The staff's routes first, before the public ones in every language.
    path("triage/", views.triage_list, name="triage"),
    path("triage/<int:report_id>/", views.triage_detail, name="triage_detail"),
    path("", views.index, name="index"),
    path("<public_lang:lang>/", views.home, name="home"),
    path("<public_lang:lang>/report/", views.report, name="report"),
    path("<public_lang:lang>/report/thanks/", views.report_done, name="report_done"),
]
