"""Keep the breaking-news bar on open pages in step with the clock.

Saving or clearing an item announces it at once (signals.py). What no save announces is time
passing: an item that expires, or one whose start time arrives. The scheduler loop of
`manage.py serve` calls announce_breaking_news() every few seconds (without `serve`, run
`manage.py announce_breaking_news` every minute), so open pages drop an expired bar by a pushed
event, not only by their own timer (which a wrong clock or a sleeping tab defeats).
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

from blattwerk.core import page_cache

from . import rendering
from .events import PUBLISH_LOCK_KEY, SITE_CHANNEL, EventType, publish_event
from .models import BreakingNews, LiveEvent


def shown_breaking_news_id() -> int | None:
    """The item open pages show according to the last breaking-news event, or None for an empty bar."""
    last = (
        LiveEvent.objects.filter(channel=SITE_CHANNEL, type__in=[EventType.BREAKING, EventType.BREAKING_CLEARED])
        .order_by("-id")
        .only("type", "payload")
        .first()
    )
    if last is None or last.type != EventType.BREAKING:
        return None
    return last.payload.get("id")


def announce_breaking_news(now: datetime | None = None, dry_run: bool = False) -> str | None:
    """Publish what the bar should show now if that differs from what was last announced.

    Idempotent, also with several server processes running it: the check and the publication are one
    transaction that holds the lock every live event is published under on PostgreSQL (on SQLite the
    transaction begins IMMEDIATE, i.e. holding the write lock), so a second process sees the first
    one's event and publishes nothing. Returns the event type published (with dry_run: that would
    be published), or None.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PUBLISH_LOCK_KEY])
        shown = shown_breaking_news_id()
        current = BreakingNews.objects.current(now).first()
        if current is None and shown is None:
            return None
        if current is not None and current.pk == shown:
            return None
        if dry_run:
            return EventType.BREAKING_CLEARED if current is None else EventType.BREAKING
        transaction.on_commit(page_cache.purge_all)  # the bar is part of every cached page
        if current is None:
            publish_event(SITE_CHANNEL, EventType.BREAKING_CLEARED, {"id": shown})
            return EventType.BREAKING_CLEARED
        publish_event(SITE_CHANNEL, EventType.BREAKING, rendering.breaking_payload(current))
        return EventType.BREAKING
