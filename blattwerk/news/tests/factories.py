"""Factories for news pages: articles are created in the tree and published like an editor would."""

from __future__ import annotations

import factory
from django.utils.html import escape

from blattwerk.news import related
from blattwerk.news.models import ArticlePage, ArticleTerm, Author, RelatedArticle, SectionPage


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testautorin {n}")
    slug = factory.Sequence(lambda n: f"testautorin-{n}")
    role = "Redakteurin"


def paragraphs(*texts: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in texts]


class ArticlePageFactory(factory.Factory):
    """Builds an ArticlePage under `section` (default: Politik of the demo site).

    `publish=True` (default) publishes it through a revision, as the admin does, so the
    publish signals (related articles) run; `publish=False` leaves a draft.
    """

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Testartikel Nummer {n}")
    slug = factory.Sequence(lambda n: f"testartikel-{n}")
    lead = "Ein kurzer Vorspann, der das Wichtigste des Testartikels in einem Satz zusammenfasst."
    body = factory.LazyFunction(lambda: paragraphs("Ein Absatz mit etwas Text für den Test."))

    @classmethod
    def _create(cls, model_class, *args, section: SectionPage | None = None, topics=(), publish=True, **kwargs):
        if section is None:
            section = SectionPage.objects.get(slug="politik")
        # As the admin does: a new page starts as a draft and only goes live when published.
        page = model_class(live=False, **kwargs)
        section.add_child(instance=page)
        if topics:
            page.topics.add(*topics)
            page.save()
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    @classmethod
    def _build(cls, model_class, *args, section=None, topics=(), publish=True, **kwargs):
        return model_class(**kwargs)


def per_article_related_rebuild(articles: list[ArticlePage] | None = None) -> None:
    """What `related.rebuild_all` stands for, spelled out with the per-article functions of the publish path.

    The reference the bulk paths (rebuild, deferred import) are compared against.
    """
    if articles is None:
        articles = list(ArticlePage.objects.published().order_by("published_at", "pk"))
    for _pass in range(2):
        for article in articles:
            related.index_terms(article)
    RelatedArticle.objects.all().delete()
    for article in articles:
        weights = dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))
        ranked = related.rank_candidates(article, weights)[: related.STORED_PER_ARTICLE]
        RelatedArticle.objects.bulk_create([RelatedArticle(article=article, related=o, score=v) for o, v in ranked])
