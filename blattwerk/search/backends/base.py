"""The one search interface callers use, and the engine-neutral half of its implementation.

Callers (views, the JSON API, signals, commands) only use `SearchBackend`: index_article,
remove_article, search, suggest, did_you_mean, rebuild. An OpenSearch/Elasticsearch backend would
implement the same protocol without changing callers. `IndexTableBackend` holds what SQLite and
PostgreSQL share — the German analysis, the index tables, the vocabulary, typo correction,
highlighting — and leaves three small engine-specific queries to subclasses.
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from blattwerk.news.models import ArticlePage, Topic

from ..analysis import MIN_COMPOUND_PART, PREFIX, fold, is_safe_token, reverse, stem
from ..documents import build_document
from ..highlight import highlight, snippet
from ..models import SearchDocument, SearchTerm
from ..query import WORD, ParsedQuery, parse_query

logger = logging.getLogger(__name__)

# Fewer hits than this and the reader is offered a spelling correction.
FEW_RESULTS = 3
# Similarity (difflib ratio on folded words) a correction needs; "lawrov" → "lawrow" is 0.83.
CORRECTION_RATIO = 0.75
MIN_CORRECTABLE_LENGTH = 4
TYPO_CANDIDATES = 40
# Freshness: a new article's relevance counts up to (1 + FRESHNESS_WEIGHT) times; halved after FRESHNESS_DAYS.
FRESHNESS_WEIGHT = 1.0
FRESHNESS_DAYS = 7.0
# Field weights: title, lead, body, topics/author, compound parts.
FIELD_WEIGHTS = (8.0, 3.0, 1.0, 4.0, 1.0)
# Compound expansion: a query word also finds up to this many indexed words that begin or end with it.
COMPOUND_EXPANSIONS = 6
MIN_EXPANDABLE_LENGTH = 5
SPLIT_CANDIDATES = 8
MAX_PAGE = 50
# Relevance is ranked among the newest this-many matches (ids grow with publication): a news archive's
# readers want recent stories, and it bounds ranking work for words found in tens of thousands of articles.
# Totals are counted exactly up to this many; beyond, engines report RANKED_CANDIDATES + 1 and readers see
# "Mehr als 1.000 Treffer" (50 pages of 20 show no more than 1,000 anyway).
RANKED_CANDIDATES = 1000
VOCABULARY_BATCH = 500


class Sort(models.TextChoices):
    RELEVANCE = "relevanz", _("Relevanz")
    DATE = "datum", _("Datum")


class Period(models.TextChoices):
    DAY = "24h", _("letzte 24 Stunden")
    WEEK = "woche", _("letzte Woche")
    MONTH = "monat", _("letzter Monat")
    OLDER = "aelter", _("älter")


_PERIOD_DAYS = {Period.DAY: 1, Period.WEEK: 7, Period.MONTH: 30}


@dataclass(frozen=True)
class SearchFilters:
    section_id: int | None = None
    author_id: int | None = None
    period: str | None = None

    def published_between(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """(since, until) for the period filter; None where unbounded."""
        if self.period == Period.OLDER:
            return None, now - timedelta(days=_PERIOD_DAYS[Period.MONTH])
        if self.period in _PERIOD_DAYS:
            return now - timedelta(days=_PERIOD_DAYS[self.period]), None
        return None, None


@dataclass
class SearchHit:
    article: ArticlePage
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    # "Meinten Sie …?": a corrected query, and whether the hits shown are already those of the correction.
    suggestion: str | None = None
    corrected: bool = False

    @property
    def total_is_exact(self) -> bool:
        """False when more matched than are counted: `total` is then a lower bound ("Mehr als …")."""
        return self.total <= RANKED_CANDIDATES

    @property
    def shown_total(self) -> int:
        """The number to show: the exact total, or the counting limit when more matched."""
        return min(self.total, RANKED_CANDIDATES)

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.shown_total // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


@dataclass
class Suggestion:
    label: str
    url: str
    kind: str  # "topic" or "article"


class SearchBackend(Protocol):
    """What callers may use. Implementations choose how they store and query the index."""

    def index_article(self, article: ArticlePage) -> bool: ...

    def remove_article(self, article_id: int) -> None: ...

    def index_articles(self, article_ids: Iterable[int]) -> int: ...

    def search(
        self,
        query: str,
        filters: SearchFilters = ...,
        sort: str = ...,
        page: int = 1,
        per_page: int = 20,
    ) -> SearchResults: ...

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]: ...

    def did_you_mean(self, query: str) -> str | None: ...

    def rebuild(self, articles: Iterable[ArticlePage], progress: Callable[[int], None] | None = None) -> int: ...


class IndexTableBackend:
    """Shared implementation over SearchDocument/SearchTerm; engines implement the _-methods below."""

    vendor = ""

    # -- engine-specific ---------------------------------------------------------------------

    def _match(
        self,
        parsed: ParsedQuery,
        filters: SearchFilters,
        sort: str,
        offset: int,
        limit: int,
        now: datetime,
    ) -> tuple[list[int], int]:
        """Ids of matching articles in order for one page, and the total number of matches: exact up to
        RANKED_CANDIDATES, else RANKED_CANDIDATES + 1."""
        raise NotImplementedError

    def _typo_candidates(self, folded: str, limit: int) -> list[tuple[str, str, int]]:
        """Vocabulary entries (term, display, documents) that look like `folded`."""
        raise NotImplementedError

    def _title_prefix(self, keys: list[str], prefix: str, limit: int) -> list[int]:
        """Newest articles whose title has all `keys` and a word starting with `prefix`."""
        raise NotImplementedError

    # -- indexing ----------------------------------------------------------------------------

    @transaction.atomic
    def index_article(self, article: ArticlePage) -> bool:
        """Index a published article (True) or remove an unpublished/scheduled one (False)."""
        published = ArticlePage.objects.published().filter(pk=article.pk).first()
        if published is None:
            self.remove_article(article.pk)
            return False
        document, words = build_document(published)
        previous = SearchDocument.objects.filter(pk=article.pk).values_list("words", flat=True).first()
        old_words = set(previous.split()) if previous else set()
        document.save()
        self._count_words({word: words[word] for word in words.keys() - old_words}, +1)
        self._count_words({word: word for word in old_words - words.keys()}, -1)
        return True

    @transaction.atomic
    def remove_article(self, article_id: int) -> None:
        previous = SearchDocument.objects.filter(pk=article_id).values_list("words", flat=True).first()
        if previous is None:
            return
        SearchDocument.objects.filter(pk=article_id).delete()
        self._count_words({word: word for word in previous.split()}, -1)

    @transaction.atomic
    def index_articles(self, article_ids: Iterable[int]) -> int:
        """`index_article` for many articles at once (after an import, an author renamed): the same documents
        and vocabulary, read in bounded chunks and written in bulk. Returns how many are indexed now."""
        ids = sorted(set(article_ids))
        removed: Counter[str] = Counter()
        for start in range(0, len(ids), VOCABULARY_BATCH):
            chunk = ids[start : start + VOCABULARY_BATCH]
            for words in SearchDocument.objects.filter(pk__in=chunk).values_list("words", flat=True):
                removed.update(words.split())
            SearchDocument.objects.filter(pk__in=chunk).delete()
        for term, count in removed.items():
            SearchTerm.objects.filter(term=term).update(documents=F("documents") - count)
        if removed:
            SearchTerm.objects.filter(documents__lte=0).delete()
        return self.bulk_load(build_document(article) for article in self._published_in_chunks(ids))

    @staticmethod
    def _published_in_chunks(ids: list[int]) -> Iterator[ArticlePage]:
        """The published ones among `ids`, in id order, a bounded query at a time."""
        for start in range(0, len(ids), VOCABULARY_BATCH):
            yield from (
                ArticlePage.objects.published()
                .filter(pk__in=ids[start : start + VOCABULARY_BATCH])
                .select_related("author")
                .order_by("pk")
            )  # topics are read per article, as index_article does: a prefetch may order them differently

    def _count_words(self, words: dict[str, str], delta: int) -> None:
        items = list(words.items())
        for start in range(0, len(items), VOCABULARY_BATCH):
            batch = dict(items[start : start + VOCABULARY_BATCH])
            SearchTerm.objects.filter(term__in=list(batch)).update(documents=F("documents") + delta)
            if delta > 0:
                SearchTerm.objects.bulk_create(
                    [
                        SearchTerm(term=term, reversed_term=reverse(term), display=display, documents=delta)
                        for term, display in batch.items()
                    ],
                    ignore_conflicts=True,
                )
            else:
                SearchTerm.objects.filter(term__in=list(batch), documents__lte=0).delete()

    def rebuild(self, articles: Iterable[ArticlePage], progress: Callable[[int], None] | None = None) -> int:
        """Replace the whole index with `articles` (only the published ones are kept). Idempotent."""
        published_ids = set(ArticlePage.objects.published().values_list("pk", flat=True))
        documents = (build_document(article) for article in articles if article.pk in published_ids)
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        return self.bulk_load(documents, progress)

    def bulk_load(
        self,
        documents: Iterable[tuple[SearchDocument, dict[str, str]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Insert many new documents in batches and count their vocabulary once at the end."""
        counts: Counter[str] = Counter()
        displays: dict[str, str] = {}
        batch: list[SearchDocument] = []
        done = 0
        for document, words in documents:
            batch.append(document)
            counts.update(words.keys())
            for term, display in words.items():
                displays.setdefault(term, display)
            done += 1
            if len(batch) >= VOCABULARY_BATCH:
                with transaction.atomic():
                    SearchDocument.objects.bulk_create(batch)
                batch.clear()
                if progress:
                    progress(done)
        with transaction.atomic():
            SearchDocument.objects.bulk_create(batch)
            existing: set[str] = set()
            terms = list(counts)
            for start in range(0, len(terms), VOCABULARY_BATCH):
                chunk = terms[start : start + VOCABULARY_BATCH]
                existing.update(SearchTerm.objects.filter(term__in=chunk).values_list("term", flat=True))
            SearchTerm.objects.bulk_create(
                [
                    SearchTerm(term=t, reversed_term=reverse(t), display=displays[t], documents=n)
                    for t, n in counts.items()
                    if t not in existing
                ],
                batch_size=5000,
            )
            for term in existing:
                SearchTerm.objects.filter(term=term).update(documents=F("documents") + counts[term])
        if progress:
            progress(done)
        return done

    # -- searching ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: SearchFilters = SearchFilters(),  # noqa: B008  (immutable)
        sort: str = Sort.RELEVANCE,
        page: int = 1,
        per_page: int = 20,
    ) -> SearchResults:
        parsed = self._prepare(parse_query(query))
        page = max(1, min(page, MAX_PAGE))
        results = SearchResults(query=parsed, page=page, per_page=per_page)
        if not parsed.is_searchable:
            return results
        now = timezone.now()
        offset = (page - 1) * per_page
        ids, total = self._match(parsed, filters, sort, offset, per_page, now)
        if total < FEW_RESULTS:
            correction = self._correct(parsed)
            if correction:
                results.suggestion = correction
                if total == 0:
                    corrected = self._prepare(parse_query(correction))
                    corrected_ids, corrected_total = self._match(corrected, filters, sort, offset, per_page, now)
                    if corrected_total:
                        parsed, ids, total = corrected, corrected_ids, corrected_total
                        results.corrected = True
        results.total = total
        results.hits = self._hits(ids, parsed)
        return results

    def _prepare(self, parsed: ParsedQuery) -> ParsedQuery:
        """Widen plain query words with compounds from the index vocabulary (the same on every engine).

        - "Mehrwertsteuer" also finds indexed words beginning with it ("Mehrwertsteuererhöhung"),
          "Streik" also words ending in it ("Bahnstreik", "Warnstreik");
        - a compound the index does not know ("Ukrainekrieg") also matches its two known parts,
          so it finds what "Ukraine-Krieg" and "Krieg Ukraine" find.
        Known compounds keep their meaning: "Handball" is not split into "Hand" and "Ball".
        """
        clauses = {fold(clause.words[0]): clause for clause in parsed.clauses if clause.expandable}
        clauses = {folded: clause for folded, clause in clauses.items() if len(folded) >= MIN_EXPANDABLE_LENGTH}
        if not clauses:
            return parsed
        known = set(SearchTerm.objects.filter(term__in=list(clauses)).values_list("term", flat=True))
        for folded, clause in clauses.items():
            keys = clause.keys
            if folded not in known:
                split = self._split(folded)
                if split and split not in clause.alternatives:
                    clause.alternatives.append(split)
            for term in self._compounds_with(folded):
                key = stem(term)
                if key and key not in keys and is_safe_token(key):
                    clause.alternatives.append([key])
                    keys.add(key)
        return parsed

    @staticmethod
    def _compounds_with(folded: str) -> list[str]:
        """The most frequent indexed words that begin or end with `folded` and are longer compounds."""
        longer = MIN_COMPOUND_PART - 1
        heads = (
            SearchTerm.objects.filter(term__gt=folded, term__lt=folded + "\uffff")
            .order_by("-documents")
            .values_list("term", flat=True)[: COMPOUND_EXPANSIONS * 2]
        )
        backwards = reverse(folded)
        tails = (
            SearchTerm.objects.filter(reversed_term__gt=backwards, reversed_term__lt=backwards + "\uffff")
            .order_by("-documents")
            .values_list("term", flat=True)[: COMPOUND_EXPANSIONS * 2]
        )
        found = [term for term in heads if len(term) >= len(folded) + longer][:COMPOUND_EXPANSIONS]
        found += [term for term in tails if len(term) >= len(folded) + longer][:COMPOUND_EXPANSIONS]
        return found

    @staticmethod
    def _split(folded: str) -> list[str] | None:
        """Keys of the two indexed words a compound is made of ("ukrainekrieg" → ukrain, krieg), or None."""
        candidates = []
        for index in range(MIN_COMPOUND_PART, len(folded) - MIN_COMPOUND_PART + 1):
            head, tail = folded[:index], folded[index:]
            candidates.append((head, tail))
            # The linking "s" (Handels-konflikt) belongs to neither word.
            if head.endswith("s") and len(head) > MIN_COMPOUND_PART:
                candidates.append((head[:-1], tail))
        if not candidates:
            return None
        words = {word for pair in candidates for word in pair}
        known = set(SearchTerm.objects.filter(term__in=list(words)).values_list("term", flat=True))
        # Prefer balanced splits, then the longer head ("mehrwertsteuer|erhohung").
        candidates.sort(key=lambda pair: (min(len(pair[0]), len(pair[1])), len(pair[0])), reverse=True)
        for head, tail in candidates[:SPLIT_CANDIDATES]:
            if tail not in known:
                continue
            if head in known:
                keys = [stem(head), stem(tail)]
            elif (
                len(head) >= MIN_EXPANDABLE_LENGTH
                and SearchTerm.objects.filter(term__gt=head, term__lt=head + "\uffff").exists()
            ):
                # The head is known only as the start of other compounds ("Rekord" in "Rekordwert"): a prefix.
                keys = [head + PREFIX, stem(tail)]
            else:
                continue
            if all(key and is_safe_token(key.removesuffix(PREFIX)) for key in keys):
                return keys
        return None

    def _hits(self, ids: list[int], parsed: ParsedQuery) -> list[SearchHit]:
        if not ids:
            return []
        articles = {article.pk: article for article in ArticlePage.objects.teasers().filter(pk__in=ids)}
        documents = SearchDocument.objects.filter(pk__in=ids).only("article_id", "title", "lead", "body")
        texts = {document.pk: document for document in documents}
        keys = parsed.highlight_keys
        hits = []
        for article_id in ids:
            article, document = articles.get(article_id), texts.get(article_id)
            if article is None or document is None:
                continue  # unpublished a moment ago; the index catches up through the signal
            hits.append(
                SearchHit(
                    article=article,
                    title_html=highlight(document.title, keys),
                    snippet_html=snippet(f"{document.lead} {document.body}", keys),
                )
            )
        return hits

    # -- spelling ----------------------------------------------------------------------------

    def did_you_mean(self, query: str) -> str | None:
        return self._correct(parse_query(query))

    def _correct(self, parsed: ParsedQuery) -> str | None:
        """The query with unknown words replaced by the closest frequent indexed word, or None."""
        replacements: dict[str, str] = {}
        # Excluded words are left as typed: correcting them would not help the reader find anything.
        words = [word for clause in parsed.positive for word in clause.words]
        unknown = {fold(word): word for word in words if len(word) >= MIN_CORRECTABLE_LENGTH and word.isalpha()}
        if not unknown:
            return None
        known = set(SearchTerm.objects.filter(term__in=list(unknown)).values_list("term", flat=True))
        for folded, word in unknown.items():
            if folded in known or self._has_inflection(word):
                continue
            best = self._closest(folded)
            if best and fold(best) != folded:
                replacements[word] = best
        if not replacements:
            return None
        return parsed.replace_words(replacements)

    @staticmethod
    def _has_inflection(word: str) -> bool:
        """Whether the index knows this word in another form ("Soldat" → "soldaten"): then it is no typo."""
        folded, key = fold(word), stem(word)
        if not key:
            return True
        # Ranges instead of LIKE, so the unique index on `term` serves them on every engine.
        if SearchTerm.objects.filter(term__gte=folded, term__lt=folded + "\uffff").exists():
            return True
        similar = SearchTerm.objects.filter(term__gte=key, term__lt=key + "\uffff").values_list("term", flat=True)
        return any(stem(term) == key for term in similar[:50])

    def _closest(self, folded: str) -> str | None:
        best: tuple[float, int, str] | None = None
        for term, display, documents in self._typo_candidates(folded, TYPO_CANDIDATES):
            ratio = difflib.SequenceMatcher(None, folded, term).ratio()
            if ratio < CORRECTION_RATIO:
                continue
            candidate = (ratio, documents, display)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best[2] if best else None

    # -- suggestions while typing --------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Topics and headlines for a partly typed query."""
        words = WORD.findall(" ".join(prefix.split())[:100])
        if not words or len(words[-1]) < 2:
            return []
        suggestions: list[Suggestion] = []
        if len(words) == 1:
            topics = Topic.objects.filter(name__istartswith=words[0]).order_by("name")[:3]
            suggestions += [Suggestion(topic.name, topic.get_url() or "", "topic") for topic in topics]
        keys = [key for word in words[:-1] if (key := stem(word)) and is_safe_token(key)]
        last = fold(words[-1])
        last_key = stem(words[-1]) or last
        prefix_key = last_key if last.startswith(last_key) else last
        if not is_safe_token(prefix_key):
            return suggestions
        ids = self._title_prefix(keys, prefix_key, limit - len(suggestions))
        articles = {article.pk: article for article in ArticlePage.objects.published().filter(pk__in=ids)}
        for article_id in ids:
            if article_id in articles:
                article = articles[article_id]
                suggestions.append(Suggestion(article.title, article.url or "", "article"))
        return suggestions[:limit]

    # -- helpers for subclasses ----------------------------------------------------------------

    @staticmethod
    def _safe_keys(keys: Iterable[str]) -> list[str]:
        return [key for key in keys if is_safe_token(key)]
