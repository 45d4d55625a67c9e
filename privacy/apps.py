from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _l("Données personnelles")
