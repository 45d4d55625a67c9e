from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class OpusAccountsConfig(AppConfig):
    name = "opus_accounts"
    verbose_name = _l("Comptes OPUS")
