"""Teaser excerpts, German slugs and the German date filters."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from blattwerk.core.templatetags.blattwerk import excerpt as excerpt_filter
from blattwerk.core.templatetags.blattwerk import german_date, german_datetime, iso_datetime
from blattwerk.core.text import excerpt, german_slugify

SENTENCE = "Die Koalition hat ihre Gespräche über den Bundeshaushalt ohne Ergebnis vertagt."


def test_short_text_is_returned_whole_without_ellipsis():
    assert excerpt(SENTENCE, 200) == SENTENCE
    assert excerpt(SENTENCE, len(SENTENCE)) == SENTENCE


def test_whitespace_is_normalised():
    assert excerpt("  Zwei   Wörter\n\nund  mehr ", 100) == "Zwei Wörter und mehr"


@pytest.mark.parametrize("limit", range(5, len(SENTENCE)))
def test_cut_is_always_between_words_and_within_the_limit(limit):
    shown = excerpt(SENTENCE, limit)
    assert shown.endswith("…")
    assert len(shown) <= limit
    kept = shown[:-1]
    assert SENTENCE.startswith(kept)
    following = SENTENCE[len(kept)]
    assert following in " ." or not following.isalnum(), f"cut mid-word at {limit}: {shown!r}"
    assert not kept.endswith(" ")


def test_cut_exactly_at_a_word_end_keeps_that_word():
    # "Die Koalition" is 13 characters; with the "…" the limit is 14.
    assert excerpt(SENTENCE, 14) == "Die Koalition…"
    assert excerpt(SENTENCE, 13) == "Die…"


def test_no_dangling_punctuation_or_opening_quote_before_the_ellipsis():
    assert excerpt("Berlin, Hamburg, München und Köln", 17) == "Berlin, Hamburg…"
    assert excerpt("Er sagte „Nein danke“ und ging", 13) == "Er sagte…"
    assert excerpt("Haushalt 2027 – die Koalition streitet", 16) == "Haushalt 2027…"


def test_a_single_overlong_word_is_cut_inside_as_there_is_no_boundary():
    assert excerpt("Donaudampfschifffahrtsgesellschaftskapitän", 10) == "Donaudamp…"


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_text_stays_empty(value):
    assert excerpt(value, 10) == ""


def test_tiny_limits():
    assert excerpt("Zwei Wörter", 1) == "…"
    assert excerpt("Zwei Wörter", 0) == "…"


def test_template_filter_handles_missing_values_and_lengths():
    assert excerpt_filter(None, 20) == ""
    assert excerpt_filter(SENTENCE, "") == SENTENCE  # unset length: the default (180) fits
    assert excerpt_filter(SENTENCE, "20") == "Die Koalition hat…"


def test_german_slugify_transliterates_umlauts_and_sharp_s():
    assert german_slugify("Außenpolitik") == "aussenpolitik"
    assert german_slugify("Künstliche Intelligenz") == "kuenstliche-intelligenz"
    assert german_slugify("Öl & Gas: Größte Übernahme") == "oel-gas-groesste-uebernahme"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 27, 13, 5, tzinfo=UTC), "27. November 2026, 14:05 Uhr"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "2. Juli 2026, 00:30 Uhr"),
        (datetime(2026, 3, 3, 8, 0, tzinfo=UTC), "3. März 2026, 09:00 Uhr"),
    ],
)
def test_german_datetime_in_berlin_time(moment, expected):
    with translation.override("de"):
        assert german_datetime(moment) == expected


def test_german_date_and_iso_datetime():
    moment = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    with translation.override("de"):
        assert german_date(moment) == "28. November 2026"
    assert iso_datetime(moment) == "2026-11-28T00:30:00+01:00"
    assert german_datetime(None) == german_date(None) == iso_datetime(None) == ""
