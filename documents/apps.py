from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _l("Documents et courriers")
