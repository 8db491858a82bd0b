"""Time feeds and sitemaps against the home page, in-process through Django's test client.

Run after `manage.py load_demo` (uses DJANGO_SETTINGS_MODULE, default blattwerk.settings.dev):
    python bench/distribution/bench.py [--rounds 30]
Prints the median and p90 per URL, the number of SQL queries, and each URL's median relative to
the home page measured in the same run (the reference). Renditions are warmed first.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blattwerk.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blattwerk.news.models import ArticlePage  # noqa: E402

REFERENCE = "/"


def measure(client: Client, path: str, rounds: int) -> tuple[list[float], int]:
    client.get(path)  # warm renditions and caches
    reset_queries()  # DEBUG keeps at most 9,000 queries; a full log would hide the count
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return timings, len(context.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    settings.ALLOWED_HOSTS = ["*"]
    article = ArticlePage.objects.teasers().first()
    paths = [
        REFERENCE,
        article.url,
        "/feeds/rss/",
        "/feeds/atom/?volltext=1",
        "/feeds/json/",
        "/feeds/rubrik/politik/rss/",
        "/sitemap.xml",
        "/sitemap-artikel.xml",
        "/sitemap-news.xml",
    ]
    client = Client()
    results = {path: measure(client, path, rounds) for path in paths}
    reference = statistics.median(results[REFERENCE][0])
    print(f"{ArticlePage.objects.published().count()} published articles, {rounds} rounds per URL")
    print(f"{'URL':70} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'× home':>7}")
    for path, (timings, queries) in results.items():
        median = statistics.median(timings)
        p90 = statistics.quantiles(timings, n=10)[-1]
        print(f"{path[:70]:70} {median:10.1f} {p90:8.1f} {queries:8d} {median / reference:7.2f}")


if __name__ == "__main__":
    main()
