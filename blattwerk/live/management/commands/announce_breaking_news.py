"""Tell open pages that a breaking-news item expired or started. Idempotent: announces each change once.

`manage.py serve` does this every few seconds by itself; setups that run granian directly call this
command from cron, like `publish_scheduled`.
"""

import logging

from django.core.management.base import BaseCommand, CommandParser

from blattwerk.live.breaking import announce_breaking_news
from blattwerk.live.events import EventType

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Meldet offenen Seiten, wenn eine Eilmeldung abgelaufen ist oder ihre Anzeigezeit beginnt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen, nichts melden.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        published = announce_breaking_news(dry_run=dry_run)
        if published is None:
            logger.info("Breaking news: the bar on open pages is up to date")
            return
        action = {EventType.BREAKING: "zeigt eine Eilmeldung", EventType.BREAKING_CLEARED: "wird geleert"}[published]
        prefix = "Würde melden" if dry_run else "Gemeldet"
        self.stdout.write(f"{prefix}: die Eilmeldungsleiste {action}.")
