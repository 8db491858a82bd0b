"""Related articles by content: TF-IDF over German stems, stored when an article is published.

Page views only read the stored list. Publishing an article (1) replaces its
weighted terms in an inverted index, (2) ranks candidates sharing rare terms with
one SQL aggregate, (3) stores its best matches and (4) offers itself to those
candidates, whose lists take it if it beats their weakest entry. Scores are
symmetric, so the same number serves both directions.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from itertools import islice

import numpy as np
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
    # Sorted: ties between equal weights must not depend on the order a query returns topics in.
    for topic in sorted(article.topics.all(), key=lambda topic: topic.slug):
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


# Rows of the similarity matrix computed at once by rebuild_all: bounds its memory (rows × articles floats).
REBUILD_CELLS = 4_000_000
WRITE_BATCH = 5000
# A batch of changed articles this large (or this share of all published ones) is caught up by one rebuild
# of every list; smaller batches take the per-article path.
BULK_MIN_ARTICLES = 200
BULK_MIN_SHARE = 0.1


@transaction.atomic
def rebuild_all(articles: Iterable[ArticlePage]) -> int:
    """Recompute the terms and related lists of `articles` (every candidate there is), in bulk.

    The result is that of the per-article functions: each article indexed twice in order with
    `index_terms` (the second pass sees the idf of the whole collection), then ranked with
    `rank_candidates`. Indexing is replayed in memory (the idf counts evolve exactly as in the table)
    and ranking is a sparse matrix product done term by term with numpy, a block of rows at a time:
    the SQL aggregate scans each term's postings once per article, which grows with the square of
    the archive.
    """
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    sections: list[int] = []
    dates: list[float] = []
    article_terms: list[array] = []
    article_counts: list[array] = []
    for article in articles:
        counts = term_counts(article)
        ids.append(article.pk)
        sections.append(article.section_id or -1)
        dates.append(article.published_at.timestamp() if article.published_at else np.nan)
        article_terms.append(array("l", (vocabulary.setdefault(term, len(vocabulary)) for term in counts)))
        article_counts.append(array("d", counts.values()))
    total = len(ids)

    # The stored terms as they stand: they count in the idf the first pass sees.
    frequencies: Counter[int] = Counter()
    stored: dict[int, list[int]] = {}
    for article_id, term in ArticleTerm.objects.values_list("article_id", "term").iterator(chunk_size=5000):
        key = vocabulary.setdefault(term, len(vocabulary))
        stored.setdefault(article_id, []).append(key)
        frequencies[key] += 1
    selected: list[tuple[list[int], list[float]]] = []
    for _pass in range(2):
        selected = []
        for article_id, terms, counts in zip(ids, article_terms, article_counts, strict=True):
            indexed = len(stored) + 1
            scored = {
                term: (1 + math.log(count)) * (math.log((indexed + 1) / (frequencies[term] + 1)) + 1.0)
                for term, count in zip(terms, counts, strict=True)
            }
            top = dict(sorted(scored.items(), key=lambda item: item[1], reverse=True)[:TERMS_PER_ARTICLE])
            norm = math.sqrt(sum(weight * weight for weight in top.values())) or 1.0
            frequencies.subtract(stored.pop(article_id, []))
            if top:
                stored[article_id] = list(top)
                frequencies.update(top.keys())
            selected.append((list(top), [weight / norm for weight in top.values()]))
    del article_terms, article_counts, stored, frequencies
    ArticleTerm.objects.all().delete()
    RelatedArticle.objects.all().delete()
    if not total:
        return 0
    size = len(vocabulary)

    names = list(vocabulary)
    term_rows = (
        ArticleTerm(article_id=article_id, term=names[term], weight=weight)
        for article_id, (terms, weights) in zip(ids, selected, strict=True)
        for term, weight in zip(terms, weights, strict=True)
    )
    # bulk_create makes a list of what it is given: feed it slices, so memory does not grow with the archive.
    while chunk := list(islice(term_rows, WRITE_BATCH)):
        ArticleTerm.objects.bulk_create(chunk)

    # Postings: for every term, the articles (row numbers) that keep it and their weights.
    rows = np.fromiter((row for row, (terms, _w) in enumerate(selected) for _term in terms), np.int64)
    terms_flat = np.fromiter((term for terms, _w in selected for term in terms), np.int64)
    weights_flat = np.fromiter((weight for _t, weights in selected for weight in weights), np.float64)
    order = np.argsort(terms_flat, kind="stable")
    posting_rows, posting_weights = rows[order], weights_flat[order]
    starts = np.searchsorted(terms_flat[order], np.arange(size + 1))

    section_of = np.array(sections)
    date_of = np.array(dates)
    block = max(1, REBUILD_CELLS // total)
    for first_row in range(0, total, block):
        last_row = min(total, first_row + block)
        similarity = np.zeros((last_row - first_row, total))
        for row in range(first_row, last_row):
            line = similarity[row - first_row]
            for term, weight in zip(*selected[row], strict=True):
                postings = slice(starts[term], starts[term + 1])
                line[posting_rows[postings]] += weight * posting_weights[postings]
            line[row] = 0.0
        RelatedArticle.objects.bulk_create(_best(similarity, first_row, ids, section_of, date_of))
    return total


def _best(similarity: np.ndarray, first_row: int, ids: list[int], section_of, date_of) -> list[RelatedArticle]:
    """The stored related articles for a block of rows: what `rank_candidates` keeps, vectorised."""
    shortlist = min(CANDIDATES * 2, similarity.shape[1])
    if shortlist < similarity.shape[1]:
        candidates = np.argpartition(-similarity, shortlist - 1, axis=1)[:, :shortlist]
    else:
        candidates = np.tile(np.arange(similarity.shape[1]), (similarity.shape[0], 1))
    found = []
    for offset, columns in enumerate(candidates):
        row = first_row + offset
        values = similarity[offset, columns]
        columns, values = columns[values > 0], values[values > 0]
        boost = np.where((section_of[columns] == section_of[row]) & (section_of[row] != -1), SAME_SECTION_BOOST, 1.0)
        days = np.abs(date_of[columns] - date_of[row]) / 86400
        recency = np.where(np.isnan(days), 1.0, (1 + days / RECENCY_SCALE_DAYS) ** -RECENCY_EXPONENT)
        scores = values * boost * recency
        best = np.argsort(-scores, kind="stable")[: min(CANDIDATES, STORED_PER_ARTICLE)]
        found += [
            RelatedArticle(article_id=ids[row], related_id=ids[column], score=float(value))
            for column, value in zip(columns[best].tolist(), scores[best].tolist(), strict=True)
        ]
    return found


def update_many(article_ids: set[int]) -> None:
    """Catch up the related lists after a batch of articles was published, changed or withdrawn.

    Large batches (an archive import) rebuild every list at once; a few articles take the per-article path.
    """
    published = ArticlePage.objects.published()
    if len(article_ids) >= BULK_MIN_ARTICLES or len(article_ids) >= BULK_MIN_SHARE * published.count():
        ArticleTerm.objects.exclude(article__in=published).delete()
        RelatedArticle.objects.exclude(article__in=published).delete()
        RelatedArticle.objects.exclude(related__in=published).delete()
        rebuild_all(published.prefetch_related("topics").order_by("published_at", "pk").iterator(chunk_size=500))
        return
    changed = set(published.filter(pk__in=article_ids).values_list("pk", flat=True))
    for article in ArticlePage.objects.filter(pk__in=article_ids - changed):
        forget(article)
    for article in published.filter(pk__in=changed).order_by("published_at", "pk"):
        update_related(article)
