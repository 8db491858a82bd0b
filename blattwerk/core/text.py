"""Plain-text helpers for teasers."""

import re

from django.utils.text import slugify

_SPACE = re.compile(r"\s+")
_TRAILING_PUNCTUATION = " ,;:–—-"


def excerpt(text: str, limit: int = 180) -> str:
    """Shorten text to at most `limit` characters, never mid-word, marking the cut with "…".

    Text that already fits is returned unchanged (whitespace normalised).
    """
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = cut.rfind(" ")
    if boundary > 0 and not text[limit - 1].isspace():
        cut = cut[:boundary]
    cut = cut.rstrip(_TRAILING_PUNCTUATION + ".")
    return f"{cut}…"


_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)


def german_slugify(text: str) -> str:
    """URL slug with German transliteration (ä → ae, ß → ss) instead of dropping letters."""
    return slugify(text.translate(_TRANSLITERATION))
