"""Sitemaps, the Google News sitemap and robots.txt, validated against the sitemaps.org and Google XSDs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from blattwerk.distribution import sitemaps
from blattwerk.news.models import ArticlePage, Author, SectionPage, Topic

from .factories import hours_ago, make_article
from .schemas import index_schema, urlset_schema

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


def fetch_xml(client, url: str) -> etree._Element:
    path = url.removeprefix("http://localhost")
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def valid_urlset(client, url: str) -> etree._Element:
    root = fetch_xml(client, url)
    urlset_schema().validate(root)  # raises with the offending element on error
    return root


def index_locations(client) -> list[str]:
    root = fetch_xml(client, "/sitemap.xml")
    index_schema().validate(root)
    return root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)


def locs(root) -> list[str]:
    return root.xpath("//sm:url/sm:loc/text()", namespaces=NS)


def test_index_lists_every_section_and_every_one_validates(client):
    locations = index_locations(client)
    assert locations == [
        "http://localhost/sitemap-artikel.xml",
        "http://localhost/sitemap-rubriken.xml",
        "http://localhost/sitemap-themen.xml",
        "http://localhost/sitemap-autoren.xml",
        "http://localhost/sitemap-seiten.xml",
        "http://localhost/sitemap-news.xml",
    ]
    for location in locations:
        root = valid_urlset(client, location)
        assert locs(root), location


def test_article_sitemap_lists_exactly_the_published_articles_with_images_and_lastmod(client):
    root = valid_urlset(client, "/sitemap-artikel.xml")
    published = list(ArticlePage.objects.published().order_by("published_at", "pk"))
    assert locs(root) == [article.full_url for article in published]
    for url, article in zip(root.xpath("//sm:url", namespaces=NS), published, strict=True):
        lastmod = datetime.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))
        assert lastmod.utcoffset() is not None
        assert lastmod == article.last_published_at.replace(microsecond=0)
        images = url.xpath("image:image/image:loc/text()", namespaces=NS)
        assert images == [f"http://localhost{article.lead_image.file.url}"]


def test_article_sitemaps_are_split_at_the_limit(client, monkeypatch):
    assert sitemaps.ArticleSitemap.limit == 50_000
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 15)
    published = ArticlePage.objects.published().count()
    pages = -(-published // 15)
    locations = [loc for loc in index_locations(client) if "sitemap-artikel" in loc]
    assert locations == ["http://localhost/sitemap-artikel.xml"] + [
        f"http://localhost/sitemap-artikel.xml?p={page}" for page in range(2, pages + 1)
    ]
    seen = []
    for location in locations:
        page_locs = locs(valid_urlset(client, location))
        assert len(page_locs) <= 15
        seen += page_locs
    assert len(seen) == len(set(seen)) == published
    assert client.get(f"/sitemap-artikel.xml?p={pages + 1}").status_code == 404


def test_section_topic_author_and_page_sitemaps(client):
    sections = list(SectionPage.objects.live().order_by("path"))
    assert locs(valid_urlset(client, "/sitemap-rubriken.xml")) == ["http://localhost/"] + [
        section.full_url for section in sections
    ]
    topics = Topic.objects.filter(tagged_articles__content_object__live=True).distinct().order_by("slug")
    assert locs(valid_urlset(client, "/sitemap-themen.xml")) == [
        f"http://localhost/themen/{topic.slug}/" for topic in topics
    ]
    authors = Author.objects.filter(articles__live=True).distinct().order_by("slug")
    assert locs(valid_urlset(client, "/sitemap-autoren.xml")) == [
        f"http://localhost/autoren/{author.slug}/" for author in authors
    ]
    pages = locs(valid_urlset(client, "/sitemap-seiten.xml"))
    assert "http://localhost/impressum/" in pages and "http://localhost/themen/" in pages
    assert not any(page in pages for page in ["http://localhost/", "http://localhost/politik/"])


def test_section_lastmod_is_its_newest_article(client):
    article = make_article("Neuer Artikel für die Rubrik Sport", section_slug="sport")
    root = valid_urlset(client, "/sitemap-rubriken.xml")
    sport = root.xpath("//sm:url[sm:loc='http://localhost/sport/']/sm:lastmod/text()", namespaces=NS)[0]
    assert datetime.fromisoformat(sport) == article.last_published_at.replace(microsecond=0)


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-gibtsnicht.xml").status_code == 404


def test_news_sitemap_holds_only_the_last_two_days(client):
    fresh = make_article("Frisch: vor 47 Stunden erschienen", published_at=hours_ago(47))
    stale = make_article("Zu alt: vor 49 Stunden erschienen", published_at=hours_ago(49))
    draft = make_article("Entwurf im News-Sitemap", publish=False)
    scheduled = make_article("Geplant im News-Sitemap", go_live_at=timezone.now() + timedelta(hours=2))
    root = valid_urlset(client, "/sitemap-news.xml")
    listed = locs(root)
    since = timezone.now() - timedelta(days=2)
    expected = ArticlePage.objects.published().filter(published_at__gte=since).order_by("-published_at", "-pk")
    assert listed == [article.full_url for article in expected]
    assert fresh.full_url in listed
    assert stale.full_url not in listed
    assert draft.full_url not in listed and scheduled.full_url not in listed
    assert 10 < len(listed) < ArticlePage.objects.published().count()  # the demo has both fresh and old news

    for url, article in zip(root.xpath("//sm:url", namespaces=NS), expected, strict=True):
        news = url.find("news:news", namespaces=NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Blattwerk"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "de"
        assert news.findtext("news:title", namespaces=NS) == article.title
        published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
        assert published == article.published_at.replace(microsecond=0)
        assert published >= since.replace(microsecond=0)


def test_news_sitemap_stops_at_the_limit(client, monkeypatch):
    assert sitemaps.NEWS_MAX_URLS == 1_000
    monkeypatch.setattr(sitemaps, "NEWS_MAX_URLS", 3)
    assert len(locs(valid_urlset(client, "/sitemap-news.xml"))) == 3


def test_news_sitemap_uses_the_site_name(client):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(site_name="Blattwerk Nachrichten")
    root = valid_urlset(client, "/sitemap-news.xml")
    assert set(root.xpath("//news:name/text()", namespaces=NS)) == {"Blattwerk Nachrichten"}


def test_unpublished_and_scheduled_articles_appear_in_no_sitemap(client):
    draft = make_article("Entwurf in keiner Sitemap", publish=False, topics=("Nur im Entwurf",))
    scheduled = make_article("Geplant in keiner Sitemap", go_live_at=timezone.now() + timedelta(days=1))
    withdrawn = make_article("Zurückgezogen in keiner Sitemap")
    withdrawn.unpublish()
    everything = []
    for location in index_locations(client):
        everything += locs(valid_urlset(client, location))
    for article in (draft, scheduled, withdrawn):
        assert not any(article.slug in loc for loc in everything)
    assert "http://localhost/themen/nur-im-entwurf/" not in everything


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /suche/"} <= set(lines)
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-news.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-artikel.xml", "/sitemap-themen.xml", "/sitemap-news.xml"])
def test_sitemap_queries_do_not_grow_with_the_number_of_urls(client, path):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    client.get(path)
    before = queries()
    for number in range(3):
        make_article(f"Noch ein Artikel Nummer {number}", topics=(f"Neues Thema {number}",))
    client.get(path)
    assert queries() == before


def test_news_sitemap_without_recent_articles_is_empty_but_well_formed(client):
    two_days_ago = timezone.now() - timedelta(days=2, minutes=1)
    ArticlePage.objects.filter(published_at__gte=two_days_ago).update(published_at=two_days_ago)
    root = fetch_xml(client, "/sitemap-news.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert locs(root) == []
