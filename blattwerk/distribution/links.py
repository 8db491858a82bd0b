"""Absolute links for one request: feeds, sitemaps and structured data need full URLs everywhere.

Every absolute URL starts with the Wagtail site's root URL (the same one `page.full_url` and the
canonical link use), so feeds, sitemaps and JSON-LD agree with the pages they describe.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.functional import cached_property
from wagtail.models import Site

_REQUEST_ATTRIBUTE = "_blattwerk_links"


class Links:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.site = Site.find_for_request(request)

    @cached_property
    def root_url(self) -> str:
        if self.site is not None:
            return self.site.root_url
        return self.request.build_absolute_uri("/").rstrip("/")

    @cached_property
    def site_name(self) -> str:
        from django.conf import settings

        return (self.site.site_name if self.site else "") or settings.WAGTAIL_SITE_NAME

    def absolute(self, path: str) -> str:
        """`/politik/` → `https://blattwerk.example/politik/`; absolute URLs pass through."""
        if path.startswith(("http://", "https://")):
            return path
        return self.root_url + path

    def page(self, page) -> str:
        """The page's full URL; a page that is not routable yet (a preview of a new page) gets the request's."""
        return page.get_full_url(self.request) or self.absolute(self.request.path)

    def static(self, path: str) -> str:
        return self.absolute(static(path))

    def image(self, rendition_or_image) -> str:
        return self.absolute(rendition_or_image.url)

    @cached_property
    def home(self):
        return self.site.root_page.specific if self.site else None

    @cached_property
    def _topic_index(self):
        from blattwerk.news.models import TopicIndexPage

        return TopicIndexPage.objects.live().first()

    @cached_property
    def _author_index(self):
        from blattwerk.news.models import AuthorIndexPage

        return AuthorIndexPage.objects.live().first()

    def topic(self, topic) -> str | None:
        """The topic page (/themen/<slug>/), with the index page looked up once per request."""
        index_page = self._topic_index
        if index_page is None:
            return None
        return self.page(index_page) + index_page.reverse_subpage("topic", args=[topic.slug])

    def author(self, author) -> str | None:
        index_page = self._author_index
        if index_page is None:
            return None
        return self.page(index_page) + index_page.reverse_subpage("author", args=[author.slug])

    @property
    def topic_index(self):
        return self._topic_index

    @property
    def author_index(self):
        return self._author_index


def links_for(request: HttpRequest) -> Links:
    """One `Links` per request, so index pages and the site are looked up once."""
    links = getattr(request, _REQUEST_ATTRIBUTE, None)
    if links is None:
        links = Links(request)
        setattr(request, _REQUEST_ATTRIBUTE, links)
    return links
