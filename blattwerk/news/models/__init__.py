from .authors import Author
from .pages import (
    ArticlePage,
    ArticlePageQuerySet,
    AuthorIndexPage,
    HomePage,
    SectionPage,
    TopicIndexPage,
)
from .related import ArticleTerm, RelatedArticle
from .topics import ArticleTopic, Topic

__all__ = [
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTerm",
    "ArticleTopic",
    "Author",
    "AuthorIndexPage",
    "HomePage",
    "RelatedArticle",
    "SectionPage",
    "Topic",
    "TopicIndexPage",
]
