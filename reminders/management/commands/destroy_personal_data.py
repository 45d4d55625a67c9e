from django.core.management.base import BaseCommand

from partnership import daily
from reminders import destruction


class Command(BaseCommand):
    help = "Clause C9 : détruit les données personnelles des conventions de coopération échues depuis deux mois."

    def add_arguments(self, parser):
        daily.add_date_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui serait effacé, sans rien effacer.")

    def handle(self, *args, dry_run=False, **options):
        today = daily.day(options)
        if dry_run:
            due = list(destruction.due(today))
            found = destruction.inventories([convention for convention, _deadline in due])
            for convention, deadline in due:
                self.stdout.write(f"{convention} (échéance C9 : {deadline.date:%d/%m/%Y})")
                for row in found[convention.pk]:
                    self.stdout.write(f"  {row['app']}: {row['label']} — {row['count']}")
            return
        records = destruction.destroy_personal_data(today)
        self.stdout.write(self.style.SUCCESS(f"{len(records)} destruction(s) effectuée(s) le {today:%d/%m/%Y}."))
