import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Envoie les rappels d'échéances du jour (le même traitement que la tâche quotidienne)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Journée à traiter, AAAA-MM-JJ (par défaut : aujourd'hui).")
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui serait envoyé, sans rien envoyer.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Date invalide « {date} » : attendu AAAA-MM-JJ.") from error
        if dry_run:
            planned = services.plan(today)
            for item in planned:
                self.stdout.write(
                    f"{item.duty.due_date:%d/%m/%Y}  {item.occasion:<10}  {item.user.username:<16}  {item.duty.title}"
                )
            self.stdout.write(f"{len(planned)} rappel(s) seraient envoyés pour le {today:%d/%m/%Y} (simulation).")
            return
        sent = services.send_reminders(today)
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} rappel(s) envoyés pour le {today:%d/%m/%Y}."))
