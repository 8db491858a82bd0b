"""Defer the per-article derived work while many articles change at once (an archive import).

Publishing one article updates its related list and the lists of its best matches, its search
document, the page cache and the live stream. For an import of thousands of articles that
per-article work dominates (and grows with the archive), so importers wrap their loop in
`deferred_article_updates()`: the publish/unpublish handlers then only note the article ids, and
when the block ends `articles_changed_in_bulk` is sent once with all of them. Its receivers
(news: related lists and page cache; search: the index) catch up in bulk. Live events are not
sent for articles published in a batch: an archive arriving is not breaking news.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent once when a deferred block ends; kwargs: article_ids (set[int]) — every article published,
# changed, moved or unpublished inside the block. Receivers look at the articles' state now.
articles_changed_in_bulk = Signal()


@dataclass
class ArticleBatch:
    article_ids: set[int] = field(default_factory=set)

    def note(self, article_id: int | None) -> None:
        if article_id is not None:
            self.article_ids.add(article_id)

    def discard(self) -> None:
        """Forget what was noted (a dry run that is rolled back needs no catching up)."""
        self.article_ids.clear()


_current: ContextVar[ArticleBatch | None] = ContextVar("blattwerk_article_batch", default=None)


def current_batch() -> ArticleBatch | None:
    """The open batch, if any: signal handlers note the article there instead of doing their work."""
    return _current.get()


@contextmanager
def deferred_article_updates() -> Iterator[ArticleBatch]:
    """Suspend per-article related/search/cache/live updates; catch up in bulk when the block succeeds.

    Nested blocks join the outer one. If the block raises, nothing is caught up (the caller's
    transaction is expected to roll the articles back as well).
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    batch = ArticleBatch()
    token = _current.set(batch)
    try:
        yield batch
    finally:
        _current.reset(token)
    if batch.article_ids:
        articles_changed_in_bulk.send(sender=ArticleBatch, article_ids=set(batch.article_ids))
