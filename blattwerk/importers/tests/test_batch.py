"""An import defers related lists and search indexing to one bulk pass; the result is the per-article one."""

import pytest
from django.db import transaction

from blattwerk.importers.wordpress import WordPressImporter
from blattwerk.news.models import ArticlePage, ArticleTerm, RelatedArticle
from blattwerk.news.tests.factories import per_article_related_rebuild
from blattwerk.search.backends import get_backend
from blattwerk.search.models import SearchDocument, SearchTerm

pytestmark = pytest.mark.django_db

QUERIES = ["Lorem Ipsum", "markup", "template", "Bildausrichtung", "image alignment", "Haushalt", "Kranichsfeld"]


def search_state() -> dict:
    backend = get_backend()
    hits = {}
    for query in QUERIES:
        results = backend.search(query, per_page=50)
        hits[query] = (results.total, [hit.article.slug for hit in results.hits])
    # Keyed by slug: ids differ between the two imports where sequences are not rolled back (PostgreSQL).
    slugs = dict(ArticlePage.objects.values_list("pk", "slug"))
    documents = {
        slugs[row[0]]: row[1:]
        for row in SearchDocument.objects.values_list(
            "article_id", "title", "lead", "body", "topics", "title_terms", "body_terms", "words"
        )
    }
    terms = set(SearchTerm.objects.values_list("term", "display", "documents"))
    return {"hits": hits, "documents": documents, "terms": terms}


def related_lists() -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for owner, other in RelatedArticle.objects.order_by("article_id", "-score", "related_id").values_list(
        "article__slug", "related__slug"
    ):
        lists.setdefault(owner, []).append(other)
    return lists


def test_deferred_import_indexes_and_relates_like_the_per_article_path(theme_unit_test_export):
    stored_before = list(ArticleTerm.objects.values_list("article_id", "term", "weight"))
    with transaction.atomic():
        WordPressImporter(theme_unit_test_export, defer_updates=False).run()
        per_article_search = search_state()
        imported = set(ArticlePage.objects.published().values_list("slug", flat=True))
        per_article_related = related_lists()
        transaction.set_rollback(True)

    WordPressImporter(theme_unit_test_export).run()
    assert set(ArticlePage.objects.published().values_list("slug", flat=True)) == imported
    # Search: the same documents, vocabulary and hits, written in bulk instead of one by one.
    batched_search = search_state()
    assert batched_search["documents"] == per_article_search["documents"]
    assert batched_search["terms"] == per_article_search["terms"]
    assert batched_search["hits"] == per_article_search["hits"]
    assert batched_search["hits"]["Lorem Ipsum"][0] > 0

    # Related: every published article has a list, as after per-article publishing (which also gives
    # scheduled and password-protected articles one of their own; they are no candidates either way) ...
    batched_related = related_lists()
    assert set(batched_related) == {slug for slug in per_article_related if slug in imported}
    # ... and the lists are exactly what the per-article functions give from the same starting point
    # (per-article publishing itself depends on the order articles arrive in; the batch does not).
    ArticleTerm.objects.all().delete()
    ArticleTerm.objects.bulk_create(
        [
            ArticleTerm(article_id=a, term=t, weight=w)
            for a, t, w in stored_before
            if ArticlePage.objects.filter(pk=a).exists()
        ]
    )
    per_article_related_rebuild()
    assert related_lists() == batched_related


def test_a_dry_run_leaves_index_and_related_lists_alone(theme_unit_test_export):
    before = (search_state(), related_lists())
    WordPressImporter(theme_unit_test_export, dry_run=True).run()
    assert (search_state(), related_lists()) == before


def test_imported_pages_are_in_the_admin_search_in_batches(theme_unit_test_export, monkeypatch):
    """Wagtail's admin search finds imported pages, written a few bulk adds at a time (not one per page)."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from blattwerk.importers import wordpress

    monkeypatch.setattr(wordpress, "ADMIN_SEARCH_BATCH", 3)
    WordPressImporter(theme_unit_test_export).run()
    imported = ArticlePage.objects.filter(title="Markup: HTML Tags and Formatting").get()
    backend = get_search_backend()
    assert imported in list(backend.search("Formatting", ArticlePage))
    # every imported page has its entry, also those of the last, partial batch
    indexed = set(IndexEntry.objects.values_list("object_id", flat=True))
    assert {str(pk) for pk in ArticlePage.objects.values_list("pk", flat=True)} <= indexed
