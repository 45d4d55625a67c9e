from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _l("API")
