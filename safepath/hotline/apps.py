from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "safepath.hotline"
    verbose_name = _("Resource centre and hotline")
