from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from partnership import demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    @transaction.atomic
    def handle(self, *args, **options):
        context = demo.load()
        # Each other app adds its own demo data on top of the partnership's.
        for config in apps.get_app_configs():
            if config.name != "partnership" and module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").load(context)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for user, role in context["users"]:
            self.stdout.write(f"  {user.username:<16} {role} — {user.organisation}")
