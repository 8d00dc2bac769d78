"""Uploaded files: checked for size and real type, stored under generated names."""

from __future__ import annotations

import os
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 3:
            return False
    return b"\x00" not in head


# extension -> a check of the file's first bytes
SIGNATURES = {
    ".pdf": lambda h: h.startswith(b"%PDF-"),
    ".docx": lambda h: h.startswith(b"PK\x03\x04"),
    ".odt": lambda h: h.startswith(b"PK\x03\x04"),
    ".txt": _is_text,
    ".mp3": lambda h: h.startswith(b"ID3") or (len(h) > 1 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0),
    ".m4a": lambda h: h[4:8] == b"ftyp",
    ".wav": lambda h: h.startswith(b"RIFF") and h[8:12] == b"WAVE",
    ".ogg": lambda h: h.startswith(b"OggS"),
    ".webm": lambda h: h.startswith(b"\x1a\x45\xdf\xa3"),
    ".jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    ".png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
}

KINDS = {
    "transcript": ({".pdf", ".docx", ".odt", ".txt"}, 10 * MB),
    "audio": ({".mp3", ".m4a", ".wav", ".ogg", ".webm"}, 100 * MB),
    "evidence": ({".pdf", ".jpg", ".jpeg", ".png"}, 10 * MB),
}


def check_upload(upload, kind: str) -> None:
    """Refuse a file that is empty, too large, or not what its name says it is."""
    allowed, max_bytes = KINDS[kind]
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in allowed:
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s.")
            % {"types": ", ".join(sorted(allowed))}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": upload.size / MB, "limit": max_bytes // MB}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not SIGNATURES[ext](head):
        raise ValidationError(
            _("This file's content does not match its %(ext)s name.") % {"ext": ext}
        )
    if ext in ZIP_KINDS:
        check_zip_archive(upload)


#: Office documents are zip archives: their declared unpacked size is read from the archive's
#: directory (never by unpacking) and a zip bomb is refused.
ZIP_KINDS = {".docx", ".odt"}
MAX_UNPACKED_BYTES = 100 * MB
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 5000


def check_zip_archive(upload) -> None:
    """Refuse an archive that would expand hugely; reads only the central directory."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(_("This document is damaged and cannot be read.")) from exc
    finally:
        upload.seek(0)
    unpacked = sum(max(entry.file_size, 0) for entry in entries)
    packed = sum(max(entry.compress_size, 0) for entry in entries)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_ZIP_RATIO * max(packed, 1) + MB
    ):
        raise ValidationError(
            _("This document would expand to an unreasonable size and is refused.")
        )


def private_upload_to(instance, filename: str) -> str:
    """A generated name under a folder per model: the original name is never used on disk."""
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"private/{instance._meta.model_name}/{uuid.uuid4().hex}{ext}"
