from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (le dossier écrit par backup) dans une base de données et un stockage des "
        "documents vides, puis vérifie le nombre de lignes de chaque table et l'empreinte de chaque document."
    )
    # The database is empty: the checks that read it (migrations…) would only say so.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier backup-AAAAMMJJ-HHMMSS de la sauvegarde.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, database, **options):
        try:
            manifest = backups.restore(folder, using=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} (version {manifest['version'] or 'inconnue'}) restaurée : "
                f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} lignes, "
                f"{len(manifest['documents'])} documents, conformes au manifeste."
            )
        )
