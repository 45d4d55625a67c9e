from django.core.management.base import BaseCommand

from partnership import daily
from privacy import destruction


class Command(BaseCommand):
    help = (
        "Clause C9 : détruit les données personnelles des conventions de coopération échues depuis deux mois. "
        "Irréversible : sans --wet-run, affiche seulement ce qui serait effacé."
    )

    def add_arguments(self, parser):
        daily.add_date_argument(parser)
        parser.add_argument("--wet-run", action="store_true", help="Efface pour de bon (sinon : simulation).")

    def handle(self, *args, wet_run=False, **options):
        today = daily.day(options)
        if not wet_run:
            due = list(destruction.due(today))
            found = destruction.dry_run([convention for convention, _deadline in due], in_turn=True)
            for convention, deadline in due:
                rows, plan = found[convention.pk]
                self.stdout.write(f"{convention} (échéance C9 : {deadline.date:%d/%m/%Y})")
                for row in rows:
                    self.stdout.write(f"  {row['app']}: {row['label']} — {row['count']}")
                for person, reasons in plan.kept:
                    why = " ; ".join(f"{reason} (« {named_by.title} »)" for named_by, reason in reasons)
                    self.stdout.write(f"  conservé : {person} — {why}")
            self.stdout.write(
                f"{len(due)} convention(s) seraient traitées le {today:%d/%m/%Y} (simulation : ajoutez --wet-run)."
            )
            return
        records = destruction.destroy_personal_data(today)
        self.stdout.write(self.style.SUCCESS(f"{len(records)} destruction(s) effectuée(s) le {today:%d/%m/%Y}."))
