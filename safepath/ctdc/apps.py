from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CtdcConfig(AppConfig):
    name = "safepath.ctdc"
    verbose_name = _("CTDC reference data")
