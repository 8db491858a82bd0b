"""Which feed and sitemap URLs go stale when an article is published, changed or withdrawn.

The newsroom's cache-invalidation function (one place for every stale URL, see STYLE.md §8)
adds these to the article's own pages; they are absolute, like the purge requests of
wagtail.contrib.frontend_cache.
"""

from __future__ import annotations

from django.urls import reverse

from .feeds import FORMATS, FULL_CONTENT_PARAMETER, feed_path
from .links import Links
from .sitemaps import SITEMAPS, ArticleSitemap


def stale_urls(article, links: Links) -> list[str]:
    """Every feed (with and without full text) and sitemap that lists the article or its section, topic, author."""
    scopes = [("site", "")]
    if article.section is not None:
        scopes.append(("rubrik", article.section.slug))
    scopes += [("thema", topic.slug) for topic in article.topics.all()]
    if article.author is not None:
        scopes.append(("autor", article.author.slug))
    urls = []
    for kind, slug in scopes:
        for format in FORMATS:
            path = feed_path(format, kind, slug)
            urls += [links.absolute(path), links.absolute(f"{path}?{FULL_CONTENT_PARAMETER}=1")]

    urls.append(links.absolute(reverse("distribution:sitemap_index")))
    urls.append(links.absolute(reverse("distribution:news_sitemap")))
    for name in SITEMAPS:
        if name == "seiten":
            continue  # lists no articles and no article dates
        urls.append(links.absolute(reverse("distribution:sitemap", kwargs={"section": name})))
    article_sitemap = links.absolute(reverse("distribution:sitemap", kwargs={"section": "artikel"}))
    pages = ArticleSitemap(links).paginator.num_pages
    urls += [f"{article_sitemap}?p={page}" for page in range(2, pages + 1)]
    return urls
