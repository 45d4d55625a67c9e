from django.core.management.base import BaseCommand

from opus_accounts import jobs
from partnership import daily


class Command(BaseCommand):
    help = "Revue quotidienne des comptes OPUS (clause O6) : révocations, rappels et avertissements."

    def add_arguments(self, parser):
        daily.add_date_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui serait fait, sans rien faire.")

    def handle(self, *args, dry_run=False, **options):
        today = daily.day(options)
        if dry_run:
            steps = jobs.plan(today)
            for step in steps:
                self.stdout.write(f"{step.action:<9}  compte {step.account.pk:<6}  {step.key}")
            self.stdout.write(f"{len(steps)} étape(s) seraient faites le {today:%d/%m/%Y} (simulation).")
            return
        done = jobs.review_accounts(today)
        self.stdout.write(self.style.SUCCESS(f"{len(done)} étape(s) faite(s) le {today:%d/%m/%Y}."))
