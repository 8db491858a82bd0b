"""Article feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site, a section, a topic or an author.

URL scheme (documented in docs/distribution.md):
    /feeds/<format>/                      the whole site
    /feeds/rubrik/<slug>/<format>/        one section (Rubrik)
    /feeds/thema/<slug>/<format>/         one topic
    /feeds/autor/<slug>/<format>/         one author
with <format> one of rss, atom, json. `?volltext=1` adds the article body to every entry.

A `FeedScope` says which articles a feed holds; `feed_entries()` turns them into `FeedEntry`
objects that the syndication classes (RSS/Atom) and the JSON Feed writer both read, so the
formats cannot drift apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from blattwerk.news.models import ArticlePage, ArticleTopic, Author, SectionPage, Topic

from .images import FEED_SPEC, ImageFile, describe, prefetch_lead_renditions
from .links import Links, links_for

# How many articles a feed holds; readers poll often, so the newest 50 cover any gap.
FEED_LENGTH = 50
FORMATS = ("rss", "atom", "json")
SCOPES = ("site", "rubrik", "thema", "autor")
FULL_CONTENT_PARAMETER = "volltext"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# Removing an article changes a feed without changing any remaining article's dates.
REMOVAL_ACTIONS = ("wagtail.unpublish", "wagtail.delete", "wagtail.move")


@dataclass
class FeedScope:
    """Which articles one feed holds, and how it presents itself."""

    kind: str  # one of SCOPES
    slug: str
    title: str
    description: str
    link: str  # the HTML page the feed mirrors (absolute)
    articles: QuerySet
    full_content: bool = False
    links: Links | None = field(default=None, repr=False)

    def feed_url(self, format: str) -> str:
        return self.links.absolute(feed_path(format, self.kind, self.slug))


def feed_path(format: str, kind: str = "site", slug: str = "") -> str:
    if kind == "site":
        return reverse("distribution:feed", kwargs={"format": format})
    return reverse("distribution:scoped_feed", kwargs={"kind": kind, "slug": slug, "format": format})


def wants_full_content(request: HttpRequest) -> bool:
    return request.GET.get(FULL_CONTENT_PARAMETER, "") in {"1", "ja", "true"}


def resolve_scope(request: HttpRequest, kind: str = "site", slug: str = "") -> FeedScope:
    """The scope named in the URL, computed once per request (the conditional-GET check and the feed share it)."""
    cached = getattr(request, "_blattwerk_feed_scope", None)
    if cached is not None:
        return cached
    links = links_for(request)
    site_name = links.site_name
    articles = ArticlePage.objects.teasers()
    if kind == "site":
        from blattwerk.core.models import SiteSettings

        tagline = SiteSettings.for_request(request).tagline if links.site else ""
        home = links.home
        scope = FeedScope(kind, "", site_name, tagline, links.page(home) if home else links.absolute("/"), articles)
    elif kind == "rubrik":
        root = links.home
        sections = SectionPage.objects.live().public()
        if root is not None:
            sections = sections.descendant_of(root)
        section = sections.filter(slug=slug).first()
        if section is None:
            raise Http404(_("Diese Rubrik gibt es nicht."))
        scope = FeedScope(
            kind,
            slug,
            _("%(site)s – %(section)s") % {"site": site_name, "section": section.title},
            section.intro or _("Die neuesten Artikel aus der Rubrik %(section)s.") % {"section": section.title},
            links.page(section),
            articles.filter(section=section),
        )
    elif kind == "thema":
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise Http404(_("Dieses Thema gibt es nicht."))
        scope = FeedScope(
            kind,
            slug,
            _("%(site)s – Thema: %(topic)s") % {"site": site_name, "topic": topic.name},
            topic.description or _("Die neuesten Artikel zum Thema %(topic)s.") % {"topic": topic.name},
            links.topic(topic) or links.absolute("/"),
            articles.filter(topic_items__tag=topic),
        )
    elif kind == "autor":
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            raise Http404(_("Diese Autorin oder diesen Autor gibt es nicht."))
        scope = FeedScope(
            kind,
            slug,
            _("%(site)s – Artikel von %(author)s") % {"site": site_name, "author": author.name},
            author.role or _("Die neuesten Artikel von %(author)s.") % {"author": author.name},
            links.author(author) or links.absolute("/"),
            articles.filter(author=author),
        )
    else:
        raise Http404(_("Diesen Feed gibt es nicht."))
    scope.full_content = wants_full_content(request)
    scope.links = links
    request._blattwerk_feed_scope = scope
    return scope


@dataclass
class FeedEntry:
    """One article as every feed format presents it."""

    id: str
    url: str
    title: str
    summary: str  # plain text: the lead
    published: datetime  # in the site's time zone
    updated: datetime
    author_name: str | None
    author_url: str | None
    categories: list[str]
    image: ImageFile | None
    content_html: str | None = None


def feed_articles(scope: FeedScope) -> list[ArticlePage]:
    """The newest published articles of the scope, with topics and the feed rendition in three queries."""
    # Replace the teaser prefetches: a feed needs only its own rendition of each lead image.
    articles = scope.articles.prefetch_related(None).prefetch_related(
        Prefetch("topic_items", queryset=ArticleTopic.objects.select_related("tag").order_by("tag__name")),
        prefetch_lead_renditions(FEED_SPEC),
    )
    if scope.full_content:
        articles = articles.defer(None)  # teasers() defers the body; the full-content feed needs it
    return list(articles[:FEED_LENGTH])


def article_entry(article: ArticlePage, links: Links, full_content: bool = False) -> FeedEntry:
    # Whole seconds in the site's time zone: "2026-11-27T18:50:02+01:00" in every format.
    published = timezone.localtime(article.published_at or article.first_published_at).replace(microsecond=0)
    updated = timezone.localtime(article.last_published_at or published).replace(microsecond=0)
    image = None
    if article.lead_image is not None:
        rendition = article.lead_image.get_rendition(FEED_SPEC)
        image = describe(rendition, links.image(rendition), article.lead_image_alt)
    url = links.page(article)
    return FeedEntry(
        # The translation key never changes, even when an article is renamed or moved,
        # so feed readers never show an article twice.
        id=f"urn:uuid:{article.translation_key}",
        url=url,
        title=article.title,
        summary=article.lead,
        published=published,
        updated=max(updated, published),
        author_name=article.author.name if article.author else None,
        author_url=links.author(article.author) if article.author else None,
        categories=[item.tag.name for item in article.topic_items.all()],
        image=image,
        content_html=article_body_html(article, url, links.request) if full_content else None,
    )


def article_body_html(article: ArticlePage, base_url: str, request: HttpRequest) -> str:
    """The body as self-contained HTML: lead image, body blocks, relative links made absolute."""
    html = render_to_string("distribution/feed_content.html", {"article": article}, request=request)
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base_url)
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)


def feed_entries(scope: FeedScope) -> list[FeedEntry]:
    return [article_entry(article, scope.links, scope.full_content) for article in feed_articles(scope)]


# -- conditional GET --------------------------------------------------------------------------


def feed_etag(request: HttpRequest, format: str, kind: str = "site", slug: str = "") -> str:
    """Changes whenever an article enters, leaves or is republished in the feed."""
    scope = resolve_scope(request, kind, slug)
    state = list(scope.articles.values_list("pk", "last_published_at")[:FEED_LENGTH])
    fingerprint = repr((format, kind, slug, scope.full_content, scope.title, state))
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def feed_last_modified(request: HttpRequest, format: str, kind: str = "site", slug: str = "") -> datetime | None:
    scope = resolve_scope(request, kind, slug)
    newest = scope.articles.aggregate(newest=Max("last_published_at"))["newest"]
    removed = PageLogEntry.objects.filter(action__in=REMOVAL_ACTIONS).aggregate(newest=Max("timestamp"))["newest"]
    candidates = [value for value in (newest, removed) if value is not None]
    return max(candidates) if candidates else None


# -- RSS 2.0 and Atom 1.0 -----------------------------------------------------------------------


class BlattwerkRssFeed(Rss201rev2Feed):
    """RSS 2.0 plus Media RSS (the lead image with its size) and content:encoded for the full text.

    RSS 2.0 has no element for the update time, so Django drops `item_updateddate` there; we
    carry it as <atom:updated> (the atom namespace is declared already), which readers understand.
    """

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NS, "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        add_media_content(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class BlattwerkAtomFeed(Atom1Feed):
    """Atom 1.0 (RFC 4287) plus Media RSS and <content type="html"> for the full text."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_content(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def add_media_content(handler, image: ImageFile | None) -> None:
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "medium": "image",
            "type": image.mime_type,
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.alt:
        handler.addQuickElement("media:description", image.alt, {"type": "plain"})
    handler.endElement("media:content")


class ArticleFeed(Feed):
    """RSS 2.0 of a scope's newest articles. One instance serves every request: no state on self."""

    feed_type = BlattwerkRssFeed
    format = "rss"
    language = "de"

    def get_object(self, request: HttpRequest, kind: str = "site", slug: str = "", **kwargs) -> FeedScope:
        return resolve_scope(request, kind, slug)

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def description(self, scope: FeedScope) -> str:
        return scope.description

    subtitle = description

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def feed_url(self, scope: FeedScope) -> str:
        return scope.feed_url(self.format)

    def feed_guid(self, scope: FeedScope) -> str:
        return scope.feed_url("atom")

    def author_name(self, scope: FeedScope) -> str:
        # Atom requires an author per entry or per feed; articles without a byline fall back to the newsroom.
        return scope.links.site_name

    def feed_copyright(self, scope: FeedScope) -> str:
        return f"© {timezone.localdate().year} {scope.links.site_name}"

    def items(self, scope: FeedScope) -> list[FeedEntry]:
        return feed_entries(scope)

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_description(self, entry: FeedEntry) -> str:
        return escape(entry.summary)  # RSS descriptions and Atom summaries (type="html") carry HTML

    def item_link(self, entry: FeedEntry) -> str:
        return entry.url

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.id

    item_guid_is_permalink = False

    def item_pubdate(self, entry: FeedEntry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> datetime:
        return entry.updated

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return entry.author_name

    def item_author_link(self, entry: FeedEntry) -> str | None:
        return entry.author_url

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return entry.categories

    def item_enclosures(self, entry: FeedEntry) -> list[Enclosure]:
        if entry.image is None:
            return []
        return [Enclosure(entry.image.url, str(entry.image.length), entry.image.mime_type)]

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {"image": entry.image, "content_html": entry.content_html}


class AtomArticleFeed(ArticleFeed):
    feed_type = BlattwerkAtomFeed
    format = "atom"


# -- JSON Feed 1.1 (https://jsonfeed.org/version/1.1) --------------------------------------------


class JsonArticleFeed:
    """JSON Feed 1.1 of a scope, built from the same entries as the XML feeds."""

    content_type = "application/feed+json; charset=utf-8"
    format = "json"

    def __call__(self, request: HttpRequest, kind: str = "site", slug: str = "", **kwargs) -> JsonResponse:
        scope = resolve_scope(request, kind, slug)
        response = JsonResponse(
            self.document(scope),
            content_type=self.content_type,
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        return response

    def document(self, scope: FeedScope) -> dict:
        links = scope.links
        document = {
            "version": JSON_FEED_VERSION,
            "title": scope.title,
            "home_page_url": scope.link,
            "feed_url": scope.feed_url(self.format),
            "description": scope.description,
            "icon": links.static("distribution/feed-icon.png"),  # 512x512, as JSON Feed suggests
            "favicon": links.static("img/favicon.svg"),
            "authors": [{"name": links.site_name, "url": links.absolute("/")}],
            "language": "de",
            "items": [self.item(entry) for entry in feed_entries(scope)],
        }
        return document

    def item(self, entry: FeedEntry) -> dict:
        item = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "summary": entry.summary,
            "date_published": entry.published.isoformat(timespec="seconds"),
            "date_modified": entry.updated.isoformat(timespec="seconds"),
            "tags": entry.categories,
        }
        # Each item needs content_html or content_text; the summary-only feed carries the lead as text.
        if entry.content_html:
            item["content_html"] = entry.content_html
        else:
            item["content_text"] = entry.summary
        if entry.author_name:
            author = {"name": entry.author_name}
            if entry.author_url:
                author["url"] = entry.author_url
            item["authors"] = [author]
        if entry.image is not None:
            item["image"] = entry.image.url
            item["attachments"] = [
                {"url": entry.image.url, "mime_type": entry.image.mime_type, "size_in_bytes": entry.image.length}
            ]
        return item


FEEDS = {"rss": ArticleFeed(), "atom": AtomArticleFeed(), "json": JsonArticleFeed()}
