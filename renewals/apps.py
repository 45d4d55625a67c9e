from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class RenewalsConfig(AppConfig):
    name = "renewals"
    verbose_name = _l("Renouvellements et mise en service")
