from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _l("Démonstration")
