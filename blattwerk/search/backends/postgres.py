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
# With more matches than this, candidates are pre-scored on `rank_vector` and only this many (or a
# page's end, if further) are ranked on the full `search_vector` (see migration 0004).
PRE_RANKED = 100


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
        # `+ 0`: filter the GIN index's matches by section or author rather than checking the full vector of
        # every article in the section (a section holds tens of thousands of articles).
        if filters.section_id:
            conditions.append("d.section_id + 0 = %s")
            params.append(filters.section_id)
        if filters.author_id:
            conditions.append("d.author_id + 0 = %s")
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
            # Matches must come from the GIN index: a sequential scan (the planner's choice for words in most
            # articles) or an index walk with a filter reads every visited article's full, out-of-line vector,
            # whereas the bitmap from the index needs no recheck of rows (except for phrases). Both planner
            # settings are local to this transaction and restored before returning.
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
            previous = cursor.fetchone()[:2]
            try:
                return self._match_on_index(cursor, source, where, query, params, sort, offset, limit, now)
            finally:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                    list(previous),
                )

    def _match_on_index(self, cursor, source, where, query, params, sort, offset, limit, now):
        if sort == Sort.DATE:
            cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", [query, *params])  # noqa: S608
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return [], total
            cursor.execute(
                f"SELECT d.article_id FROM {source} WHERE {where} "  # noqa: S608
                f"ORDER BY d.published_at DESC, d.article_id DESC LIMIT %s OFFSET %s",
                [query, *params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()], total
        # One pass over the matches gives the total and the newest candidates (ids grow with publication).
        cursor.execute(
            f"WITH matches AS MATERIALIZED (SELECT d.article_id FROM {source} WHERE {where}) "  # noqa: S608
            f"SELECT (SELECT count(*) FROM matches), "
            f"ARRAY(SELECT article_id FROM matches ORDER BY article_id DESC LIMIT %s)",
            [query, *params, RANKED_CANDIDATES],
        )
        total, candidates = cursor.fetchone()
        if not total or offset >= total:
            return [], total
        freshness = "(1.0 + %s / (1.0 + EXTRACT(EPOCH FROM (%s - d.published_at)) / 86400.0 / %s))"
        freshness_params = [FRESHNESS_WEIGHT, now, FRESHNESS_DAYS]
        ranking = "ts_rank_cd(%s::float4[], d.{vector}, q.query, 1) * " + freshness

        def rank(vector: str, ids: list[int], limit: int, offset: int = 0) -> list[int]:
            cursor.execute(
                f"SELECT d.article_id FROM {DOCUMENTS} d, to_tsquery('simple', %s) q(query) "  # noqa: S608
                f"WHERE d.article_id = ANY(%s) ORDER BY {ranking.format(vector=vector)} DESC, d.article_id DESC "
                f"LIMIT %s OFFSET %s",
                [query, ids, RANK_WEIGHTS, *freshness_params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

        # Many candidates are pre-scored on the small inline `rank_vector` (title, topics, lead); only the
        # best of them are ranked on the full vector, which is read out of line (see migration 0004).
        shortlist = max(PRE_RANKED, offset + limit)
        if len(candidates) > shortlist:
            candidates = rank("rank_vector", candidates, shortlist)
        return rank("search_vector", candidates, limit, offset), total

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
