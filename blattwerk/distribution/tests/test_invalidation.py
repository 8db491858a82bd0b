import pytest
from django.test import RequestFactory

from blattwerk.distribution.invalidation import stale_urls
from blattwerk.distribution.links import Links
from blattwerk.distribution.sitemaps import ArticleSitemap
from blattwerk.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_publishing_an_article_stales_its_feeds_and_the_sitemaps(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 15)
    article = ArticlePage.objects.teasers().filter(section__slug="sport", author__slug="mara-kessler").first()
    topics = sorted(article.topics.names())
    assert topics
    urls = stale_urls(article, Links(RequestFactory().get("/")))
    assert len(urls) == len(set(urls))

    feeds = {url for url in urls if "/feeds/" in url}
    scopes = ["/feeds/", "/feeds/rubrik/sport/", "/feeds/autor/mara-kessler/"]
    scopes += [f"/feeds/thema/{topic.slug}/" for topic in article.topics.all()]
    assert feeds == {
        f"http://localhost{scope}{format}/{query}"
        for scope in scopes
        for format in ("rss", "atom", "json")
        for query in ("", "?volltext=1")
    }
    # every one of them is a real feed that lists the article
    for url in feeds:
        response = client.get(url.removeprefix("http://localhost"))
        assert response.status_code == 200
        assert str(article.translation_key) in response.content.decode()

    sitemaps = [url for url in urls if "/feeds/" not in url]
    pages = -(-ArticlePage.objects.published().count() // 15)
    assert sorted(sitemaps) == sorted(
        [
            "http://localhost/sitemap.xml",
            "http://localhost/sitemap-news.xml",
            "http://localhost/sitemap-artikel.xml",
            "http://localhost/sitemap-rubriken.xml",
            "http://localhost/sitemap-themen.xml",
            "http://localhost/sitemap-autoren.xml",
            *[f"http://localhost/sitemap-artikel.xml?p={page}" for page in range(2, pages + 1)],
        ]
    )
