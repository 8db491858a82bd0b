"""German analysis for search: the same tokens for documents and queries, on every database engine.

Pipeline for one word: lower-case → ß/umlaut folding (ä→a and ae→a, so "Gegenzoelle" = "Gegenzölle",
"Aussenminister" = "Außenminister") → Snowball stem ("Sanktionen" → "sanktion"). Hyphenated words keep
their parts as separate tokens ("Ukraine-Krieg" → ukrain, krieg) and add the joined form as a compound
token (ukrainekrieg).

Closed compounds ("Mehrwertsteuererhöhung") are handled at query time against the index vocabulary
(see backends/base.py, `_prepare`): a query word also finds indexed words that begin or end with it,
and a compound the index does not know is split into two words it does know. That needs no
compound dictionary and gives the same answer on every engine and in whatever order articles were
indexed.

Documents are analysed into a main token stream (positions kept, for phrases) and a separate stream of
compound tokens. Both engines index these pre-analysed strings with no language processing of their
own (FTS5 `unicode61`, PostgreSQL `simple`), so results do not depend on the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from blattwerk.core.german import STOP_WORDS, _stemmer

# A "word": letters and digits; hyphen-joined chains are kept together and split later.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Characters of a token after analysis; anything else never reaches a query string.
_SAFE_TOKEN = re.compile(r"^[^\W_]+$", re.UNICODE)

MAX_WORD_LENGTH = 40
# A key ending in this matches every key that starts with it (query side only).
PREFIX = "*"
# Compound parts shorter than this are too ambiguous to split on ("Hand", "Ball").
MIN_COMPOUND_PART = 4

_FOLD_CHARS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"})
_DIGRAPHS = re.compile(r"(?<!q)(ae|oe|ue)")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case and fold German spelling variants: "Außenminister", "Aussenminister" → "aussenminister"."""
    word = word.lower().translate(_FOLD_CHARS)
    return _DIGRAPHS.sub(lambda match: match.group()[0], word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The search key of one plain word (no hyphens): folded and stemmed; "" for stop words."""
    if not word or word.lower() in STOP_WORDS:
        return ""
    folded = fold(word[:MAX_WORD_LENGTH])
    if folded in STOP_WORDS:
        return ""
    if folded.isdigit():
        return folded
    return _stemmer().stemWord(folded)


@dataclass
class Token:
    """One word of a text: where it stands and the keys it can be found by."""

    start: int
    end: int
    keys: tuple[str, ...]


@lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    main, extra = _uncached_word_keys(word)
    return tuple(main), tuple(extra)


def word_keys(word: str) -> tuple[list[str], list[str]]:
    """Main keys (in order, for phrases) and compound keys of one word as written (cached)."""
    main, extra = _word_keys(word)
    return list(main), list(extra)


def _uncached_word_keys(word: str) -> tuple[list[str], list[str]]:
    """Main keys (in order, for phrases) and compound keys of one word as written.

    "Ukraine-Krieg" → (["ukrain", "krieg"], ["ukrainekrieg"]).
    """
    pieces = [piece for piece in word.split("-") if piece]
    main = [key for key in (stem(piece) for piece in pieces) if key]
    extra: list[str] = []
    if len(pieces) > 1:
        joined = stem("".join(pieces))
        if joined:
            extra.append(joined)
    return main, [key for key in extra if key not in main]


def tokens(text: str) -> list[Token]:
    """Every word of `text` with its character span and all its keys (for highlighting)."""
    result = []
    for match in WORD.finditer(text):
        main, extra = _word_keys(match.group())
        if main or extra:
            result.append(Token(match.start(), match.end(), main + extra))
    return result


@lru_cache(maxsize=200_000)
def key_set(word: str) -> frozenset[str]:
    """All keys of one word as written, as a set (cached; used to find matches for highlighting)."""
    main, extra = _word_keys(word)
    return frozenset(main + extra)


def matching_tokens(text: str, keys: set[str] | frozenset[str], stop_after: int | None = None) -> list[Token]:
    """Only the words of `text` that any of `keys` finds, with their spans.

    With `stop_after`, scanning ends that many characters after the first match (for snippets).
    """
    result: list[Token] = []
    prefixes = tuple(key.removesuffix(PREFIX) for key in keys if key.endswith(PREFIX))
    for match in WORD.finditer(text):
        if stop_after is not None and result and match.start() > result[0].start + stop_after:
            break
        found = key_set(match.group())
        if found and (not found.isdisjoint(keys) or (prefixes and any(k.startswith(prefixes) for k in found))):
            result.append(Token(match.start(), match.end(), tuple(found)))
    return result


@dataclass
class AnalysedText:
    main: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        for match in WORD.finditer(text):
            main, extra = word_keys(match.group())
            self.main.extend(main)
            self.extra.extend(extra)

    @property
    def main_text(self) -> str:
        return " ".join(self.main)


def analyse(text: str) -> AnalysedText:
    analysed = AnalysedText()
    analysed.add(text)
    return analysed


def surface_words(text: str) -> dict[str, str]:
    """Folded plain words worth offering as spelling corrections (letters only, 4 to 30 long) → as written."""
    found: dict[str, str] = {}
    for word in _PLAIN_WORD.findall(text):
        if 4 <= len(word) <= 30 and word.isalpha() and word.lower() not in STOP_WORDS:
            found.setdefault(fold(word), word)
    return found


def reverse(term: str) -> str:
    """Vocabulary words are also stored reversed, so "ends with" is an index range like "starts with"."""
    return term[::-1]


def is_safe_token(key: str) -> bool:
    """Analysed keys are letters and digits only; query builders quote nothing else."""
    return bool(_SAFE_TOKEN.match(key))
