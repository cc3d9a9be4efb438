from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "safepath.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from safepath.stats import facts  # noqa: F401  (connects the signals)
