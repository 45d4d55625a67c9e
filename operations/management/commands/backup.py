from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Écrit une sauvegarde cohérente (base de données, documents, manifeste) dans un dossier "
        "backup-AAAAMMJJ-HHMMSS, puis efface les sauvegardes plus anciennes que --keep-days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=settings.BACKUP_ROOT, help="Dossier des sauvegardes (BACKUP_ROOT).")
        parser.add_argument(
            "--keep-days",
            type=int,
            default=settings.BACKUP_KEEP_DAYS,
            help="Efface les sauvegardes de ce dossier plus anciennes (BACKUP_KEEP_DAYS ; 0 : n'en efface aucune).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, keep_days, database, **options):
        try:
            folder = backups.create(output, using=database)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {folder}"))
        if keep_days > 0:
            for old in backups.prune(output, keep_days):
                self.stdout.write(f"Sauvegarde de plus de {keep_days} jours effacée : {old}")
