from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenrosaConfig(AppConfig):
    name = "safepath.openrosa"
    verbose_name = _("Field collection (ODK)")
