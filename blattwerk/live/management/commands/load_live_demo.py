"""Add the demo live blog (a running Bundesliga Liveticker with entries). Idempotent: keyed on its slug."""

import logging
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from blattwerk.demo.images import create_demo_image
from blattwerk.live import demo
from blattwerk.live.models import LiveBlogPage, LiveBlogStatus, LiveEntry
from blattwerk.news.models import Author, SectionPage

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Legt den Demo-Liveticker mit Einträgen an, falls es ihn noch nicht gibt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen, nichts speichern.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if LiveBlogPage.objects.filter(slug=demo.SLUG).exists():
            self.stdout.write("Demo-Liveticker ist schon angelegt.")
            return
        section = SectionPage.objects.filter(slug=demo.SECTION).first()
        if section is None:
            self.stdout.write(self.style.WARNING("Keine Rubrik „sport“: erst `manage.py load_demo` ausführen."))
            return
        if dry_run:
            self.stdout.write(f"Würde „{demo.TITLE}“ mit {len(demo.ENTRIES)} Einträgen anlegen.")
            return
        now = timezone.now()
        author = Author.objects.filter(slug=demo.AUTHOR).first()
        with transaction.atomic():
            page = LiveBlogPage(
                title=demo.TITLE,
                slug=demo.SLUG,
                lead=demo.LEAD,
                author=author,
                body=[{"type": "paragraph", "value": f"<p>{demo.BACKGROUND}</p>"}],
                status=LiveBlogStatus.RUNNING,
                coverage_start=now - timedelta(minutes=demo.STARTED_MINUTES_AGO),
                lead_image=create_demo_image(demo.SLUG, demo.SECTION, demo.TITLE),
                lead_image_alt=demo.TITLE,
            )
            section.add_child(instance=page)
            page.topics.add(*demo.TOPICS)
            page.save_revision().publish()
            for minutes_ago, headline, text, pinned in demo.ENTRIES:
                LiveEntry.objects.create(
                    live_blog=page,
                    time=now - timedelta(minutes=minutes_ago),
                    headline=headline,
                    body=text,
                    pinned=pinned,
                    author=author,
                )
        self.stdout.write(self.style.SUCCESS(f"Demo-Liveticker angelegt: {len(demo.ENTRIES)} Einträge."))
