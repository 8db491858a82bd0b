"""SQLite: FTS5 over the analysed columns, bm25 ranking blended with freshness, trigram FTS5 for typos."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection

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

FTS = "blattwerk_search_fts"
DOCUMENTS = "blattwerk_search_searchdocument"
TERMS = "blattwerk_search_searchterm"
TRIGRAMS = "blattwerk_search_term_trigram"
PUBLICATION_INDEX = "search_doc_article_pub"
# Phrases must stand together in the text, not among the compound parts.
TEXT_COLUMNS = "{title_terms lead_terms body_terms topic_terms}"


def _quoted(key: str) -> str:
    # Keys are letters and digits only (analysis.is_safe_token); quoting makes each a plain FTS5 string.
    if key.endswith(PREFIX):
        return f'"{key.removesuffix(PREFIX)}"*'
    return f'"{key}"'


def _clause(clause: Clause) -> str:
    if clause.phrase and len(clause.alternatives) == 1 and len(clause.alternatives[0]) > 1:
        return f'{TEXT_COLUMNS} : "{" ".join(clause.alternatives[0])}"'
    alternatives = ["(" + " AND ".join(_quoted(key) for key in alt) + ")" for alt in clause.alternatives]
    return "(" + " OR ".join(alternatives) + ")"


def fts_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query, built from analysed keys only."""
    expression = " AND ".join(_clause(clause) for clause in parsed.positive)
    for clause in parsed.negative:
        expression = f"({expression}) NOT {_clause(clause)}"
    return expression


def _timestamp(value: datetime) -> str:
    # The format Django stores aware datetimes in on SQLite (UTC, no offset), so comparisons are textual.
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class SQLiteBackend(IndexTableBackend):
    vendor = "sqlite"

    def _filters(self, filters: SearchFilters, now: datetime) -> tuple[list[str], list]:
        conditions, params = [], []
        if filters.section_id:
            conditions.append("d.section_id = %s")
            params.append(filters.section_id)
        if filters.author_id:
            conditions.append("d.author_id = %s")
            params.append(filters.author_id)
        since, until = filters.published_between(now)
        if since:
            conditions.append("d.published_at >= %s")
            params.append(_timestamp(since))
        if until:
            conditions.append("d.published_at < %s")
            params.append(_timestamp(until))
        return conditions, params

    def _match(self, parsed, filters, sort, offset, limit, now):
        match = fts_query(parsed)
        conditions, params = self._filters(filters, now)
        where = " AND ".join([f"{FTS} MATCH %s", *conditions])
        joined = f"{FTS} JOIN {DOCUMENTS} d INDEXED BY {PUBLICATION_INDEX} ON d.article_id = {FTS}.rowid"
        source = joined if conditions else FTS
        with connection.cursor() as cursor:
            # Readers see at most RANKED_CANDIDATES results: count no further than one more (see base.py).
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT %s)",  # noqa: S608
                [match, *params, RANKED_CANDIDATES + 1],
            )
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return [], total
            if sort == Sort.DATE:
                source = joined
                order, order_params = "d.published_at DESC, d.article_id DESC", []
            else:
                if total > RANKED_CANDIDATES:
                    cursor.execute(
                        f"SELECT {FTS}.rowid FROM {source} WHERE {where} "  # noqa: S608
                        f"ORDER BY {FTS}.rowid DESC LIMIT 1 OFFSET %s",
                        [match, *params, RANKED_CANDIDATES - 1],
                    )
                    where += f" AND {FTS}.rowid >= %s"
                    params = [*params, cursor.fetchone()[0]]
                # The publication time from the narrow covering index, not from the wide document rows.
                published = (
                    f"(SELECT p.published_at FROM {DOCUMENTS} p INDEXED BY {PUBLICATION_INDEX} "  # noqa: S608
                    f"WHERE p.article_id = {FTS}.rowid)"
                )
                # bm25() is negative (lower is better): multiplying by the freshness factor favours new articles.
                weights = ", ".join(str(weight) for weight in FIELD_WEIGHTS)
                order = f"bm25({FTS}, {weights}) * (1.0 + %s / (1.0 + (julianday(%s) - julianday({published})) / %s))"
                order_params = [FRESHNESS_WEIGHT, _timestamp(now), FRESHNESS_DAYS]
            cursor.execute(
                f"SELECT {FTS}.rowid FROM {source} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                [match, *params, *order_params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()], total

    def _typo_candidates(self, folded, limit):
        trigrams = {folded[index : index + 3] for index in range(len(folded) - 2)}
        trigrams = {trigram for trigram in trigrams if trigram.isalnum()}
        if not trigrams:
            return []
        match = " OR ".join(f'"{trigram}"' for trigram in sorted(trigrams))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.term, t.display, t.documents FROM {TRIGRAMS} g JOIN {TERMS} t ON t.id = g.rowid "  # noqa: S608
                f"WHERE {TRIGRAMS} MATCH %s AND length(t.term) BETWEEN %s AND %s ORDER BY g.rank LIMIT %s",
                [match, len(folded) - 2, len(folded) + 2, limit],
            )
            return cursor.fetchall()

    def _title_prefix(self, keys, prefix, limit):
        if limit <= 0:
            return []
        parts = [f"{{title_terms}} : {_quoted(key)}" for key in keys] + [f'{{title_terms}} : "{prefix}" *']
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id FROM {FTS} JOIN {DOCUMENTS} d ON d.article_id = {FTS}.rowid "  # noqa: S608
                f"WHERE {FTS} MATCH %s ORDER BY d.published_at DESC LIMIT %s",
                [" AND ".join(parts), limit],
            )
            return [row[0] for row in cursor.fetchall()]
