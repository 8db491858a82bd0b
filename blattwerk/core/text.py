"""Plain-text helpers for teasers."""

import re

from django.utils.text import slugify

_SPACE = re.compile(r"\s+")
# Dangling separators and opening quotes/brackets read badly right before "…".
_TRAILING_PUNCTUATION = " ,;:–—-.„“‚(["


def excerpt(text: str, limit: int = 180) -> str:
    """Shorten text to at most `limit` characters (including the "…"), cut between words.

    Text that already fits is returned unchanged (whitespace normalised). Only a single
    word longer than `limit` (say, a pasted URL) is cut inside itself, as there is no
    word boundary to cut at.
    """
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"
    cut = text[: limit - 1]
    boundary = cut.rfind(" ")
    if boundary > 0 and not text[limit - 1].isspace():
        cut = cut[:boundary]
    cut = cut.rstrip(_TRAILING_PUNCTUATION) or cut
    return f"{cut}…"


_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)


def german_slugify(text: str) -> str:
    """URL slug with German transliteration (ä → ae, ß → ss) instead of dropping letters."""
    return slugify(text.translate(_TRANSLITERATION))
