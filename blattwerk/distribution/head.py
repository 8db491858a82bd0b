"""What a reader page puts in <head> for machines: feed auto-discovery, hreflang, Open Graph,
X (Twitter) card and JSON-LD. `head_for()` decides by the kind of page being rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from blattwerk.core.text import excerpt

from . import structured_data
from .feeds import feed_path
from .images import DEFAULT_SHARE_IMAGE, DEFAULT_SHARE_IMAGE_SIZE, SHARE_SPEC
from .links import Links, links_for

FEED_TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)
OG_LOCALE = "de_DE"
DESCRIPTION_LENGTH = 200


@dataclass
class FeedLink:
    title: str
    type: str
    href: str


@dataclass
class Head:
    canonical_url: str
    feeds: list[FeedLink] = field(default_factory=list)
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    json_ld: list[dict] = field(default_factory=list)


def feed_links(links: Links, label: str, kind: str = "site", slug: str = "") -> list[FeedLink]:
    return [
        FeedLink(f"{label} ({name})", mime_type, links.absolute(feed_path(format, kind, slug)))
        for format, mime_type, name in FEED_TYPES
    ]


def head_for(context) -> Head | None:
    """Everything the reader page's <head> needs, or None for pages outside the page tree."""
    from blattwerk.news.models import ArticlePage, AuthorIndexPage, HomePage, SectionPage, TopicIndexPage

    request: HttpRequest | None = context.get("request")
    page = context.get("page")
    if request is None or page is None or not hasattr(page, "get_full_url"):
        return None
    links = links_for(request)
    head = Head(canonical_url=links.absolute(request.path))
    site_label = links.site_name
    site_feeds = feed_links(links, site_label)
    tagline = _site_tagline(links)
    home = links.home
    home_crumb = (home.title, links.page(home)) if home is not None else (site_label, links.absolute("/"))

    title = page.seo_title or page.title
    description = page.search_description or tagline
    og_type = "website"
    image = None  # (url, width, height, alt)
    extra_og: list[tuple[str, str]] = []

    if isinstance(page, ArticlePage):
        og_type = "article"
        description = page.search_description or page.lead
        if page.section is not None:
            head.feeds += feed_links(links, f"{site_label} – {page.section.title}", "rubrik", page.section.slug)
        head.feeds += site_feeds
        if not hasattr(page, "structured_data"):
            # Page types with their own schema.org description (live blogs: LiveBlogPosting) render it themselves.
            head.json_ld.append(structured_data.news_article(page, links))
        trail = [home_crumb]
        if page.section is not None:
            trail.append((page.section.title, links.page(page.section)))
        trail.append((page.title, links.page(page)))
        head.json_ld.append(structured_data.breadcrumbs(trail))
        if page.lead_image is not None:
            rendition = page.lead_image.get_rendition(SHARE_SPEC)
            image = (links.image(rendition), rendition.width, rendition.height, page.lead_image_alt)
        extra_og += [
            ("article:published_time", structured_data.iso_datetime(page.published_at)),
            ("article:modified_time", structured_data.iso_datetime(page.last_published_at or page.published_at)),
        ]
        if page.section is not None:
            extra_og.append(("article:section", page.section.title))
        if page.author is not None and links.author(page.author):
            extra_og.append(("article:author", links.author(page.author)))
        extra_og += [("article:tag", topic.name) for topic in page.topic_list]
    elif isinstance(page, SectionPage):
        description = page.search_description or page.intro or tagline
        head.feeds += feed_links(links, f"{site_label} – {page.title}", "rubrik", page.slug) + site_feeds
        head.json_ld.append(structured_data.breadcrumbs([home_crumb, (page.title, links.page(page))]))
    elif isinstance(page, TopicIndexPage) and context.get("topic") is not None:
        topic = context["topic"]
        title = _("Thema: %(name)s") % {"name": topic.name}
        description = topic.description or _("Alle Artikel zum Thema %(name)s.") % {"name": topic.name}
        label = _("%(site)s – Thema: %(name)s") % {"site": site_label, "name": topic.name}
        head.feeds += feed_links(links, label, "thema", topic.slug) + site_feeds
        trail = [home_crumb, (page.title, links.page(page)), (topic.name, links.topic(topic))]
        head.json_ld.append(structured_data.breadcrumbs(trail))
    elif isinstance(page, AuthorIndexPage) and context.get("author") is not None:
        author = context["author"]
        og_type = "profile"
        title = author.name
        description = author.bio or author.role or description
        label = _("%(site)s – Artikel von %(name)s") % {"site": site_label, "name": author.name}
        head.feeds += feed_links(links, label, "autor", author.slug) + site_feeds
        trail = [home_crumb, (page.title, links.page(page)), (author.name, links.author(author))]
        head.json_ld.append(structured_data.breadcrumbs(trail))
    elif isinstance(page, HomePage):
        title = site_label
        head.feeds += site_feeds
        head.json_ld.append(structured_data.website(links, tagline))
    else:
        description = page.search_description or getattr(page, "intro", "") or tagline
        head.feeds += site_feeds
        head.json_ld.append(structured_data.breadcrumbs([home_crumb, (page.title, links.page(page))]))

    description = excerpt(description or "", DESCRIPTION_LENGTH)
    if image is None:
        width, height = DEFAULT_SHARE_IMAGE_SIZE
        image = (links.static(DEFAULT_SHARE_IMAGE), width, height, links.site_name)
    image_url, image_width, image_height, image_alt = image
    head.open_graph = [
        ("og:type", og_type),
        ("og:site_name", links.site_name),
        ("og:locale", OG_LOCALE),
        ("og:url", head.canonical_url),
        ("og:title", title),
        ("og:description", description),
        ("og:image", image_url),
        ("og:image:width", str(image_width)),
        ("og:image:height", str(image_height)),
        ("og:image:alt", image_alt),
        *extra_og,
    ]
    head.twitter = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", title),
        ("twitter:description", description),
        ("twitter:image", image_url),
        ("twitter:image:alt", image_alt),
    ]
    return head


def _site_tagline(links: Links) -> str:
    from blattwerk.core.models import SiteSettings

    return SiteSettings.for_request(links.request).tagline if links.site else ""
