"""What an attachment really is: sniffed from its bytes, verified with Pillow for images."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.utils.text import get_valid_filename
from PIL import Image

from .models import Attachment

# Press releases come as PDF or photos; anything else is kept but not previewed or imported.
ALLOWED_TYPES = {
    "application/pdf": ("pdf", Attachment.Kind.PDF),
    "image/jpeg": ("jpg", Attachment.Kind.IMAGE),
    "image/png": ("png", Attachment.Kind.IMAGE),
    "image/webp": ("webp", Attachment.Kind.IMAGE),
}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_PIXELS = 60_000_000


@dataclass
class SniffedFile:
    content_type: str
    kind: str
    extension: str

    @property
    def allowed(self) -> bool:
        return self.content_type in ALLOWED_TYPES


def sniff(data: bytes) -> SniffedFile:
    """The type from the magic bytes; images must also open and verify in Pillow."""
    guess = filetype.guess(data[:8192])
    content_type = guess.mime if guess else "application/octet-stream"
    if content_type == "application/pdf" and not data.startswith(b"%PDF-"):
        content_type = "application/octet-stream"
    if content_type in PILLOW_FORMATS and not _is_valid_image(data, PILLOW_FORMATS[content_type]):
        content_type = "application/octet-stream"
    if content_type in ALLOWED_TYPES:
        extension, kind = ALLOWED_TYPES[content_type]
        return SniffedFile(content_type, kind, extension)
    return SniffedFile(content_type, Attachment.Kind.OTHER, guess.extension if guess else "bin")


def _is_valid_image(data: bytes, expected_format: str) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected_format:
                return False
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return False
            image.verify()
    except Exception:  # Pillow raises many types for broken files; all mean "not an image"
        return False
    return True


def safe_filename(name: str, extension: str) -> str:
    """A harmless file name that ends in the sniffed extension, whatever the sender called it."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name).strip(" .") or "anhang"
    try:
        stem = get_valid_filename(stem)
    except Exception:
        stem = "anhang"
    return f"{stem[:120]}.{extension}"
