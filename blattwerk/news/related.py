"""Related articles by content: TF-IDF over German stems, stored when an article is published.

Page views only read the stored list. Publishing an article (1) replaces its
weighted terms in an inverted index, (2) ranks candidates sharing rare terms with
one SQL aggregate, (3) stores its best matches and (4) offers itself to those
candidates, whose lists take it if it beats their weakest entry. Scores are
symmetric, so the same number serves both directions.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Sum, Value, When
from django.utils.html import strip_tags

from blattwerk.core.german import stems

from .models import ArticlePage, ArticleTerm, RelatedArticle

# How much a word counts by where it stands.
FIELD_WEIGHTS = {"title": 3.0, "lead": 2.0, "body": 1.0, "topics": 4.0}
TERMS_PER_ARTICLE = 40
STORED_PER_ARTICLE = 8
CANDIDATES = 40
SAME_SECTION_BOOST = 1.25
# Articles far apart in time are weaker matches: 30 days apart scores about 0.8 of the same day.
RECENCY_SCALE_DAYS = 30.0
RECENCY_EXPONENT = 0.3


def _body_text(article: ArticlePage) -> str:
    parts = []
    for block in article.body:
        if block.block_type in {"heading", "paragraph"}:
            parts.append(getattr(block.value, "source", None) or str(block.value))
        elif block.block_type == "quote":
            parts.append(block.value["text"])
    return strip_tags(" ".join(parts))


def term_counts(article: ArticlePage) -> Counter[str]:
    """Field-weighted stem counts of an article; topics also count as whole terms."""
    counts: Counter[str] = Counter()
    fields = {"title": article.title, "lead": article.lead, "body": _body_text(article)}
    for field, text in fields.items():
        for stem in stems(text):
            counts[stem[:64]] += FIELD_WEIGHTS[field]
    for topic in article.topics.all():
        counts[f"#{topic.slug}"[:64]] += FIELD_WEIGHTS["topics"]
        for stem in stems(topic.name):
            counts[stem[:64]] += FIELD_WEIGHTS["topics"] / 2
    return counts


def _idf(terms: list[str]) -> dict[str, float]:
    total = ArticleTerm.objects.values("article_id").distinct().count() + 1
    frequencies = dict(
        ArticleTerm.objects.filter(term__in=terms).values("term").annotate(df=Count("id")).values_list("term", "df")
    )
    return {term: math.log((total + 1) / (frequencies.get(term, 0) + 1)) + 1.0 for term in terms}


def index_terms(article: ArticlePage) -> dict[str, float]:
    """Store the article's strongest terms (log tf × idf, L2-normalised) and return them."""
    counts = term_counts(article)
    idf = _idf(list(counts))
    scored = {term: (1 + math.log(count)) * idf[term] for term, count in counts.items()}
    top = dict(sorted(scored.items(), key=lambda item: item[1], reverse=True)[:TERMS_PER_ARTICLE])
    norm = math.sqrt(sum(weight * weight for weight in top.values())) or 1.0
    weights = {term: weight / norm for term, weight in top.items()}
    ArticleTerm.objects.filter(article=article).delete()
    ArticleTerm.objects.bulk_create(
        [ArticleTerm(article=article, term=term, weight=weight) for term, weight in weights.items()]
    )
    return weights


def _recency_factor(first: datetime | None, second: datetime | None) -> float:
    if first is None or second is None:
        return 1.0
    days = abs((first - second).total_seconds()) / 86400
    return (1 + days / RECENCY_SCALE_DAYS) ** -RECENCY_EXPONENT


def score(article: ArticlePage, other: ArticlePage, similarity: float) -> float:
    """Final, symmetric score: content similarity, same section, closeness in time."""
    boost = SAME_SECTION_BOOST if article.section_id and article.section_id == other.section_id else 1.0
    return similarity * boost * _recency_factor(article.published_at, other.published_at)


def rank_candidates(article: ArticlePage, weights: dict[str, float]) -> list[tuple[ArticlePage, float]]:
    """The published articles most similar to `article`, best first, with their scores."""
    if not weights:
        return []
    similarity = Sum(
        Case(
            *[When(term=term, then=Value(weight) * F("weight")) for term, weight in weights.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    rows = (
        ArticleTerm.objects.filter(term__in=list(weights))
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(similarity=similarity)
        .order_by("-similarity")[: CANDIDATES * 2]
    )
    similarities = {row["article_id"]: row["similarity"] for row in rows}
    candidates = ArticlePage.objects.published().filter(pk__in=similarities).only("pk", "section_id", "published_at")
    ranked = [(other, score(article, other, similarities[other.pk])) for other in candidates]
    ranked.sort(key=lambda pair: pair[1], reverse=True)
    return ranked[:CANDIDATES]


@transaction.atomic
def update_related(article: ArticlePage) -> list[tuple[ArticlePage, float]]:
    """Recompute an article's related list and let it into the lists of its best matches."""
    weights = index_terms(article)
    ranked = rank_candidates(article, weights)
    RelatedArticle.objects.filter(article=article).delete()
    previous_owners = _remove_from_lists(article)
    RelatedArticle.objects.bulk_create(
        [RelatedArticle(article=article, related=other, score=value) for other, value in ranked[:STORED_PER_ARTICLE]]
    )
    for other, value in ranked:
        _offer(other, article, value)
    # Lists that held the article before the edit but no longer match it must not stay short.
    _refill(previous_owners - {other.pk for other, _value in ranked})
    return ranked[:STORED_PER_ARTICLE]


def _remove_from_lists(article: ArticlePage) -> set[int]:
    """Take `article` out of every related list; return the articles whose lists held it."""
    holders = RelatedArticle.objects.filter(related=article)
    owners = set(holders.values_list("article_id", flat=True))
    holders.delete()
    return owners


def _refill(owner_ids: set[int]) -> None:
    """Recompute the lists of these articles from their stored terms (one aggregate query each)."""
    for owner in ArticlePage.objects.published().filter(pk__in=owner_ids).only("pk", "section_id", "published_at"):
        weights = dict(ArticleTerm.objects.filter(article=owner).values_list("term", "weight"))
        ranked = rank_candidates(owner, weights)
        RelatedArticle.objects.filter(article=owner).delete()
        RelatedArticle.objects.bulk_create(
            [RelatedArticle(article=owner, related=other, score=v) for other, v in ranked[:STORED_PER_ARTICLE]]
        )


def _offer(owner: ArticlePage, candidate: ArticlePage, value: float) -> None:
    """Insert `candidate` into `owner`'s list if it is among the owner's best."""
    current = list(RelatedArticle.objects.filter(article=owner).order_by("score"))
    if len(current) >= STORED_PER_ARTICLE:
        weakest = current[0]
        if weakest.score >= value:
            return
        weakest.delete()
    RelatedArticle.objects.update_or_create(article=owner, related=candidate, defaults={"score": value})


@transaction.atomic
def forget(article: ArticlePage) -> None:
    """Remove an unpublished article from the index and from every list, refilling those lists."""
    ArticleTerm.objects.filter(article=article).delete()
    _refill(_remove_from_lists(article))


def rebuild_all(articles) -> int:
    """Index every article first, then rank: idf is then the same for all of them."""
    articles = list(articles)
    for article in articles:
        index_terms(article)
    for article in articles:
        index_terms(article)  # second pass: term selection with the final idf
    RelatedArticle.objects.all().delete()
    for article in articles:
        ranked = rank_candidates(
            article, dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))
        )
        RelatedArticle.objects.bulk_create(
            [RelatedArticle(article=article, related=other, score=v) for other, v in ranked[:STORED_PER_ARTICLE]]
        )
    return len(articles)
