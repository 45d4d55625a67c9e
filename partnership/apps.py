from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _l("Partenariat")

    def ready(self):
        from partnership import duty_snapshots

        duty_snapshots.connect()
