"""Relevance on the demo newsroom: every query's expected articles in its top 3, on the configured engine.

Run with `-s` to see the per-query report. The floors below are the levels reached when the set was
written (see docs/benchmarks.md, "Search"); a change that lowers them fails here.
"""

import json
import sys
from pathlib import Path

import pytest

from blattwerk.search.backends import get_backend

pytestmark = pytest.mark.django_db

RELEVANCE_SET = Path(__file__).with_name("relevance.json")
# Levels reached on both SQLite and PostgreSQL when this set was written.
MIN_PRECISION_AT_3 = 1.0
MIN_HIT_RATE = 1.0
CASES = {"inflection", "spelling", "compound", "phrase", "exclusion", "typo", "names"}


def load_queries() -> list[dict]:
    return json.loads(RELEVANCE_SET.read_text(encoding="utf-8"))["queries"]


def evaluate(queries: list[dict]) -> tuple[float, float, list[str]]:
    """(mean precision@3, hit rate, report lines). Precision@3 of a query: share of its expected slugs in the top 3."""
    backend = get_backend()
    precisions, hits, report = [], 0, []
    for entry in queries:
        results = backend.search(entry["query"], per_page=10)
        slugs = [hit.article.slug for hit in results.hits]
        top3 = slugs[:3]
        expected = entry["expected"]
        found = [slug for slug in expected if slug in top3]
        precision = len(found) / min(3, len(expected))
        leaked = [slug for slug in entry["excluded"] if slug in slugs]
        if leaked:
            precision = 0.0
        precisions.append(precision)
        hits += bool(found) and not leaked
        mark = "ok " if precision == 1.0 else "MISS"
        report.append(f"{mark} [{entry['case']}] {entry['query']!r}: p@3={precision:.2f} top3={top3}")
    return sum(precisions) / len(precisions), hits / len(queries), report


def test_relevance_set_covers_every_case():
    queries = load_queries()
    assert len(queries) >= 40
    assert {entry["case"] for entry in queries} == CASES


def test_precision_at_3(capsys):
    precision, hit_rate, report = evaluate(load_queries())
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(report) + "\n")
        sys.stdout.write(f"precision@3 = {precision:.3f}, hit rate = {hit_rate:.3f}\n")
    assert precision >= MIN_PRECISION_AT_3, "\n".join(line for line in report if line.startswith("MISS"))
    assert hit_rate >= MIN_HIT_RATE
