"""Every file a user uploads, and every stored upload sent back, goes through here.

A file is judged by its content, never by its name or the browser's content type:
each field has an allow-list of real types (`POLICIES`) and a size limit. Images
are decoded and re-encoded with Pillow, so nothing but pixels survives (a file
that starts with a PNG signature and then holds HTML is refused); a PDF must look
like a PDF from its first to its last bytes. The stored name is ours: a slug of
the uploaded name, a random part and the extension of the detected type. Stored
files go back to users only through access-checked views calling
`upload_response`, which detects the type again and sends anything but a PNG or
JPEG image as an attachment.
"""

import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024

_LABELS = {
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV",
}

# The type a stored file is sent back with; images alone may be shown inline.
_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
_INLINE_KINDS = {"jpg", "png"}
_IMAGE_KINDS = {"jpg", "png", "webp"}
# The tail of a name we gave: a random part and a known extension.
_OURS = re.compile(r"-[0-9a-f]{12}\.(jpg|png|pdf|docx|xlsx|csv|bin)$")


@dataclass(frozen=True)
class Policy:
    """What one upload field accepts."""

    kinds: frozenset[str]
    max_bytes: int

    @property
    def accept(self) -> str:
        """The file picker's hint (the check itself is on the content)."""
        return ",".join(f".{kind}" for kind in sorted(self.kinds))


# One row per upload field of the product; a model's UploadField names its row.
POLICIES = {
    "complaint_photo": Policy(frozenset({"jpg", "png", "webp"}), 5 * MB),
    "evidence": Policy(frozenset({"pdf", "jpg", "png", "docx", "xlsx"}), 5 * MB),
    "lesson_file": Policy(frozenset({"pdf", "jpg", "png", "docx", "xlsx"}), 10 * MB),
    "employee_import": Policy(frozenset({"xlsx", "csv"}), 20 * MB),
    "potential_import": Policy(frozenset({"xlsx", "csv"}), 5 * MB),
    "survey_import": Policy(frozenset({"xlsx"}), 5 * MB),
    "competency_import": Policy(frozenset({"xlsx", "csv"}), 5 * MB),
    "assessed_level_import": Policy(frozenset({"xlsx", "csv"}), 10 * MB),
    "letterhead_logo": Policy(frozenset({"png", "jpg", "webp"}), 2 * MB),
    "signature": Policy(frozenset({"png", "jpg", "webp"}), 2 * MB),
}


def detect_kind(uploaded) -> str | None:
    """The real type of a file from its content; CSV is plain UTF-8 text."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        extension = {"jpeg": "jpg"}.get(kind.extension, kind.extension)
        if extension == "zip":
            return _ooxml_kind(uploaded)
        if extension in _IMAGE_KINDS and not _decodes_as_image(uploaded):
            return None
        if extension == "pdf" and not _looks_like_pdf(uploaded):
            return None
        return extension
    if _looks_like_text(head):
        return "csv"
    return None


def check_upload(uploaded, policy: str):
    """The file to store for an upload to a field of `policy`, or ValidationError.

    Images come back re-encoded (PNG, or JPEG for a JPEG), every file under a name
    of ours with the detected extension.
    """
    rules = POLICIES[policy]
    if uploaded.size > rules.max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (maksimum %(mb)s MB).")
            % {"mb": round(rules.max_bytes / MB, 1)},
            code="too_big",
        )
    kind = detect_kind(uploaded)
    if kind not in rules.kinds:
        allowed = ", ".join(sorted(_LABELS[k] for k in rules.kinds))
        raise ValidationError(
            _(
                "Jenis berkas tidak diterima atau berkas rusak. "
                "Yang diterima: %(allowed)s."
            )
            % {"allowed": allowed},
            code="bad_type",
        )
    if kind in _IMAGE_KINDS:
        content, kind = _reencoded(uploaded)
        uploaded = ContentFile(content, name=uploaded.name)
    uploaded.name = stored_name(uploaded.name, kind)
    uploaded.kind = kind
    uploaded.checked_for = policy
    return uploaded


def stored_name(original: str, kind: str) -> str:
    """Our name for a stored file: readable, unguessable, of the detected type."""
    stem = _OURS.sub("", PurePath(original or "").name)
    stem = slugify(PurePath(stem).stem)[:40] or "berkas"
    return f"{stem}-{secrets.token_hex(6)}.{kind}"


def upload_response(field_file, *, filename: str | None = None) -> FileResponse:
    """A stored upload sent back with its detected type; only images inline."""
    handle = field_file.open("rb")
    kind = detect_kind(handle)
    inline = kind in _INLINE_KINDS
    name = filename or PurePath(field_file.name).name
    if kind in _CONTENT_TYPES and PurePath(name).suffix.lower() != f".{kind}":
        name = f"{PurePath(name).stem}.{kind}"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=name,
        content_type=_CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    # Even if a browser were to render it, a stored file runs nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadFormField(forms.FileField):
    """A form's file input checked against one row of `POLICIES`."""

    def __init__(self, *, policy: str, **kwargs):
        self.policy = policy
        accept = POLICIES[policy].accept
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        return check_upload(uploaded, self.policy)


class CheckedFieldFile(FieldFile):
    """Whatever saves a file into an UploadField (a form, a service, the admin, a
    shell) has it checked against the field's policy; forms mark what they checked."""

    def save(self, name, content, save=True):
        if getattr(content, "checked_for", None) != self.field.policy:
            content = check_upload(content, self.field.policy)
        super().save(content.name, content, save=save)


class UploadField(models.FileField):
    """A model's file field whose every upload is checked against `policy`."""

    attr_class = CheckedFieldFile

    def __init__(self, *args, policy: str = "evidence", **kwargs):
        self.policy = policy
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["policy"] = self.policy
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": UploadFormField, "policy": self.policy, **kwargs}
        )


def _reencoded(uploaded) -> tuple[bytes, str]:
    with Image.open(uploaded) as image:
        keep_jpeg = image.format == "JPEG"
        image = ImageOps.exif_transpose(image)
        if keep_jpeg:
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        buffer = io.BytesIO()
        if keep_jpeg:
            image.save(buffer, format="JPEG", quality=90)
        else:
            image.save(buffer, format="PNG", optimize=True)
    uploaded.seek(0)
    return buffer.getvalue(), "jpg" if keep_jpeg else "png"


def _decodes_as_image(uploaded) -> bool:
    try:
        with Image.open(uploaded) as image:
            image.load()
            decodes = True
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        decodes = False
    uploaded.seek(0)
    return decodes


def _looks_like_pdf(uploaded) -> bool:
    # A PDF ends with its %%EOF marker (possibly followed by a line break).
    uploaded.seek(0, io.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(max(0, size - 1024))
    tail = uploaded.read()
    uploaded.seek(0)
    return b"%%EOF" in tail


def _ooxml_kind(uploaded) -> str | None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        names = []
    uploaded.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def recheck_stored(instance, field_name: str) -> str:
    """Give a file stored before these checks our name and treatment.

    Returns "ours" (already checked: nothing done), "renamed" (it passes its
    field's policy and is stored again, images re-encoded) or "quarantined" (it
    does not pass: its bytes are kept, under a `.bin` name that is only ever sent
    as an attachment). The row is updated without touching anything else.
    """
    field_file = getattr(instance, field_name)
    if not field_file or _OURS.search(field_file.name):
        return "ours"
    field = instance._meta.get_field(field_name)
    old_name = field_file.name
    with field_file.open("rb") as handle:
        content = ContentFile(handle.read(), name=PurePath(old_name).name)
    try:
        checked = check_upload(content, field.policy)
        outcome = "renamed"
    except ValidationError:
        content.seek(0)
        checked = ContentFile(content.read(), name=stored_name(old_name, "bin"))
        # Kept as it is, on purpose: a .bin only ever goes back as an attachment.
        checked.checked_for = field.policy
        outcome = "quarantined"
    field_file.save(checked.name, checked, save=False)
    type(instance)._base_manager.filter(pk=instance.pk).update(
        **{field_name: field_file.name}
    )
    field_file.storage.delete(old_name)
    return outcome


def upload_fields():
    """(model, field name) of every UploadField of the installed apps."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, UploadField)
        and not model.__name__.startswith("Historical")
    ]
