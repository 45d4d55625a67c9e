from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class DiagnosisConfig(AppConfig):
    name = "diagnosis"
    verbose_name = _l("Diagnostic territorial partagé")
