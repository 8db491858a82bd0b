"""Fill the archive with N synthetic, published articles for benchmarks and load tests.

`manage.py generate_articles 100000` makes sure 100,000 generated articles exist
(a second run with the same N adds nothing; a larger N adds the difference).
Pages are written in bulk, bypassing Wagtail's per-page revisions and signals, but
with everything readers and queries rely on set correctly: tree path, depth and
numchild, url_path, live and publication dates, the denormalised section and
published_at, author, lead image, topics and the search index.

Related articles are not computed (that is per-article work); generated articles
simply show no "Mehr zum Thema" block. Publishing one of them in the admin computes it.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from blattwerk.core.text import german_slugify
from blattwerk.images.models import BlattwerkImage
from blattwerk.news.models import ArticlePage, ArticleTopic, Author, SectionPage, Topic
from blattwerk.news.synthetic import ArticleWriter, SyntheticArticle

logger = logging.getLogger(__name__)

SLUG_PREFIX = "archiv-"
BATCH_SIZE = 1000
# Rows per INSERT of the article table: well under SQLite's limit of 32,766 parameters per statement.
CHILD_INSERT_CHUNK = 250
# Generated articles are spread over this many days before the moment of generation.
DEFAULT_SPAN_DAYS = 5 * 365


class Command(BaseCommand):
    help = "Erzeugt N synthetische, veröffentlichte Artikel für Lasttests (idempotent: N ist die Gesamtzahl)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, help="Wie viele generierte Artikel es danach insgesamt geben soll.")
        parser.add_argument("--dry-run", action="store_true", help="Nur anzeigen, was entstehen würde.")
        parser.add_argument("--seed", type=int, default=1, help="Startwert für reproduzierbare Texte.")
        parser.add_argument("--span-days", type=int, default=DEFAULT_SPAN_DAYS, help="Zeitraum der Daten in Tagen.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="Suchindex nicht füllen (schneller; später mit `manage.py update_index` nachholen).",
        )

    def handle(self, *args, count: int, dry_run: bool, seed: int, span_days: int, batch_size: int, **options):
        if count < 0:
            raise CommandError("N must be 0 or more, e.g. `manage.py generate_articles 100000`.")
        sections = list(SectionPage.objects.live().order_by("path"))
        if not sections:
            raise CommandError("No live section (Rubrik) to put articles in. Run `manage.py load_demo` first.")
        existing = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
        missing = max(0, count - existing)
        logger.info("%d generated articles exist, %d wanted: creating %d.", existing, count, missing)
        if dry_run or not missing:
            if dry_run:
                per_section = ", ".join(f"{s.title} ≈{missing // len(sections)}" for s in sections)
                self.stdout.write(f"Würde {missing} Artikel anlegen ({per_section}); nichts gespeichert.")
            return

        generator = _Generator(
            sections=sections,
            writer=ArticleWriter(seed),
            span=timedelta(days=span_days),
            index_search=not options["skip_search_index"],
        )
        started = time.monotonic()
        done = 0
        for batch_start in range(existing, existing + missing, batch_size):
            numbers = range(batch_start, min(batch_start + batch_size, existing + missing))
            generator.create(numbers)
            done += len(numbers)
            rate = done / max(time.monotonic() - started, 1e-6)
            logger.info("%d/%d Artikel (%d %%), %.0f/s", done, missing, 100 * done // missing, rate)
        self.stdout.write(self.style.SUCCESS(f"{done} Artikel erzeugt in {time.monotonic() - started:.1f} s."))


class _Generator:
    """Creates numbered batches of articles; number n always yields the same article."""

    def __init__(self, sections: list[SectionPage], writer: ArticleWriter, span: timedelta, index_search: bool):
        self.sections = sections
        self.writer = writer
        self.span = span
        self.index_search = index_search
        self.now = timezone.now()
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.authors = list(Author.objects.order_by("pk").values_list("pk", flat=True)) or [None]
        self.images = list(BlattwerkImage.objects.order_by("pk").values_list("pk", flat=True)[:200]) or [None]
        self.topic_ids: dict[str, int] = {}

    @transaction.atomic
    def create(self, numbers: range) -> None:
        by_section: dict[int, list[ArticlePage]] = {}
        topics_of: dict[str, list[str]] = {}
        for number in numbers:
            section = self.sections[number % len(self.sections)]
            text = self.writer.article(number)
            article = self._article(number, text, section)
            topics_of[article.slug] = text.topics
            by_section.setdefault(section.pk, []).append(article)

        created: list[ArticlePage] = []
        for section in self.sections:
            articles = by_section.get(section.pk)
            if articles:
                created.extend(self._insert_under(section, articles))

        topic_ids = self._topic_ids({name for names in topics_of.values() for name in names})
        ArticleTopic.objects.bulk_create(
            [
                ArticleTopic(content_object_id=article.pk, tag_id=topic_ids[name])
                for article in created
                for name in topics_of[article.slug]
            ]
        )
        if self.index_search:
            indexed = ArticlePage.get_indexed_objects().filter(pk__in=[article.pk for article in created])
            get_search_backend().add_bulk(ArticlePage, list(indexed))

    def _article(self, number: int, text: SyntheticArticle, section: SectionPage) -> ArticlePage:
        # Spread evenly over the span, newest first by number, with minutes that are not all equal.
        published = self.now - self.span * ((number * 7919) % 100_000) / 100_000 - timedelta(days=1)
        slug = f"{SLUG_PREFIX}{number}-{german_slugify(text.title)}"[:80].rstrip("-")
        body = []
        for index, paragraph in enumerate(text.paragraphs):
            if index in (1, 3) and text.headings:
                body.append({"type": "heading", "value": text.headings[index // 2], "id": str(uuid.uuid4())})
            body.append({"type": "paragraph", "value": f"<p>{escape(paragraph)}</p>", "id": str(uuid.uuid4())})
        image = self.images[number % len(self.images)]
        return ArticlePage(
            title=text.title,
            draft_title=text.title,
            slug=slug,
            content_type=self.content_type,
            locale_id=section.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            published_at=published,
            section_id=section.pk,
            url_path=f"{section.url_path}{slug}/",
            lead=text.lead,
            body=body,
            sources=[],
            author_id=self.authors[number % len(self.authors)],
            lead_image_id=image,
            lead_image_alt="Symbolbild (generiert)" if image else "",
            show_in_menus=False,
        )

    def _insert_under(self, section: SectionPage, articles: list[ArticlePage]) -> list[ArticlePage]:
        """Append `articles` as children of `section`: tree paths continue after its last child."""
        section = SectionPage.objects.get(pk=section.pk)  # fresh numchild/path after earlier batches
        last = section.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        depth = section.depth + 1
        for offset, article in enumerate(articles, start=1):
            article.depth = depth
            article.numchild = 0
            article.path = Page._get_path(section.path, depth, step + offset)

        # Multi-table inheritance: Django's bulk_create refuses child models, so the parent rows
        # (wagtailcore_page) are bulk-created first and the child rows inserted with their new keys.
        page_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
        pages = Page.objects.bulk_create(
            [Page(**{name: getattr(article, name) for name in page_fields}) for article in articles]
        )
        for article, page in zip(articles, pages, strict=True):
            article.pk = article.page_ptr_id = page.pk
        local_fields = list(ArticlePage._meta.local_concrete_fields)
        for start in range(0, len(articles), CHILD_INSERT_CHUNK):
            ArticlePage.objects._insert(articles[start : start + CHILD_INSERT_CHUNK], fields=local_fields, raw=True)
        SectionPage.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(articles))
        return articles

    def _topic_ids(self, names: set[str]) -> dict[str, int]:
        wanted = names - self.topic_ids.keys()
        if wanted:
            for topic in Topic.objects.filter(name__in=wanted):
                self.topic_ids[topic.name] = topic.pk
            for name in wanted - self.topic_ids.keys():
                topic = Topic.objects.create(name=name, slug=german_slugify(name))
                self.topic_ids[name] = topic.pk
        return self.topic_ids
