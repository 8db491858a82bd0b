"""German analysis: the same keys for the spellings, inflections and compounds readers use."""

import pytest

from blattwerk.search.analysis import fold, stem, surface_words, word_keys


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Außenminister", "Aussenminister"),
        ("Gegenzölle", "Gegenzoelle"),
        ("Sanktion", "Sanktionen"),
        ("Soldat", "Soldaten"),
        ("Außenminister", "Außenministers"),
        ("STRASSE", "Straße"),
        ("Mehrwertsteuer", "mehrwertsteuer"),
    ],
)
def test_variants_share_one_key(first, second):
    assert stem(first) == stem(second)


def test_folding_maps_umlauts_and_their_spellings_alike():
    assert fold("Übergröße") == fold("Uebergroesse") == "ubergrosse"
    # "ue" after q is no umlaut.
    assert fold("Quelle") == "quelle"


def test_stop_words_have_no_key():
    assert stem("und") == ""
    assert stem("Die") == ""


def test_hyphenated_words_keep_parts_in_order_and_add_the_joined_form():
    main, extra = word_keys("Ukraine-Krieg")
    assert main == [stem("Ukraine"), stem("Krieg")]
    assert extra == [stem("Ukrainekrieg")]


def test_closed_compounds_are_one_key_in_documents():
    # Their parts are found at query time through the vocabulary (see test_compounds.py).
    assert word_keys("Mehrwertsteuererhöhung") == ([stem("Mehrwertsteuererhöhung")], [])


def test_surface_words_are_folded_and_keep_their_written_form():
    words = surface_words("Sergej Lawrow traf die Außenminister. Und 2027?")
    assert words["lawrow"] == "Lawrow"
    assert words["aussenminister"] == "Außenminister"
    assert "und" not in words
    assert "2027" not in words
