"""Keep derived data current when the newsroom publishes, unpublishes or moves articles."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from blattwerk.core import page_cache

from . import related
from .batch import articles_changed_in_bulk, current_batch
from .invalidation import stale_urls
from .models import ArticlePage, SectionPage


@receiver(page_published)
def article_published(sender, instance, **kwargs) -> None:
    """Every kind of article, live blogs included (Wagtail sends the specific class as sender)."""
    if not isinstance(instance, ArticlePage):
        return
    if batch := current_batch():
        batch.note(instance.pk)
        return
    related.update_related(instance)
    page_cache.purge(stale_urls(instance))


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs) -> None:
    if not isinstance(instance, ArticlePage):
        return
    if batch := current_batch():
        batch.note(instance.pk)
        return
    stale = stale_urls(instance)
    related.forget(instance)
    page_cache.purge(stale)


@receiver(post_page_move)
def article_moved(sender, instance, parent_page_after, **kwargs) -> None:
    """Moving an article to another section updates its denormalised section."""
    specific = instance.specific
    if isinstance(specific, ArticlePage):
        new_section = parent_page_after.specific
        if isinstance(new_section, SectionPage):
            ArticlePage.objects.filter(pk=specific.pk).update(section=new_section)
        if batch := current_batch():
            batch.note(specific.pk)


@receiver(articles_changed_in_bulk)
def articles_changed(sender, article_ids: set[int], **kwargs) -> None:
    """After a batch (an import): all related lists in one pass; the whole page cache is stale anyway."""
    related.update_many(article_ids)
    page_cache.purge_all()
