"""Checks every upload by size and by content (magic bytes), never by its name."""

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IMAGE_KINDS = {"jpg", "png", "webp"}
DOCUMENT_KINDS = {"pdf", "jpg", "png", "docx", "xlsx"}
SPREADSHEET_KINDS = {"xlsx", "csv"}

_LABELS = {
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV",
}


def detect_kind(uploaded) -> str | None:
    """The real type of an upload from its first bytes; CSV is plain UTF-8 text."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        extension = kind.extension
        if extension == "zip" and _is_ooxml(uploaded, "xl/"):
            return "xlsx"
        if extension == "zip" and _is_ooxml(uploaded, "word/"):
            return "docx"
        return {"jpeg": "jpg"}.get(extension, extension)
    if _looks_like_text(head):
        return "csv"
    return None


def validate_upload(uploaded, *, kinds: set[str], max_bytes: int) -> str:
    """Refuse a file that is too big or not of an allowed kind; returns its kind."""
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (maksimum %(mb)s MB).")
            % {"mb": round(max_bytes / 1024 / 1024, 1)},
            code="too_big",
        )
    kind = detect_kind(uploaded)
    if kind not in kinds:
        allowed = ", ".join(sorted(_LABELS.get(k, k) for k in kinds))
        raise ValidationError(
            _("Jenis berkas tidak diterima. Yang diterima: %(allowed)s.")
            % {"allowed": allowed},
            code="bad_type",
        )
    return kind


def _is_ooxml(uploaded, prefix: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(uploaded) as archive:
            found = any(name.startswith(prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        found = False
    uploaded.seek(0)
    return found


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True
