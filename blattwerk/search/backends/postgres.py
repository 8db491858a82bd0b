"""PostgreSQL: a generated tsvector over the analysed columns (GIN), ts_rank_cd blended with freshness,
pg_trgm similarity on the vocabulary for typos."""

from __future__ import annotations

from django.db import connection, transaction

from ..analysis import PREFIX
from ..query import Clause, ParsedQuery
from .base import (
    FIELD_WEIGHTS,
    FRESHNESS_DAYS,
    FRESHNESS_WEIGHT,
    RANKED_CANDIDATES,
    IndexTableBackend,
    SearchFilters,
    Sort,
)

DOCUMENTS = "blattwerk_search_searchdocument"
TERMS = "blattwerk_search_searchterm"
# ts_rank weights are ordered {D, C, B, A}: compound parts, body, lead/topics, title.
RANK_WEIGHTS = "{%s, %s, %s, %s}" % (  # noqa: UP031
    FIELD_WEIGHTS[4] / FIELD_WEIGHTS[0],
    FIELD_WEIGHTS[2] / FIELD_WEIGHTS[0],
    FIELD_WEIGHTS[1] / FIELD_WEIGHTS[0],
    1.0,
)
# Candidates are pre-scored on `rank_vector` and only this many (or a page's end, if further) are ranked on
# the full `search_vector` (see migration 0004).
PRE_RANKED = 100
# Relevance × (1 + FRESHNESS_WEIGHT / (1 + age in days / FRESHNESS_DAYS)), as on SQLite.
FRESHNESS = "(1.0 + %s / (1.0 + EXTRACT(EPOCH FROM (%s - d.published_at)) / 86400.0 / %s))"
# Matching starts with the newest FIRST_SLICE documents and widens at most SLICES times before it matches
# everything (see PostgresBackend._newest_matches).
FIRST_SLICE = 2000
SLICES = 3
SLICE_MARGIN = 1.25
# A slice over more than this share of all documents is hardly cheaper than matching everything.
LARGEST_SLICE = 0.5


def _quoted(key: str) -> str:
    # Keys are letters and digits only (analysis.is_safe_token), so they cannot break out of the quotes.
    if key.endswith(PREFIX):
        return f"'{key.removesuffix(PREFIX)}':*"
    return f"'{key}'"


def _clause(clause: Clause) -> str:
    if clause.phrase and len(clause.alternatives) == 1 and len(clause.alternatives[0]) > 1:
        return "(" + " <-> ".join(_quoted(key) for key in clause.alternatives[0]) + ")"
    alternatives = ["(" + " & ".join(_quoted(key) for key in alt) + ")" for alt in clause.alternatives]
    return "(" + " | ".join(alternatives) + ")"


def ts_query(parsed: ParsedQuery) -> str:
    """The to_tsquery('simple', …) input for a parsed query, built from analysed keys only."""
    parts = [_clause(clause) for clause in parsed.positive]
    parts += [f"!{_clause(clause)}" for clause in parsed.negative]
    return " & ".join(parts)


class PostgresBackend(IndexTableBackend):
    vendor = "postgresql"

    def _filters(self, filters: SearchFilters, now) -> tuple[list[str], list]:
        conditions, params = [], []
        # Plain columns, so the planner may combine their B-tree indexes with the slice and check the (far
        # costlier) full vector last; matching in slices (below) keeps a common word in a large section cheap.
        if filters.section_id:
            conditions.append("d.section_id = %s")
            params.append(filters.section_id)
        if filters.author_id:
            conditions.append("d.author_id = %s")
            params.append(filters.author_id)
        since, until = filters.published_between(now)
        if since:
            conditions.append("d.published_at >= %s")
            params.append(since)
        if until:
            conditions.append("d.published_at < %s")
            params.append(until)
        return conditions, params

    def _match(self, parsed, filters, sort, offset, limit, now):
        query = ts_query(parsed)
        conditions, params = self._filters(filters, now)
        where = " AND ".join(["d.search_vector @@ q.query", *conditions])
        source = f"{DOCUMENTS} d, to_tsquery('simple', %s) q(query)"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
            previous = cursor.fetchone()
            try:
                self._index_scans(cursor, False)
                # A period filter with a start ("letzte Woche") bounds the work by itself: no slices needed.
                slices = 0 if filters.published_between(now)[0] else SLICES
                # Slices count the documents that pass the filters (section, author, "älter"), so their size
                # follows the density of the text match alone.
                filtered = (" AND ".join(conditions), params)
                return self._match_on_index(
                    cursor, source, where, [query, *params], sort, offset, limit, now, slices, filtered
                )
            finally:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                    list(previous),
                )

    @staticmethod
    def _index_scans(cursor, allowed: bool) -> None:
        """Matches must come from the GIN index (alone or combined with B-tree bitmaps): a sequential scan
        (the planner's choice for words in most articles) or an index walk with a filter (its choice for a
        slice) reads every visited article's full, out-of-line vector. Both settings are local to the
        transaction and restored by `_match`; the slice bounds need index-only scans, so they are switched
        back on for those."""
        value = "on" if allowed else "off"
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
            [value, value],
        )

    def _newest_bound(self, cursor, column: str, position: int, filtered: tuple[str, list]):
        """The `column` value of the position-th newest document passing the filters, or None if fewer (a
        B-tree walk: the primary key or `published_at`, the covering or section/author indexes)."""
        conditions, params = filtered
        self._index_scans(cursor, True)
        cursor.execute(
            f"SELECT d.{column} FROM {DOCUMENTS} d {'WHERE ' + conditions if conditions else ''} "  # noqa: S608
            f"ORDER BY d.{column} DESC OFFSET %s LIMIT 1",
            [*params, position - 1],
        )
        row = cursor.fetchone()
        self._index_scans(cursor, False)
        return row[0] if row else None

    def _newest_matches(
        self, cursor, source, where, params, sort, offset, limit, now, slices: int, filtered: tuple[str, list]
    ) -> tuple[int, list[int]]:
        """The total, exact up to RANKED_CANDIDATES (else RANKED_CANDIDATES + 1), and the ids to show or rank.

        Readers see at most RANKED_CANDIDATES results, the newest matches (by id; by publication time for
        date order), so the search looks at the newest documents first: a slice (all documents from the
        n-th newest on) is matched through GIN ∧ B-tree; only if it holds too few matches is a wider slice
        (sized by the density seen) or finally everything matched. A word in almost every article, or a
        phrase in thousands, then costs about as much as one in a few thousand articles, instead of a heap
        visit (and for phrases a full-vector position check) per match.

        By date, the ids are the page's end; by relevance, the candidates are pre-scored on `rank_vector`
        (title, topics, lead; inline, see migration 0004) in the same statement and the best
        max(PRE_RANKED, page end) returned, to be ranked on the full vector.
        """
        column = "published_at" if sort == Sort.DATE else "article_id"
        if sort == Sort.DATE:
            order, order_params, shown = "d.published_at DESC, d.article_id DESC", [], offset + limit
        else:
            # ts_rank, not ts_rank_cd: under half the cost, and it only chooses whom to rank properly.
            order = f"ts_rank(%s::float4[], d.rank_vector, q.query, 1) * {FRESHNESS} DESC, d.article_id DESC"
            order_params = [RANK_WEIGHTS, FRESHNESS_WEIGHT, now, FRESHNESS_DAYS]
            shown = max(PRE_RANKED, offset + limit)
        statement = (
            f"WITH matches AS MATERIALIZED (SELECT d.article_id, d.published_at, d.rank_vector FROM {source} "  # noqa: S608
            f"WHERE {where}{{slice}}), "
            f"newest AS MATERIALIZED (SELECT * FROM matches ORDER BY {column} DESC, article_id DESC LIMIT %s) "
            f"SELECT (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT %s) counted), "
            f"ARRAY(SELECT d.article_id FROM newest d, to_tsquery('simple', %s) q(query) ORDER BY {order} LIMIT %s)"
        )
        tail = [RANKED_CANDIDATES, RANKED_CANDIDATES + 1, params[0], *order_params, shown]
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOCUMENTS])
        documents = cursor.fetchone()[0]  # the planner's estimate is close enough to size slices
        if documents < 0:  # never analysed: unknown
            documents = float("inf")
        newest = FIRST_SLICE
        for _ in range(slices):
            if newest > documents * LARGEST_SLICE:
                break
            bound = self._newest_bound(cursor, column, newest, filtered)
            if bound is None:
                break
            cursor.execute(statement.format(slice=f" AND d.{column} >= %s"), [*params, bound, *tail])
            total, ids = cursor.fetchone()
            if total > RANKED_CANDIDATES:
                return total, ids
            # Widen by the density seen so far, with a margin; a rare match goes straight to the full search.
            newest = int(newest * (RANKED_CANDIDATES + 1) / max(total, 1) * SLICE_MARGIN)
        cursor.execute(statement.format(slice=""), [*params, *tail])
        return cursor.fetchone()

    def _match_on_index(self, cursor, source, where, params, sort, offset, limit, now, slices, filtered):
        total, ids = self._newest_matches(cursor, source, where, params, sort, offset, limit, now, slices, filtered)
        if not total or offset >= total:
            return [], total
        if sort == Sort.DATE:
            return ids[offset : offset + limit], total
        cursor.execute(
            f"SELECT d.article_id FROM {DOCUMENTS} d, to_tsquery('simple', %s) q(query) "  # noqa: S608
            f"WHERE d.article_id = ANY(%s) "
            f"ORDER BY ts_rank_cd(%s::float4[], d.search_vector, q.query, 1) * {FRESHNESS} DESC, d.article_id DESC "
            f"LIMIT %s OFFSET %s",
            [params[0], ids, RANK_WEIGHTS, FRESHNESS_WEIGHT, now, FRESHNESS_DAYS, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()], total

    def _typo_candidates(self, folded, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, display, documents FROM {TERMS} WHERE lower(term) %% %s "  # noqa: S608
                f"ORDER BY similarity(lower(term), %s) DESC, documents DESC LIMIT %s",
                [folded, folded, limit],
            )
            return cursor.fetchall()

    def _title_prefix(self, keys, prefix, limit):
        if limit <= 0:
            return []
        query = " & ".join([*(f"{_quoted(key)}:A" for key in keys), f"{_quoted(prefix)}:*A"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id FROM {DOCUMENTS} d "  # noqa: S608
                f"WHERE d.search_vector @@ to_tsquery('simple', %s) ORDER BY d.published_at DESC LIMIT %s",
                [query, limit],
            )
            return [row[0] for row in cursor.fetchall()]
