"""Schema.org JSON-LD: NewsArticle on articles, BreadcrumbList on inner pages, WebSite on the home page.

Follows Google's article and breadcrumb guidelines
(https://developers.google.com/search/docs/appearance/structured-data/article,
https://developers.google.com/search/docs/appearance/structured-data/breadcrumb).
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from blattwerk.core.templatetags.blattwerk import iso_datetime

from .images import (
    DEFAULT_PUBLISHER_LOGO,
    DEFAULT_PUBLISHER_LOGO_SIZE,
    PUBLISHER_LOGO_SPEC,
    STRUCTURED_DATA_SPECS,
)
from .links import Links

SCHEMA_ORG = "https://schema.org"
LANGUAGE = "de"
SEARCH_PATH = "/suche/?q={search_term_string}"

# Inside <script> only "</" (and "<!--") can end or confuse the element; escaping <, > and & as
# JSON \u escapes keeps the JSON identical while no HTML parser can see markup in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """`<script type="application/ld+json">` with the data safely escaped for HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 – every character that could end the element is escaped above
        '<script type="application/ld+json">' + text.translate(_SCRIPT_ESCAPES) + "</script>"
    )


def publisher(links: Links) -> dict:
    """The newsroom as a NewsMediaOrganization with a logo (the site's own, or the shipped one)."""
    from blattwerk.core.models import SiteSettings

    logo_image = SiteSettings.for_request(links.request).logo if links.site else None
    if logo_image is not None:
        rendition = logo_image.get_rendition(PUBLISHER_LOGO_SPEC)
        logo = {"url": links.image(rendition), "width": rendition.width, "height": rendition.height}
    else:
        width, height = DEFAULT_PUBLISHER_LOGO_SIZE
        logo = {"url": links.static(DEFAULT_PUBLISHER_LOGO), "width": width, "height": height}
    return {
        "@type": "NewsMediaOrganization",
        "@id": links.absolute("/#organisation"),
        "name": links.site_name,
        "url": links.absolute("/"),
        "logo": {"@type": "ImageObject", **logo},
    }


def news_article(article, links: Links) -> dict:
    url = links.page(article)
    data = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "@id": url + "#artikel",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article.search_description or article.lead,
        "inLanguage": LANGUAGE,
        "datePublished": iso_datetime(article.published_at or article.first_published_at),
        "dateModified": iso_datetime(article.last_published_at or article.published_at),
        "isAccessibleForFree": True,
        "publisher": publisher(links),
    }
    if article.lead_image is not None:
        renditions = article.lead_image.get_renditions(*STRUCTURED_DATA_SPECS)
        data["image"] = [links.image(renditions[spec]) for spec in STRUCTURED_DATA_SPECS]
    if article.author is not None:
        person = {"@type": "Person", "name": article.author.name}
        author_url = links.author(article.author)
        if author_url:
            person["url"] = author_url
        if article.author.role:
            person["jobTitle"] = article.author.role
        data["author"] = [person]
    else:
        data["author"] = [{"@type": "Organization", "name": links.site_name, "url": links.absolute("/")}]
    if article.section is not None:
        data["articleSection"] = article.section.title
    topics = [topic.name for topic in article.topic_list]
    if topics:
        data["keywords"] = topics
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, absolute URL) pairs, home first."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(links: Links, description: str = "") -> dict:
    """The site with its search, so search engines can offer a search box for it."""
    data = {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "@id": links.absolute("/#website"),
        "url": links.absolute("/"),
        "name": links.site_name,
        "inLanguage": LANGUAGE,
        "publisher": publisher(links),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": links.absolute(SEARCH_PATH)},
            "query-input": "required name=search_term_string",
        },
    }
    if description:
        data["description"] = description
    return data
