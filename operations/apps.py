from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _l("Exploitation")

    def ready(self):
        from operations import checks  # noqa: F401 (registers the system checks of the configuration)
