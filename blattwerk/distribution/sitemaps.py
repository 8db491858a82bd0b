"""Sitemaps (https://www.sitemaps.org/protocol.html) and the Google News sitemap.

/sitemap.xml is an index of the sections below (paginated with ?p=N) plus /sitemap-news.xml:
    artikel   every published article, with its lead image (image sitemap extension)
    rubriken  the home page and the sections
    themen    topics with at least one published article
    autoren   authors with at least one published article
    seiten    the other published pages (topic/author overviews, Impressum, …)

Each class is Django's `Sitemap` (items, location, lastmod, limit, paginator) made aware of the
request, so every URL starts with the Wagtail site's root URL like the pages' canonical links.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Page

from blattwerk.core.templatetags.blattwerk import iso_datetime
from blattwerk.news.models import ArticlePage, Author, SectionPage, Topic

from .links import Links

# sitemaps.org: at most 50,000 URLs and 50 MB (uncompressed) per file. One article entry with its
# image is about 400 bytes, so 50,000 of them stay near 20 MB – the URL limit is the one that binds.
MAX_URLS_PER_SITEMAP = 50_000
# Google News: only articles from the last two days, at most 1,000 per sitemap
# (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
NEWS_MAX_AGE = timedelta(days=2)
NEWS_MAX_URLS = 1_000


class SiteSitemap(Sitemap):
    """A sitemap section bound to one request's site; `location()` returns absolute URLs."""

    limit = MAX_URLS_PER_SITEMAP

    def __init__(self, links: Links) -> None:
        self.links = links

    @cached_property
    def paginator(self) -> Paginator:
        # Django builds a new paginator (and re-runs items()) on every access; the index asks three times.
        return Paginator(self._items(), self.limit)

    def location(self, item) -> str:
        return self.links.page(item)

    def lastmod(self, item) -> datetime | None:
        return item.last_published_at

    def newest_lastmod(self) -> datetime | None:
        """The section's newest change, for the index (one aggregate instead of walking every item)."""
        return self.paginator.object_list.aggregate(newest=Max("last_published_at"))["newest"]

    def item_images(self, item) -> list[str]:
        return []

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        """Like Django's, but with absolute locations from the Wagtail site and image entries."""
        urls = []
        for item in self.paginator.page(page).object_list:
            lastmod = self._get("lastmod", item)
            urls.append(
                {
                    "item": item,
                    "location": self.location(item),
                    "lastmod": lastmod,
                    "lastmod_w3c": iso_datetime(lastmod),
                    "images": self.item_images(item),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and all(lastmods):
            self.latest_lastmod = max(lastmods)  # Django's sitemap view turns this into Last-Modified
        return urls


class ArticleSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        # Oldest first: earlier pages stay stable and only the last one grows as the newsroom publishes.
        return (
            ArticlePage.objects.published()
            .select_related("lead_image")
            .defer_streamfields()
            .order_by("published_at", "pk")
        )

    def item_images(self, article: ArticlePage) -> list[str]:
        # The original file: the best quality for image search, and no rendition work in a sitemap request.
        if article.lead_image is None:
            return []
        return [self.links.image(article.lead_image.file)]


class SectionSitemap(SiteSitemap):
    """The home page and every section; lastmod is the newest article in it."""

    def _sections(self) -> QuerySet:
        sections = SectionPage.objects.live().public()
        if self.links.home is not None:
            sections = sections.descendant_of(self.links.home)
        return sections.annotate(
            newest_article=Max("articles__last_published_at", filter=Q(articles__live=True))
        ).order_by("path")

    def items(self) -> list:
        home = self.links.home
        items = [home] if home is not None and home.live else []
        return items + list(self._sections())

    def lastmod(self, item) -> datetime | None:
        if isinstance(item, SectionPage):
            return max(filter(None, [item.newest_article, item.last_published_at]), default=None)
        return self._newest_article

    @cached_property
    def _newest_article(self) -> datetime | None:
        return ArticlePage.objects.published().aggregate(newest=Max("last_published_at"))["newest"]

    def newest_lastmod(self) -> datetime | None:
        return max(filter(None, (self.lastmod(item) for item in self.paginator.object_list)), default=None)


class TopicSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        if self.links.topic_index is None:
            return Topic.objects.none()  # no topic pages to link to
        return (
            Topic.objects.filter(tagged_articles__content_object__in=ArticlePage.objects.published())
            .annotate(newest_article=Max("tagged_articles__content_object__last_published_at"))
            .order_by("slug")
        )

    def location(self, topic: Topic) -> str | None:
        return self.links.topic(topic)

    def lastmod(self, topic: Topic) -> datetime | None:
        return topic.newest_article

    def newest_lastmod(self) -> datetime | None:
        return self.paginator.object_list.aggregate(newest=Max("newest_article"))["newest"]


class AuthorSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        if self.links.author_index is None:
            return Author.objects.none()  # no author pages to link to
        return (
            Author.objects.filter(articles__in=ArticlePage.objects.published())
            .annotate(newest_article=Max("articles__last_published_at"))
            .order_by("slug")
        )

    def location(self, author: Author) -> str | None:
        return self.links.author(author)

    def lastmod(self, author: Author) -> datetime | None:
        return author.newest_article

    def newest_lastmod(self) -> datetime | None:
        return self.paginator.object_list.aggregate(newest=Max("newest_article"))["newest"]


class PageSitemap(SiteSitemap):
    """Every other published page: topic and author overviews, Impressum, Datenschutz, Kontakt."""

    def items(self) -> QuerySet:
        pages = Page.objects.live().public().not_type(ArticlePage, SectionPage)
        home = self.links.home
        if home is not None:
            pages = pages.descendant_of(home, inclusive=False)
        return pages.order_by("path")


SITEMAPS: dict[str, type[SiteSitemap]] = {
    "artikel": ArticleSitemap,
    "rubriken": SectionSitemap,
    "themen": TopicSitemap,
    "autoren": AuthorSitemap,
    "seiten": PageSitemap,
}


def sitemaps_for(links: Links) -> dict[str, SiteSitemap]:
    return {name: sitemap_class(links) for name, sitemap_class in SITEMAPS.items()}


def news_articles(now: datetime | None = None) -> QuerySet:
    """What the Google News sitemap lists: published in the last two days, newest first, at most 1,000."""
    since = (now or timezone.now()) - NEWS_MAX_AGE
    return (
        ArticlePage.objects.teasers().filter(published_at__gte=since).order_by("-published_at", "-pk")[:NEWS_MAX_URLS]
    )
