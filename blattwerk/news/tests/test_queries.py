"""Query ceilings: a page view costs a fixed number of queries, however large the archive grows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file

from blattwerk.images.models import BlattwerkImage
from blattwerk.news.models import Author, SectionPage

from .factories import ArticlePageFactory, paragraphs

pytestmark = pytest.mark.django_db

ARTICLE = "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/"
# Measured with a cold cache (the worst case after a deploy or cache flush) on SQLite and PostgreSQL,
# plus a margin of two. Home: 27 (lead story, latest, four section blocks), section 14, article 22,
# topic 15, author 16, topic index 12, author index 12; since then every page also asks for the
# current breaking news and the newest live event id for the stream (+2), and articles render JSON-LD
# and Open Graph images (+3): the article page measures 30.
CEILINGS = {
    "/": 29,
    "/politik/": 16,
    ARTICLE: 32,
    "/themen/bundeshaushalt/": 18,
    "/autoren/anna-berger/": 19,
    "/themen/": 14,
    "/autoren/": 14,
}


def cold_queries(client, path: str) -> int:
    """Queries of one view with renditions already generated but every cache emptied."""
    assert client.get(path).status_code == 200  # generates image renditions once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", CEILINGS)
def test_query_ceiling(client, django_assert_max_num_queries, path):
    client.get(path)
    cache.clear()
    with django_assert_max_num_queries(CEILINGS[path]):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", CEILINGS)
def test_warm_cache_costs_no_more_than_cold(client, path):
    cold = cold_queries(client, path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    assert len(warm) <= cold


def test_query_count_does_not_grow_with_the_archive(client):
    before = {path: cold_queries(client, path) for path in CEILINGS}

    politik = SectionPage.objects.get(slug="politik")
    author = Author.objects.get(slug="anna-berger")
    for number in range(30):
        image = BlattwerkImage.objects.create(
            title=f"Testbild {number}", file=get_test_image_file(f"test-{number}.png"), credit="Foto: Test"
        )
        ArticlePageFactory(
            section=politik,
            author=author,
            lead_image=image,
            lead_image_alt="Ein Testbild",
            title=f"Haushalt 2027: Nachtrag Nummer {number} zum Bundeshaushalt",
            lead="Die Koalition berät weiter über den Bundeshaushalt 2027 und die Schuldenbremse. " * 3,
            topics=["Bundeshaushalt", f"Nachtrag {number}"],
            body=paragraphs("Bundeshaushalt und Schuldenbremse bleiben Thema der Koalition."),
        )

    after = {path: cold_queries(client, path) for path in CEILINGS}
    assert after == before
