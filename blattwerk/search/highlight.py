"""Highlighted titles and snippets, computed from the stored text with the same analysis as the index.

Doing this in Python (rather than FTS5 snippet() or ts_headline) marks the same words on every engine,
including compound matches ("Mehrwertsteuer" marks "Mehrwertsteuererhöhung"). Text is escaped first;
only our own <mark> elements are markup.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from blattwerk.core.text import excerpt

from .analysis import Token, matching_tokens

SNIPPET_LENGTH = 240
# Snippets come from the start of lead and body: enough to find a good passage, bounded work per hit.
SNIPPET_SOURCE = 4000
# Context shown before the first marked word of a snippet.
LEAD_IN = 60


def _mark(text: str, hits: list[Token], start: int, end: int) -> str:
    parts = []
    position = start
    for token in hits:
        if token.start < start or token.end > end:
            continue
        parts.append(escape(text[position : token.start]))
        parts.append(f"<mark>{escape(text[token.start : token.end])}</mark>")
        position = token.end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def _hits(text: str, keys: set[str], stop_after: int | None = None) -> list[Token]:
    return matching_tokens(text, keys, stop_after)


def highlight(text: str, keys: set[str]) -> SafeString:
    """The whole text, escaped, with every matching word in <mark>."""
    return mark_safe(_mark(text, _hits(text, keys), 0, len(text)))  # noqa: S308  (escaped in _mark)


def snippet(text: str, keys: set[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """The passage of about `length` characters with the most distinct matching words, marked."""
    text = " ".join(text[:SNIPPET_SOURCE].split())
    # The first passage with matches, looking a little further for one with more of the query's words.
    hits = _hits(text, keys, stop_after=3 * length)
    if not hits:
        return mark_safe(escape(excerpt(text, length)))  # noqa: S308
    best_start, best_score = hits[0].start, -1
    for index, first in enumerate(hits):
        window_end = first.start + length - LEAD_IN
        found = {key for token in hits[index:] if token.end <= window_end for key in token.keys} & keys
        if len(found) > best_score:
            best_start, best_score = first.start, len(found)
    start = max(0, best_start - LEAD_IN)
    if start:
        boundary = text.find(" ", start)
        start = boundary + 1 if 0 <= boundary < best_start else start
    end = min(len(text), start + length)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + _mark(text, hits, start, end) + suffix)  # noqa: S308
