from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class OpusServiceConfig(AppConfig):
    name = "opus_service"
    verbose_name = _l("Service OPUS")
