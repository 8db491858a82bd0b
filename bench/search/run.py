"""Search benchmark: index N generated German articles, then measure query latency, index size,
build time and time-to-findable, on SQLite or PostgreSQL.

    python bench/search/run.py --engine sqlite --articles 100000
    python bench/search/run.py --engine postgres --articles 100000

Uses its own database (var/bench-search.sqlite3 or the PostgreSQL database `bench_bw_search`), loads
the demo site into it for real sections/authors and for the publish test, then bulk-loads generated
articles straight into the search index (generated articles have no Wagtail pages: creating 100,000
pages through the page tree would take hours and measure Wagtail, not search; the index's foreign key
to the page is therefore not enforced during the bulk load). The reference measured in the same run is
a plain `icontains` scan over the same texts — what a search without a full-text index costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

QUERY_MIX = [
    # (label, query, filters, sort, page)
    ("common word", "Haushalt", {}, "relevanz", 1),
    ("common word", "Bundesregierung", {}, "relevanz", 1),
    ("common word", "Streit", {}, "relevanz", 1),
    ("common word, page 3", "Koalition", {}, "relevanz", 3),
    ("inflection", "Sanktionen", {}, "relevanz", 1),
    ("inflection", "Lokführers", {}, "relevanz", 1),
    ("spelling variant", "Gegenzoelle", {}, "relevanz", 1),
    ("spelling variant", "Aussenminister", {}, "relevanz", 1),
    ("hyphen", "Ukraine-Krieg", {}, "relevanz", 1),
    ("compound", "Ukrainekrieg", {}, "relevanz", 1),
    ("two words", "Krieg Ukraine", {}, "relevanz", 1),
    ("compound part", "Mehrwertsteuer", {}, "relevanz", 1),
    ("phrase", '"Künstliche Intelligenz"', {}, "relevanz", 1),
    ("phrase", '"Deutsche Bahn" Streik', {}, "relevanz", 1),
    ("exclusion", "Bahnstreik -Lokführer", {}, "relevanz", 1),
    ("exclusion", "Hochwasser -Starkregen", {}, "relevanz", 1),
    ("rare name", "Lindenstein", {}, "relevanz", 1),
    ("rare place", "Falkenhain Streit", {}, "relevanz", 1),
    ("typo", "Nordkorae", {}, "relevanz", 1),
    ("typo", "Bahnstriek", {}, "relevanz", 1),
    ("typo", "Schuldenbremes", {}, "relevanz", 1),
    ("no match", "xqzvbnm", {}, "relevanz", 1),
    ("sort by date", "Bundesliga", {}, "datum", 1),
    ("section filter", "Streit", {"section": True}, "relevanz", 1),
    ("period filter", "Energie", {"period": "woche"}, "relevanz", 1),
    ("period filter", "Berlinale", {"period": "aelter"}, "relevanz", 1),
    ("long query", "Die Bundesregierung plant eine Reform der Schuldenbremse und der Rente", {}, "relevanz", 1),
    ("operator soup", 'AND OR NOT (("* Haushalt: -', {}, "relevanz", 1),
]
REFERENCE_WORDS = ["Haushalt", "Lindenstein", "Bundesregierung", "Gegenzölle"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def configure(engine: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "blattwerk.settings.dev"
    os.environ["DEBUG"] = "0"
    if engine == "sqlite":
        os.environ["BLATTWERK_VAR_DIR"] = str(ROOT / "var" / "bench-search")
        os.environ.pop("DATABASE_URL", None)
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'bench_bw_search'").fetchone()
            if not exists:
                connection.execute("CREATE DATABASE bench_bw_search")
        os.environ["DATABASE_URL"] = f"{base}/bench_bw_search"
    import django

    django.setup()


def index_size(engine: str) -> tuple[int, int]:
    """Bytes used by the search index (tables + full-text structures) and by the whole database."""
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'blattwerk_search%'")
            search = cursor.fetchone()[0]
            cursor.execute("SELECT sum(pgsize) FROM dbstat")
            return search, cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_total_relation_size('blattwerk_search_searchdocument')"
            " + pg_total_relation_size('blattwerk_search_searchterm')"
        )
        search = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        return search, cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="Keep an index built by an earlier run.")
    args = parser.parse_args()
    configure(args.engine)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from generate import ArticleGenerator

    from blattwerk.news.models import ArticlePage, Author, SectionPage
    from blattwerk.search.backends import SearchFilters, get_backend
    from blattwerk.search.backends.base import SearchHit
    from blattwerk.search.documents import document_from_text
    from blattwerk.search.highlight import highlight, snippet
    from blattwerk.search.models import SearchDocument, SearchTerm

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", verbosity=0)
    backend = get_backend()

    # Generated articles have no pages: show their highlighted documents instead (same work per hit).
    def hits_from_documents(ids, parsed):
        documents = {d.pk: d for d in SearchDocument.objects.filter(pk__in=ids).only("title", "lead", "body")}
        keys = parsed.highlight_keys
        return [
            SearchHit(
                article=None, title_html=highlight(d.title, keys), snippet_html=snippet(f"{d.lead} {d.body}", keys)
            )
            for i in ids
            if (d := documents.get(i))
        ]

    backend._hits = hits_from_documents

    sections = {s.title: s.pk for s in SectionPage.objects.all()}
    default_section = next(iter(sections.values()))
    authors = list(Author.objects.values_list("pk", flat=True))
    first_id = 10_000_000
    existing = SearchDocument.objects.filter(pk__gte=first_id).count()
    print(f"engine={args.engine} articles={args.articles} (existing generated: {existing})")

    build_seconds = None
    if not (args.reuse and existing == args.articles):
        SearchDocument.objects.filter(pk__gte=first_id).delete()
        if args.engine == "sqlite":
            connection.disable_constraint_checking()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        now = timezone.now()
        generator = ArticleGenerator()

        def documents():
            for article in generator.articles(args.articles):
                yield document_from_text(
                    article_id=first_id + article.number,
                    section_id=sections.get(article.section, default_section),
                    author_id=authors[article.number % len(authors)],
                    published_at=now - timedelta(hours=article.hours_ago),
                    title=article.title,
                    lead=article.lead,
                    body=article.body,
                    topic_names=article.topics,
                    author_name=article.author,
                )

        def progress(done):
            if done % 10_000 == 0 or done == args.articles:
                print(f"  indexed {done} ({time.perf_counter() - started:.0f} s)", flush=True)

        started = time.perf_counter()
        backend.bulk_load(documents(), progress)
        build_seconds = time.perf_counter() - started
        if args.engine == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO blattwerk_search_fts(blattwerk_search_fts) VALUES ('optimize')")
                cursor.execute("ANALYZE")
            connection.enable_constraint_checking()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                # What autovacuum does shortly after a bulk load: statistics and the visibility map.
                cursor.execute("VACUUM ANALYZE blattwerk_search_searchdocument")
                cursor.execute("VACUUM ANALYZE blattwerk_search_searchterm")
    documents_total = SearchDocument.objects.count()
    search_bytes, database_bytes = index_size(args.engine)

    # Query latency: one warm-up pass, then `rounds` timed passes over the mix.
    sport = sections.get("Sport", default_section)
    mix = []
    for label, query, filters, sort, page in QUERY_MIX:
        search_filters = SearchFilters(
            section_id=sport if filters.get("section") else None, period=filters.get("period")
        )
        mix.append((label, query, search_filters, sort, page))
    totals = {}
    for _label, query, search_filters, sort, page in mix:
        results = backend.search(query, filters=search_filters, sort=sort, page=page)
        totals[query] = str(results.total) if results.total_is_exact else f">{results.shown_total}"
    timings: dict[tuple[str, str], list[float]] = {(label, query): [] for label, query, *_ in mix}
    for _ in range(args.rounds):
        for label, query, search_filters, sort, page in mix:
            started = time.perf_counter()
            backend.search(query, filters=search_filters, sort=sort, page=page)
            timings[(label, query)].append((time.perf_counter() - started) * 1000)
    all_ms = [ms for values in timings.values() for ms in values]

    suggest_ms = []
    for prefix in ["Haus", "Ukr", "Bahnst", "Künstl", "Lind", "Mehrwerts"] * args.rounds:
        started = time.perf_counter()
        backend.suggest(prefix)
        suggest_ms.append((time.perf_counter() - started) * 1000)

    reference_ms = []
    for word in REFERENCE_WORDS:
        started = time.perf_counter()
        matches = SearchDocument.objects.filter(body__icontains=word)
        list(matches.order_by("-published_at")[:20])
        matches.count()
        reference_ms.append((time.perf_counter() - started) * 1000)

    # Time to findable: publish a real article through Wagtail and search until it is found.
    findable_ms = []
    section = SectionPage.objects.get(slug="politik")
    for attempt in range(5):
        word = f"Zaunkönigzählung{attempt}x{int(time.time())}"
        article = ArticlePage(
            title=f"{word} im Stadtpark",
            slug=f"bench-{attempt}-{int(time.time() * 1000)}",
            lead="Ein Testartikel des Suchbenchmarks.",
            body=[{"type": "paragraph", "value": f"<p>Die {word} beginnt.</p>"}],
        )
        section.add_child(instance=article)
        revision = article.save_revision()
        started = time.perf_counter()
        revision.publish()
        while not backend.search(word).total:
            if time.perf_counter() - started > 10:
                break
            time.sleep(0.001)
        findable_ms.append((time.perf_counter() - started) * 1000)
        ArticlePage.objects.get(pk=article.pk).delete()

    print()
    print(f"Search benchmark — {args.engine}, {documents_total} indexed articles, {SearchTerm.objects.count()} words")
    if build_seconds is not None:
        print(f"  index build: {build_seconds:.0f} s ({args.articles / build_seconds:.0f} articles/s)")
    print(f"  index size: {search_bytes / 1e6:.0f} MB (database {database_bytes / 1e6:.0f} MB)")
    print(
        f"  query latency over {len(all_ms)} searches: p50 {statistics.median(all_ms):.1f} ms, "
        f"p95 {percentile(all_ms, 0.95):.1f} ms, max {max(all_ms):.1f} ms"
    )
    print(f"  suggestions: p50 {statistics.median(suggest_ms):.1f} ms, p95 {percentile(suggest_ms, 0.95):.1f} ms")
    print(f"  reference (icontains scan, no full-text index): median {statistics.median(reference_ms):.0f} ms per word")
    print(f"  publish → findable: median {statistics.median(findable_ms):.0f} ms, max {max(findable_ms):.0f} ms")
    print()
    print(f"  {'case':<22} {'query':<50} {'hits':>7} {'p50 ms':>8} {'max ms':>8}")
    for label, query, *_ in mix:
        values = timings[(label, query)]
        print(
            f"  {label:<22} {query[:50]:<50} {totals[query]:>7} {statistics.median(values):>8.1f} {max(values):>8.1f}"
        )


if __name__ == "__main__":
    main()
