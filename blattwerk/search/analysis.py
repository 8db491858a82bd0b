"""German analysis for search: the same tokens for documents and queries, on every database engine.

Pipeline for one word: lower-case → ß/umlaut folding (ä→a and ae→a, so "Gegenzoelle" = "Gegenzölle",
"Aussenminister" = "Außenminister") → Snowball stem ("Sanktionen" → "sanktion"). Hyphenated words keep
their parts as separate tokens ("Ukraine-Krieg" → ukrain, krieg) and add the joined form as a compound
token; closed compounds ("Mehrwertsteuererhöhung") add their parts and sub-compounds (mehrwertsteu,
mehrwert, steu, erhoh) as compound tokens, found by CharSplit's n-gram model (package `compound-split`).

Documents are analysed into a main token stream (positions kept, for phrases) and a separate stream of
compound tokens (no positions that matter). Both engines index these pre-analysed strings with no
language processing of their own (FTS5 `unicode61`, PostgreSQL `simple`), so results do not depend on
the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from compound_split import char_split

from blattwerk.core.german import STOP_WORDS, _stemmer

# A "word": letters and digits; hyphen-joined chains are kept together and split later.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Characters of a token after analysis; anything else never reaches a query string.
_SAFE_TOKEN = re.compile(r"^[^\W_]+$", re.UNICODE)

MAX_WORD_LENGTH = 40
MIN_COMPOUND_LENGTH = 8
MIN_COMPOUND_PART = 4
# CharSplit scores below this are guesses ("Soldaten" → "Sol" + "Daten" scores 0.67 but fails the part length).
COMPOUND_SCORE = 0.5
COMPOUND_DEPTH = 2

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


@lru_cache(maxsize=100_000)
def _split(word: str) -> tuple[str, str] | None:
    """The most likely head and tail of a closed compound as written, or None."""
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return None
    candidates = char_split.split_compound(word)
    if not candidates:
        return None
    score, head, tail = candidates[0]
    if score < COMPOUND_SCORE or len(head) < MIN_COMPOUND_PART or len(tail) < MIN_COMPOUND_PART:
        return None
    return head, tail


def _head_keys(head: str) -> list[str]:
    # The linking "s" (Handels-konflikt) belongs to neither word.
    if head.lower().endswith("s") and len(head) > MIN_COMPOUND_PART + 1:
        return [key for key in (stem(head), stem(head[:-1])) if key]
    return [key for key in (stem(head),) if key]


def compound_split(word: str) -> list[str] | None:
    """Keys of the two parts of a compound, for queries: "Ukrainekrieg" → ["ukrain", "krieg"]."""
    split = _split(word)
    if split is None:
        return None
    head, tail = split
    keys = [_head_keys(head)[-1] if _head_keys(head) else "", stem(tail)]
    keys = [key for key in keys if len(key) >= MIN_COMPOUND_PART]
    return keys if len(keys) == 2 else None


@lru_cache(maxsize=100_000)
def compound_parts(word: str, depth: int = COMPOUND_DEPTH) -> tuple[str, ...]:
    """Keys of the parts (and sub-compounds) of a closed compound; () when it is no compound.

    "Mehrwertsteuererhöhung" → ("mehrwertsteur", "erhoh", "mehrwert", "steur").
    """
    split = _split(word) if depth > 0 else None
    if split is None:
        return ()
    head, tail = split
    parts: list[str] = [*_head_keys(head), stem(tail)]
    parts += compound_parts(head, depth - 1) + compound_parts(tail, depth - 1)
    return tuple(dict.fromkeys(part for part in parts if part and len(part) >= MIN_COMPOUND_PART))


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
    for piece in pieces:
        extra.extend(compound_parts(piece))
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
    for match in WORD.finditer(text):
        if stop_after is not None and result and match.start() > result[0].start + stop_after:
            break
        found = key_set(match.group())
        if found and not found.isdisjoint(keys):
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


def is_safe_token(key: str) -> bool:
    """Analysed keys are letters and digits only; query builders quote nothing else."""
    return bool(_SAFE_TOKEN.match(key))
