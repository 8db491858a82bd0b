"""Rebuild the search index from the published articles. Idempotent: the result depends only on the content."""

import logging
import time

from django.core.management.base import BaseCommand, CommandParser

from blattwerk.news.models import ArticlePage
from blattwerk.search.backends import get_backend
from blattwerk.search.models import SearchDocument, SearchTerm

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Baut den Suchindex aus allen veröffentlichten Artikeln neu auf."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, was indexiert würde.")
        parser.add_argument("--chunk-size", type=int, default=500, help="Artikel pro Datenbankabfrage.")

    def handle(self, *args, dry_run: bool = False, chunk_size: int = 500, **options) -> None:
        articles = ArticlePage.objects.published().select_related("author").prefetch_related("topics")
        total = articles.count()
        if dry_run:
            self.stdout.write(f"{total} veröffentlichte Artikel würden indexiert; nichts geändert.")
            return
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)

        def progress(done: int) -> None:
            if verbosity:
                percent = 100 * done / total if total else 100
                self.stdout.write(f"\r{done}/{total} Artikel ({percent:.0f} %)", ending="")
                self.stdout.flush()

        count = get_backend().rebuild(articles.order_by("pk").iterator(chunk_size=chunk_size), progress)
        elapsed = time.monotonic() - started
        if verbosity:
            self.stdout.write("")
        logger.info("Search index rebuilt: %s articles, %s terms, %.1f s", count, SearchTerm.objects.count(), elapsed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Suchindex neu aufgebaut: {SearchDocument.objects.count()} Artikel, "
                f"{SearchTerm.objects.count()} Wörter in {elapsed:.1f} s."
            )
        )
