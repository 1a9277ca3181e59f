"""Restore a backup folder written by `manage.py backup` (replaces all data)."""

from django.core.management.base import BaseCommand, CommandError

from asn_portal import backups


class Command(BaseCommand):
    help = (
        "Checks a backup's checksums, then REPLACES the database and the stored files "
        "with it and compares the row counts with its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--yes", action="store_true", help="really replace the current data"
        )

    def handle(self, *args, folder, yes, **options):
        try:
            backups.verify_backup(folder)
            if not yes:
                raise CommandError("The backup is intact. Add --yes to restore it.")
            differences = backups.restore_backup(folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError(f"Restored, but row counts differ: {differences}")
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}; row counts match."))
