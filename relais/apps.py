from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class RelaisConfig(AppConfig):
    name = "relais"
    verbose_name = _l("Relais Emploi")
