from django.core.management.base import BaseCommand

from demo import load, partnership


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    def handle(self, *args, **options):
        context = load.load()
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {partnership.DEMO_PASSWORD}) :")
        for user, role in context["users"]:
            self.stdout.write(f"  {user.username:<16} {role} — {user.organisation}")
