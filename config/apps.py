"""The libraries' apps under French names in the admin panel (django-axes has none, and
django-celery-beat's translation reads "Tâches Périodique")."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _l
from django_celery_beat.apps import BeatConfig


class LockoutsConfig(AxesConfig):
    verbose_name = _l("Blocages de connexion")


class PeriodicTasksConfig(BeatConfig):
    verbose_name = _l("Planification des tâches quotidiennes")
