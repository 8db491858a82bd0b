"""Turn what the newsroom saves into live events for open pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from blattwerk.news import related
from blattwerk.news.models import ArticlePage

from . import rendering
from .events import SITE_CHANNEL, EventType, live_blog_channel, publish_event
from .models import BreakingNews, LiveBlogPage, LiveBlogStatus, LiveEntry


@receiver(post_save, sender=LiveEntry)
def entry_saved(sender, instance: LiveEntry, **kwargs) -> None:
    channel = live_blog_channel(instance.live_blog_id)
    if instance.deleted_at is not None:
        publish_event(channel, EventType.ENTRY_DELETED, {"entry": instance.pk})
    else:
        publish_event(channel, EventType.ENTRY, rendering.entry_payload(instance))


@receiver(post_delete, sender=LiveEntry)
def entry_deleted(sender, instance: LiveEntry, **kwargs) -> None:
    publish_event(live_blog_channel(instance.live_blog_id), EventType.ENTRY_DELETED, {"entry": instance.pk})


@receiver(post_save, sender=BreakingNews)
def breaking_news_saved(sender, instance: BreakingNews, **kwargs) -> None:
    current = BreakingNews.objects.current().first()
    if current is not None:
        publish_event(SITE_CHANNEL, EventType.BREAKING, rendering.breaking_payload(current))
    else:
        publish_event(SITE_CHANNEL, EventType.BREAKING_CLEARED, {"id": instance.pk})


@receiver(post_delete, sender=BreakingNews)
def breaking_news_deleted(sender, instance: BreakingNews, **kwargs) -> None:
    breaking_news_saved(sender, instance)


def _article_published(instance: ArticlePage) -> None:
    if instance.updated_at is None and instance.first_published_at is not None:
        # A first publication (republishing within a minute counts as a correction, not news).
        publish_event(SITE_CHANNEL, EventType.ARTICLE, rendering.article_payload(instance))


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance: ArticlePage, revision=None, **kwargs) -> None:
    _article_published(instance)


@receiver(page_published, sender=LiveBlogPage)
def live_blog_published(sender, instance: LiveBlogPage, revision=None, **kwargs) -> None:
    related.update_related(instance)  # news keeps related articles current for its own page type only
    _article_published(instance)
    if instance.status == LiveBlogStatus.ENDED:
        publish_event(live_blog_channel(instance.pk), EventType.LIVE_BLOG_ENDED, {})
