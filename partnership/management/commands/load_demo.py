from django.core.management.base import BaseCommand
from django.db import transaction

from partnership import demo
from partnership.hooks import app_modules


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    @transaction.atomic
    def handle(self, *args, **options):
        context = demo.load()
        # Each other app adds its own demo data on top of the partnership's.
        for module in app_modules("demo"):
            if module is not demo:
                module.load(context)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for user, role in context["users"]:
            self.stdout.write(f"  {user.username:<16} {role} — {user.organisation}")
