from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "safepath.demo"
    verbose_name = "Demo data"
