"""Which public URLs go stale when an article is published, changed or withdrawn.

One function names them all, so the page cache and any front cache purge exactly
these. Apps that publish more views of articles (feeds, sitemaps) add theirs with
`register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .models import ArticlePage, AuthorIndexPage, RelatedArticle, TopicIndexPage

StaleUrlProvider = Callable[[ArticlePage], Iterable[str]]
_providers: list[StaleUrlProvider] = []


def register(provider: StaleUrlProvider) -> StaleUrlProvider:
    """Add a function returning further stale paths for an article (usable as a decorator)."""
    _providers.append(provider)
    return provider


def _path(url: str | None) -> str | None:
    if not url:
        return None
    if "://" in url:
        url = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return url


def stale_urls(article: ArticlePage) -> list[str]:
    """Paths whose content shows `article`: itself, home, its section, topics, author, related lists."""
    paths: list[str | None] = [article.url, "/"]
    section = article.section
    if section is not None:
        paths.append(section.url)
    topic_index = TopicIndexPage.objects.live().first()
    if topic_index is not None:
        for topic in article.topics.all():
            paths.append(topic_index.url + topic_index.reverse_subpage("topic", args=[topic.slug]))
    author_index = AuthorIndexPage.objects.live().first()
    if author_index is not None and article.author is not None:
        paths.append(author_index.url + author_index.reverse_subpage("author", args=[article.author.slug]))
    owners = ArticlePage.objects.filter(pk__in=RelatedArticle.objects.filter(related=article).values("article"))
    paths.extend(owner.url for owner in owners)
    for provider in _providers:
        paths.extend(provider(article))
    unique: dict[str, None] = {}
    for path in paths:
        normalised = _path(path)
        if normalised:
            unique[normalised] = None
    return list(unique)
