"""Backups of the database and the uploaded files, and their restore.

A backup is one folder: `database.dump` (pg_dump's custom format on PostgreSQL, the
SQLite backup API otherwise, both through django-dbbackup's connectors),
`media.tar.gz` (every stored file, read through the storage API: the local folder or
the object storage bucket alike) and `manifest.json` (when, which
engine, the SHA-256 and size of both files, and the row count of every table). A
restore first checks every checksum, refuses a damaged backup, replaces the
database and the files, and then compares the row counts with the manifest.
"""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

from dbbackup.db.base import get_connector
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

from asn_portal import storage

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """A backup that cannot be trusted or restored; the message says why."""


def create_backup(destination: Path) -> Path:
    """Write a new backup folder under `destination` and return it."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"backup-{stamp}"
    folder.mkdir(parents=True)
    with (folder / DATABASE_FILE).open("wb") as out:
        shutil.copyfileobj(get_connector("default").create_dump(), out)
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        for name in storage.walk():
            content = storage.read(name)
            member = tarfile.TarInfo(f"media/{name}")
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "files": {
            name: _describe(folder / name) for name in (DATABASE_FILE, MEDIA_FILE)
        },
        "row_counts": row_counts(),
        "media_files": media_files(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def verify_backup(folder: Path) -> dict:
    """The manifest of an intact backup; BackupError for a missing or altered file."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({error})") from error
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.exists():
            raise BackupError(f"{name} is missing")
        if _describe(path) != expected:
            raise BackupError(f"{name} does not match its checksum")
    return manifest


def restore_backup(folder: Path) -> dict:
    """Replace the database and the stored files with the backup's; returns the tables
    whose row counts differ from the manifest ({} when all match)."""
    folder = Path(folder)
    manifest = verify_backup(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of {manifest['engine']}, "
            f"this database is {connection.vendor}"
        )
    connections.close_all()
    with (folder / DATABASE_FILE).open("rb") as dump:
        get_connector("default").restore_dump(dump)
    connections.close_all()
    for name in list(storage.walk()):
        storage.delete(name)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        for member in archive:
            if member.isfile() and member.name.startswith("media/"):
                name = member.name.removeprefix("media/")
                kept = default_storage.save(name, File(archive.extractfile(member)))
                if kept != name:
                    raise BackupError(f"{name} could not be restored under its name")
    counts = row_counts()
    return {
        table: (count, counts.get(table))
        for table, count in manifest["row_counts"].items()
        if counts.get(table) != count
    }


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (the manifest's restore check)."""
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # nosec B608 - table names come from the models
            counts[table] = cursor.fetchone()[0]
    return counts


def prune_backups(
    destination: Path, *, keep_daily: int, keep_monthly: int
) -> list[Path]:
    """Remove old backup folders: keep the newest `keep_daily`, and the first of
    each of the last `keep_monthly` months. Returns what was removed."""
    folders = sorted(Path(destination).glob("backup-*"), reverse=True)
    keep = set(folders[:keep_daily])
    months: dict[str, Path] = {}
    for folder in reversed(folders):
        months.setdefault(folder.name[len("backup-") :][:6], folder)
    keep.update(sorted(months.values(), reverse=True)[:keep_monthly])
    removed = [folder for folder in folders if folder not in keep]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def _describe(path: Path) -> dict:
    return {"sha256": _sha256(path), "bytes": path.stat().st_size}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files() -> dict[str, str]:
    """Name → SHA-256 of every stored file."""
    return {
        name: hashlib.sha256(storage.read(name)).hexdigest() for name in storage.walk()
    }
