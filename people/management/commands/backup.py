"""Back up the database and the uploaded files into one checked folder."""

from django.conf import settings
from django.core.management.base import BaseCommand

from asn_portal import backups


class Command(BaseCommand):
    help = (
        "Writes a backup folder (database dump, media archive, manifest with "
        "checksums and row counts) under BACKUP_DIR, then removes old backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default=None, help="folder (default BACKUP_DIR)")
        parser.add_argument("--keep-daily", type=int, default=14)
        parser.add_argument("--keep-monthly", type=int, default=12)

    def handle(self, *args, to, keep_daily, keep_monthly, **options):
        destination = to or settings.BACKUP_DIR
        folder = backups.create_backup(destination)
        manifest = backups.verify_backup(folder)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"{folder}: {rows} rows in {len(manifest['row_counts'])} tables, "
            f"{len(manifest['media_files'])} media files"
        )
        removed = backups.prune_backups(
            destination, keep_daily=keep_daily, keep_monthly=keep_monthly
        )
        for old in removed:
            self.stdout.write(f"removed {old}")
