"""Every file the portal keeps (uploads, reports, exports, job results) goes through
Django's default storage: a local folder in development, S3-compatible object storage
when STORAGE_BUCKET is set, so that any web server reads what any worker wrote.
Files are private either way: they are served only by the portal's own views, which
check who asks (there is no public media URL).

Nothing outside this module opens a media file by its path on disk."""

import datetime
from collections.abc import Iterator

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
