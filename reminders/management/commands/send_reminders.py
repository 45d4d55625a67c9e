from django.core.management.base import BaseCommand

from partnership import daily
from reminders import services


class Command(BaseCommand):
    help = "Envoie les rappels d'échéances du jour (le même traitement que la tâche quotidienne)."

    def add_arguments(self, parser):
        daily.add_date_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui serait envoyé, sans rien envoyer.")

    def handle(self, *args, dry_run=False, **options):
        today = daily.day(options)
        if dry_run:
            planned = services.plan(today)
            for item in planned:
                again = "  (renvoi)" if item.reminder else ""
                self.stdout.write(
                    f"{item.duty.due_date:%d/%m/%Y}  {item.occasion:<10}  {item.user.username:<16}  "
                    f"{item.duty.title}{again}"
                )
            count = f"{len(planned)} rappel(s) seraient envoyés pour le {today:%d/%m/%Y}{self._again(planned)}"
            self.stdout.write(f"{count} (simulation).")
            return
        sent = services.send_reminders(today)
        self.stdout.write(
            self.style.SUCCESS(f"{len(sent)} rappel(s) envoyés pour le {today:%d/%m/%Y}{self._again(sent)}.")
        )

    @staticmethod
    def _again(items):
        """Of the reminders, how many are claims whose e-mail is sent again."""
        again = sum(1 for item in items if item.reminder)
        return f", dont {again} renvoyé(s) faute d'envoi confirmé" if again else ""
