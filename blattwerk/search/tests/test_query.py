"""Query parsing: whatever a reader types, the engines only ever see analysed keys."""

import re

import pytest

from blattwerk.search.backends.postgres import ts_query
from blattwerk.search.backends.sqlite import fts_query
from blattwerk.search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, clean_query, parse_query

NASTY = [
    '"',
    '"""',
    "'; DROP TABLE blattwerk_search_searchdocument; --",
    "NEAR(a b) OR * AND NOT ^title: {body}",
    "a:* & !b | (c <-> d)",
    "((((((((",
    "-",
    "- - -",
    "\x00\x1b[31m rot",
    "🙂 Привет 東京 ﷽",
    "x" * 10_000,
    " ".join(["Wort"] * 500),
    '"offenes Zitat',
    "Bahnstreik -",
]

# What may appear in an FTS5 / tsquery expression besides keys.
FTS_SYNTAX = re.compile(r'^[\w\s"(){}:*]+$|^$')
TS_SYNTAX = re.compile(r"^[\w\s'()&|!<>:*-]+$|^$")


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_input_becomes_safe_expressions(raw):
    parsed = parse_query(raw)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert len(parsed.positive) <= MAX_CLAUSES
    if parsed.is_searchable:
        fts = fts_query(parsed)
        ts = ts_query(parsed)
        assert FTS_SYNTAX.match(fts), fts
        assert TS_SYNTAX.match(ts), ts
        assert ";" not in fts and ";" not in ts
        for clause in parsed.clauses:
            for key in clause.keys:
                assert re.fullmatch(r"[^\W_]+", key)


def test_clean_query_cuts_and_drops_control_characters():
    assert clean_query("  Bahn\x00streik \n\t Pendler ") == "Bahnstreik Pendler"
    assert len(clean_query("a" * 1000)) == MAX_QUERY_LENGTH


def test_phrases_exclusions_and_words():
    parsed = parse_query('„Deutsche Bahn“ Streik -Pendler -"Fernbus Linie"')
    texts = [clause.text for clause in parsed.clauses]
    assert texts == ['"Deutsche Bahn"', "Streik", "-Pendler", '-"Fernbus Linie"']
    assert [clause.negated for clause in parsed.clauses] == [False, False, True, True]


def test_unbalanced_quote_is_ignored():
    parsed = parse_query('"Salz und Sterne')
    assert [clause.phrase for clause in parsed.clauses] == [False, False]


def test_only_exclusions_or_stop_words_are_not_searchable():
    assert not parse_query("-Sport").is_searchable
    assert not parse_query("und oder die").is_searchable
    assert not parse_query("").is_searchable


def test_hyphenated_query_matches_parts_or_joined_form():
    (clause,) = parse_query("Ukraine-Krieg").clauses
    assert clause.alternatives == [["ukrain", "krieg"], ["ukrainekrieg"]]


def test_phrase_expressions():
    parsed = parse_query('"Lena Haberl" -Ruhpolding')
    assert fts_query(parsed) == '({title_terms lead_terms body_terms topic_terms} : "lena haberl") NOT (("ruhpolding"))'
    assert ts_query(parsed) == "('lena' <-> 'haberl') & !(('ruhpolding'))"
