"""The page cache serves anonymous readers from memory and never leaks private pages."""

import asyncio

import pytest
from django.core.cache import cache

from blattwerk.core import page_cache
from blattwerk.core.page_cache import CachedPage, CachedPageApp, PageCacheMiddleware
from blattwerk.news.invalidation import stale_urls
from blattwerk.news.models import ArticlePage, RelatedArticle

ARTICLE_SLUG = "haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung"


@pytest.fixture(autouse=True)
def enabled_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    page_cache.purge_all()
    cache.clear()
    yield
    page_cache.purge_all()
    cache.clear()


class Downstream:
    """Stands in for Django behind the cache and counts how often it is asked."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"rendered"})


def request(app, path="/politik/", method="GET", headers=(), query=b""):
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": list(headers)}
    asyncio.run(app(scope, receive, send))
    start = messages[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in messages[1:])


def cached(body=b"<html>cached</html>"):
    return CachedPage(200, ((b"content-type", b"text/html"), (b"etag", b'"v1"')), body)


def test_hit_is_answered_without_django():
    downstream = Downstream()
    page_cache.store("/politik/", "", cached())
    status, headers, body = request(CachedPageApp(downstream))
    assert (status, body, headers[b"x-cache"]) == (200, b"<html>cached</html>", b"HIT")
    assert downstream.calls == 0


def test_miss_goes_to_django():
    downstream = Downstream()
    status, _, body = request(CachedPageApp(downstream), path="/sport/")
    assert (status, body, downstream.calls) == (200, b"rendered", 1)


def test_query_strings_are_separate_pages():
    page_cache.store("/politik/", "", cached())
    downstream = Downstream()
    request(CachedPageApp(downstream), query=b"seite=2")
    assert downstream.calls == 1


@pytest.mark.parametrize("cookie", [b"sessionid=abc", b"theme=dark; csrftoken=xyz"])
def test_editors_and_forms_bypass_the_cache(cookie):
    page_cache.store("/politik/", "", cached())
    downstream = Downstream()
    request(CachedPageApp(downstream), headers=[(b"cookie", cookie)])
    assert downstream.calls == 1


def test_private_paths_are_never_answered_from_cache():
    page_cache.store("/admin/", "", cached())
    downstream = Downstream()
    request(CachedPageApp(downstream), path="/admin/")
    assert downstream.calls == 1


def test_conditional_get_gets_304():
    page_cache.store("/politik/", "", cached())
    status, headers, body = request(CachedPageApp(Downstream()), headers=[(b"if-none-match", b'"v1"')])
    assert (status, body, headers[b"etag"]) == (304, b"", b'"v1"')


def test_head_has_no_body():
    page_cache.store("/politik/", "", cached())
    status, _, body = request(CachedPageApp(Downstream()), method="HEAD")
    assert (status, body) == (200, b"")


def test_disabled_cache_passes_everything_on(settings):
    settings.PAGE_CACHE_SECONDS = 0
    page_cache.store("/politik/", "", cached())
    downstream = Downstream()
    request(CachedPageApp(downstream))
    assert downstream.calls == 1


@pytest.mark.django_db
def test_middleware_stores_anonymous_pages_only(client, django_user_model):
    response = client.get("/politik/")
    assert response["X-Cache"] == "MISS"
    assert not response.cookies
    assert page_cache.local_pages.get(page_cache.page_key("/politik/", "")) is not None

    page_cache.purge_all()
    cache.clear()
    editor = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(editor)
    response = client.get("/politik/")
    assert "X-Cache" not in response
    assert page_cache.local_pages.get(page_cache.page_key("/politik/", "")) is None


@pytest.mark.django_db
def test_middleware_skips_private_paths_and_errors(client):
    assert "X-Cache" not in client.get("/suche/?q=Haushalt")
    assert "X-Cache" not in client.get("/gibt-es-nicht/")


@pytest.mark.django_db
def test_stale_urls_name_every_page_that_shows_the_article():
    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    urls = stale_urls(article)
    assert urls[:2] == [f"/politik/{ARTICLE_SLUG}/", "/"]
    assert "/politik/" in urls
    assert "/themen/bundeshaushalt/" in urls
    assert "/themen/schuldenbremse/" in urls
    assert "/autoren/anna-berger/" in urls
    owners = ArticlePage.objects.filter(related_links__related=article)
    assert owners.exists()
    for owner in owners:
        assert owner.url in urls
    assert len(urls) == len(set(urls))


@pytest.mark.django_db
def test_publishing_purges_the_stale_pages():
    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    for path in ("/", "/politik/", article.url):
        page_cache.store(path, "", cached())
    article.title = "Haushalt 2027: Koalition einigt sich doch"
    article.save_revision().publish()
    for path in ("/", "/politik/", article.url):
        assert page_cache.local_pages.get(page_cache.page_key(path, "")) is None
        assert cache.get(page_cache.page_key(path, "")) is None
    assert RelatedArticle.objects.filter(article=article).count() >= 4


def test_middleware_is_first_so_it_sees_the_final_response(settings):
    assert settings.MIDDLEWARE[0] == f"{PageCacheMiddleware.__module__}.{PageCacheMiddleware.__name__}"


@pytest.mark.django_db
def test_stale_urls_include_the_feeds_and_sitemaps_of_the_article():
    urls = stale_urls(ArticlePage.objects.get(slug=ARTICLE_SLUG))
    for path in ("/feeds/rss/", "/feeds/rubrik/politik/atom/", "/feeds/autor/anna-berger/json/", "/sitemap.xml"):
        assert path in urls
    assert "/feeds/rss/?volltext=1" in urls


def test_purge_all_retires_every_page_in_the_shared_cache_too():
    page_cache.store("/politik/", "seite=3", cached())
    key = page_cache.page_key("/politik/", "seite=3")
    assert cache.get(key) is not None
    page_cache.purge_all()
    assert page_cache.page_key("/politik/", "seite=3") != key
    downstream = Downstream()
    request(CachedPageApp(downstream), query=b"seite=3")
    assert downstream.calls == 1


@pytest.mark.django_db
def test_breaking_news_retires_every_cached_page(django_capture_on_commit_callbacks):
    from blattwerk.live.models import BreakingNews

    page_cache.store("/sport/", "", cached())
    with django_capture_on_commit_callbacks(execute=True):
        BreakingNews.objects.create(text="Eilmeldung: Testlauf", link="/politik/")
    downstream = Downstream()
    request(CachedPageApp(downstream), path="/sport/")
    assert downstream.calls == 1
