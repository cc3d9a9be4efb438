from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XlsformsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safepath.xlsforms"
    verbose_name = _("Form sections")
