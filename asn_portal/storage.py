"""Every file the portal keeps (uploads, reports, exports, job results) goes through
Django's default storage: a local folder in development, S3-compatible object storage
when STORAGE_BUCKET is set, so that any web server reads what any worker wrote.
Files are private either way: they are served only by the portal's own views, which
check who asks (there is no public media URL).

Nothing outside this module opens a media file by its path on disk."""

import datetime
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone


def save(name: str, content: bytes) -> str:
    """Store `content` under `name` (or a free name beside it) and return the name
    kept. A write either completes or leaves nothing a record points to: callers
    save under a new name and point their record at it afterwards."""
    return default_storage.save(name, ContentFile(content))


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def walk(folder: str = "") -> Iterator[str]:
    """The name of every file under `folder`, in a stable order."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for file_name in sorted(files):
        yield prefix + file_name
    for directory in sorted(directories):
        yield from walk(prefix + directory)


def older_than(name: str, age: datetime.timedelta) -> bool:
    return default_storage.get_modified_time(name) < timezone.now() - age


# Files built on request (exports of personal data and answers), each on a row with
# `file` and `finished_at`: kept BUILT_FILES_KEPT_DAYS, then deleted; the row stays,
# and its page says the file can be asked for again.
BUILT_FILE_MODELS = ("people.BackgroundJob", "training.ResultsExport")


def remove_expired_built_files(*, now: datetime.datetime | None = None) -> int:
    """Delete every built file older than its keeping time; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.BUILT_FILES_KEPT_DAYS)
    removed = 0
    for label in BUILT_FILE_MODELS:
        model = apps.get_model(label)
        expired = model.objects.filter(finished_at__lt=cutoff).exclude(file="")
        for pk, name in expired.values_list("pk", "file"):
            # The row first: a download never finds a row pointing at no file.
            model.objects.filter(pk=pk).update(file="")
            delete(name)
            removed += 1
    return removed
