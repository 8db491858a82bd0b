"""Turn what the newsroom saves into live events for open pages."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from blattwerk.core import page_cache
from blattwerk.news.batch import current_batch
from blattwerk.news.models import ArticlePage

from . import rendering
from .events import SITE_CHANNEL, EventType, live_blog_channel, publish_event
from .models import BreakingNews, LiveBlogPage, LiveBlogStatus, LiveEntry


def _purge_live_blog(entry: LiveEntry) -> None:
    """A reader who opens the live blog afterwards gets the entry in the page itself."""
    url = entry.live_blog.url
    if url:
        transaction.on_commit(lambda: page_cache.purge([url]))


@receiver(post_save, sender=LiveEntry)
def entry_saved(sender, instance: LiveEntry, **kwargs) -> None:
    _purge_live_blog(instance)
    channel = live_blog_channel(instance.live_blog_id)
    if instance.deleted_at is not None:
        publish_event(channel, EventType.ENTRY_DELETED, {"entry": instance.pk})
    else:
        publish_event(channel, EventType.ENTRY, rendering.entry_payload(instance))


@receiver(post_delete, sender=LiveEntry)
def entry_deleted(sender, instance: LiveEntry, **kwargs) -> None:
    _purge_live_blog(instance)
    publish_event(live_blog_channel(instance.live_blog_id), EventType.ENTRY_DELETED, {"entry": instance.pk})


@receiver(post_save, sender=BreakingNews)
def breaking_news_saved(sender, instance: BreakingNews, **kwargs) -> None:
    # The bar is part of every page, so every cached page is stale.
    transaction.on_commit(page_cache.purge_all)
    current = BreakingNews.objects.current().first()
    if current is not None:
        publish_event(SITE_CHANNEL, EventType.BREAKING, rendering.breaking_payload(current))
    else:
        publish_event(SITE_CHANNEL, EventType.BREAKING_CLEARED, {"id": instance.pk})


@receiver(post_delete, sender=BreakingNews)
def breaking_news_deleted(sender, instance: BreakingNews, **kwargs) -> None:
    breaking_news_saved(sender, instance)


def _article_published(instance: ArticlePage) -> None:
    if current_batch() is not None:
        return  # an import of archived articles is no news for open pages
    if instance.updated_at is None and instance.first_published_at is not None:
        # A first publication (republishing within a minute counts as a correction, not news).
        publish_event(SITE_CHANNEL, EventType.ARTICLE, rendering.article_payload(instance))


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance: ArticlePage, revision=None, **kwargs) -> None:
    _article_published(instance)


@receiver(page_published, sender=LiveBlogPage)
def live_blog_published(sender, instance: LiveBlogPage, revision=None, **kwargs) -> None:
    _article_published(instance)
    if instance.status == LiveBlogStatus.ENDED:
        publish_event(live_blog_channel(instance.pk), EventType.LIVE_BLOG_ENDED, {})
