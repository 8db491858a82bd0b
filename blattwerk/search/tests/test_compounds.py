"""Compounds through the index vocabulary: heads, tails and unknown compounds split into known words."""

import pytest

from blattwerk.search.backends import get_backend
from blattwerk.search.query import parse_query

from .factories import make_article

pytestmark = pytest.mark.django_db


def slugs(query: str) -> list[str]:
    return [hit.article.slug for hit in get_backend().search(query).hits]


def test_a_word_finds_compounds_that_begin_with_it():
    assert "mehrwertsteuererhoehung-im-gespraech" in slugs("Mehrwertsteuer")


def test_a_word_finds_compounds_that_end_with_it():
    article = make_article("Warnstreik im Hafen", "Der Warnstreik legt den Containerhafen lahm.", slug="warnstreik")
    assert article.slug in slugs("Streik")


def test_unknown_compound_is_split_into_known_words():
    backend = get_backend()
    parsed = backend._prepare(parse_query("Ukrainekrieg"))
    assert ["ukrain", "krieg"] in parsed.positive[0].alternatives


def test_known_compound_is_not_split():
    parsed = get_backend()._prepare(parse_query("Handball"))
    assert all(len(alternative) == 1 for alternative in parsed.positive[0].alternatives)


def test_a_closed_compound_in_a_text_is_found_by_its_parts_in_any_order():
    article = make_article(
        "Ostseefähre fällt aus", "Die Ostseefähre nach Bornholm bleibt im Hafen.", slug="ostseefaehre"
    )
    make_article("Fähre und Ostsee", "Eine Fähre fuhr gestern über die Ostsee.", slug="faehre-ostsee")
    assert article.slug in slugs("Fähre Ostsee")
    assert article.slug in slugs("Ostsee-Fähre")
