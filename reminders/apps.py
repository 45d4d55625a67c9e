from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _l("Échéancier et rappels")

    def ready(self):
        from reminders import checks  # noqa: F401 (registers the settings check)
