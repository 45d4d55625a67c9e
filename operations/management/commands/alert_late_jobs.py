from django.core.management.base import BaseCommand

from operations import jobs
from partnership import daily


class Command(BaseCommand):
    help = (
        "Avertit par courriel les administrateurs de la plateforme des traitements quotidiens en retard "
        "(le même traitement que la tâche horaire)."
    )

    def add_arguments(self, parser):
        daily.add_date_argument(parser)

    def handle(self, *args, **options):
        alerted = jobs.alert_late_jobs(daily.day(options))
        self.stdout.write(f"{len(alerted)} traitement(s) en retard signalé(s) : {', '.join(alerted) or 'aucun'}.")
