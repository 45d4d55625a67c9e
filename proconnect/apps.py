from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class ProConnectConfig(AppConfig):
    name = "proconnect"
    verbose_name = _l("ProConnect")
