"""Reader queries: cleaned, parsed into clauses, never passed to an engine as written.

Syntax readers may use: words, "phrases in quotes", and a leading minus to exclude a word or
phrase. Everything else (operators, brackets, stars, SQL) is reduced to the words it contains.
Backends build their own query strings from the analysed keys, which are letters and digits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import WORD, is_safe_token, stem, word_keys

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 8
MAX_EXCLUSIONS = 4
MAX_PHRASE_KEYS = 8

_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})
_CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')


def clean_query(raw: str) -> str:
    """Cut absurd input to a sane length and drop control characters; whitespace normalised."""
    text = "".join(ch for ch in raw[: MAX_QUERY_LENGTH * 4] if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class Clause:
    """One requirement of a query: a word (with compound alternatives) or an exact phrase."""

    words: list[str]
    phrase: bool = False
    negated: bool = False
    # Each alternative is a list of keys that must all occur; one alternative suffices.
    alternatives: list[list[str]] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {key for alternative in self.alternatives for key in alternative}

    @property
    def expandable(self) -> bool:
        """A single plain word a reader wants found, so compounds containing it count too."""
        return not self.negated and not self.phrase and len(self.words) == 1 and self.words[0].isalpha()

    @property
    def text(self) -> str:
        inner = " ".join(self.words)
        shown = f'"{inner}"' if self.phrase else inner
        return f"-{shown}" if self.negated else shown


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause]

    @property
    def positive(self) -> list[Clause]:
        return [clause for clause in self.clauses if not clause.negated]

    @property
    def negative(self) -> list[Clause]:
        return [clause for clause in self.clauses if clause.negated]

    @property
    def is_searchable(self) -> bool:
        """At least one clause a document can match (a query of only exclusions matches nothing useful)."""
        return bool(self.positive)

    @property
    def highlight_keys(self) -> set[str]:
        return {key for clause in self.positive for key in clause.keys}

    def replace_words(self, replacements: dict[str, str]) -> str:
        """The query text with some words replaced (for "Meinten Sie …?"), keeping quotes and minus signs."""
        parts = []
        for clause in self.clauses:
            words = [replacements.get(word, word) for word in clause.words]
            inner = " ".join(words)
            shown = f'"{inner}"' if clause.phrase else inner
            parts.append(f"-{shown}" if clause.negated else shown)
        return " ".join(parts)


def _word_clause(word: str, negated: bool) -> Clause | None:
    main, _extra = word_keys(word)
    alternatives: list[list[str]] = []
    if main:
        alternatives.append(main)
    pieces = [piece for piece in word.split("-") if piece]
    if len(pieces) > 1:
        joined = stem("".join(pieces))
        if joined and [joined] != main:
            alternatives.append([joined])
    alternatives = [[key for key in alt if is_safe_token(key)] for alt in alternatives]
    alternatives = [alt for alt in alternatives if alt]
    if not alternatives:
        return None
    return Clause(words=[word], negated=negated, alternatives=alternatives)


def _phrase_clause(text: str, negated: bool) -> Clause | None:
    words = WORD.findall(text)
    keys = [key for word in words for key in word_keys(word)[0] if is_safe_token(key)][:MAX_PHRASE_KEYS]
    if not keys:
        return None
    if len(keys) == 1:
        clause = _word_clause(words[0], negated) if len(words) == 1 else None
        if clause is not None:
            clause.phrase = True
            return clause
    return Clause(words=words, phrase=True, negated=negated, alternatives=[keys])


def parse_query(raw: str) -> ParsedQuery:
    text = clean_query(raw).translate(_QUOTES).translate(_DASHES)
    if text.count('"') % 2:
        # An unbalanced quote is a typo, not a phrase that runs to the end.
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    clauses: list[Clause] = []
    seen: set[str] = set()
    for match in _CHUNK.finditer(text):
        negated_phrase, phrase, chunk = match.groups()
        if phrase is not None:
            candidates = [_phrase_clause(phrase, negated=bool(negated_phrase))]
        else:
            negated = chunk.startswith("-") and len(chunk) > 1
            candidates = [_word_clause(word, negated) for word in WORD.findall(chunk)]
        for clause in candidates:
            if clause is None or clause.text in seen:
                continue
            seen.add(clause.text)
            clauses.append(clause)
    positive = [clause for clause in clauses if not clause.negated][:MAX_CLAUSES]
    negative = [clause for clause in clauses if clause.negated][:MAX_EXCLUSIONS]
    return ParsedQuery(text=clean_query(raw), clauses=positive + negative)
