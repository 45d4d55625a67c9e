from django.core.management.base import BaseCommand

from opus_accounts import jobs
from partnership import daily


class Command(BaseCommand):
    help = "Revue quotidienne des comptes OPUS (clause O6) : révocations, rappels et avertissements."

    def add_arguments(self, parser):
        daily.add_date_argument(parser)

    def handle(self, *args, **options):
        done = jobs.review_accounts(daily.day(options))
        self.stdout.write(self.style.SUCCESS(f"{len(done)} action(s) : {done}"))
