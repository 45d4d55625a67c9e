from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _l("Échéancier et rappels")
