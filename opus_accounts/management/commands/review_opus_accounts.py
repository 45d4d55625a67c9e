import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from opus_accounts import jobs


class Command(BaseCommand):
    help = "Revue quotidienne des comptes OPUS (clause O6) : révocations, rappels et avertissements."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Jour de la revue (AAAA-MM-JJ).")

    def handle(self, *args, date=None, **options):
        done = jobs.review_accounts(date or timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"{len(done)} action(s) : {done}"))
