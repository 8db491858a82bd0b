"""Keep the search index current: publish and edit index, unpublish and delete remove, moves re-index,
and a renamed or deleted author re-indexes the bylines that name them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from blattwerk.news.batch import articles_changed_in_bulk, current_batch
from blattwerk.news.models import ArticlePage, Author

from .backends import get_backend
from .models import SearchDocument


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


def _reindex_after_commit(article_ids: list[int]) -> None:
    # After the commit, so a rolled-back edit changes nothing; in bulk, so an author with thousands of
    # articles costs bounded chunks of queries, not a dozen per article (see IndexTableBackend.index_articles).
    if article_ids:
        transaction.on_commit(lambda: get_backend().index_articles(article_ids))


@receiver(pre_save, sender=Author)
def remember_author_name(sender, instance: Author, raw: bool = False, **kwargs) -> None:
    """The name before the edit, so post_save knows whether the bylines in the index went stale."""
    if raw or instance.pk is None:
        instance._search_indexed_name = None
        return
    instance._search_indexed_name = Author.objects.filter(pk=instance.pk).values_list("name", flat=True).first()


@receiver(post_save, sender=Author)
def reindex_renamed_author(sender, instance: Author, created: bool, raw: bool = False, **kwargs) -> None:
    """The author's name is indexed with each of their articles ("Anna Berger" finds her articles)."""
    previous = getattr(instance, "_search_indexed_name", None)
    if created or raw or previous is None or previous == instance.name:
        return
    _reindex_after_commit(list(SearchDocument.objects.filter(author_id=instance.pk).values_list("pk", flat=True)))


@receiver(pre_delete, sender=Author)
def remember_author_articles(sender, instance: Author, **kwargs) -> None:
    # Deleting the author sets the documents' author to NULL, so collect them first.
    documents = SearchDocument.objects.filter(author_id=instance.pk)
    instance._search_article_ids = list(documents.values_list("pk", flat=True))


@receiver(post_delete, sender=Author)
def reindex_deleted_author(sender, instance: Author, **kwargs) -> None:
    _reindex_after_commit(getattr(instance, "_search_article_ids", []))


@receiver(articles_changed_in_bulk)
def reindex_articles(sender, article_ids: set[int], **kwargs) -> None:
    """After a batch (an import): index the published articles in bulk, drop the others."""
    get_backend().index_articles(article_ids)
