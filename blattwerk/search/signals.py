"""Keep the search index current: publish and edit index, unpublish and delete remove, moves re-index."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from blattwerk.news.batch import articles_changed_in_bulk, current_batch
from blattwerk.news.models import ArticlePage

from .backends import get_backend


@receiver(page_published, sender=ArticlePage)
def index_published_article(sender, instance: ArticlePage, **kwargs) -> None:
    if batch := current_batch():
        batch.note(instance.pk)
        return
    get_backend().index_article(instance)


@receiver(page_unpublished, sender=ArticlePage)
def remove_unpublished_article(sender, instance: ArticlePage, **kwargs) -> None:
    if batch := current_batch():
        batch.note(instance.pk)
        return
    get_backend().remove_article(instance.pk)


@receiver(pre_delete, sender=ArticlePage)
def remove_deleted_article(sender, instance: ArticlePage, **kwargs) -> None:
    get_backend().remove_article(instance.pk)


@receiver(post_page_move)
def reindex_moved_article(sender, instance, **kwargs) -> None:
    """A moved article changes section (and URL); its document follows."""
    if instance.specific_class is ArticlePage:
        if batch := current_batch():
            batch.note(instance.pk)
            return
        get_backend().index_article(instance.specific)


@receiver(articles_changed_in_bulk)
def reindex_articles(sender, article_ids: set[int], **kwargs) -> None:
    """After a batch (an import): index the published articles in bulk, drop the others."""
    get_backend().index_articles(article_ids)
