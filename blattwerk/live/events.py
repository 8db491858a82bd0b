"""Live events: written to the LiveEvent log first, then announced through the broadcast backend.

The log is the source of truth. An event's id is its SSE id, so a reader who comes back with
Last-Event-ID gets exactly what was missed from the database — never from some process's memory.
"""

from __future__ import annotations

import json
import re

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection, transaction
from django.db.models import Max

from .models import LiveEvent

SITE_CHANNEL = "site"
CHANNEL_PATTERN = re.compile(r"^(site|liveblog-\d{1,12})$")
# Serialises event inserts on PostgreSQL so ids become visible in id order (no reader skips a late commit).
PUBLISH_LOCK_KEY = 0x6C697665  # "live"
REPLAY_LIMIT = 1000


class EventType:
    """The event names the reader script understands."""

    ENTRY = "entry"  # a live entry was added or changed: payload has its rendered HTML
    ENTRY_DELETED = "entry-deleted"
    LIVE_BLOG_ENDED = "liveblog-ended"
    BREAKING = "breaking"  # the breaking-news bar shows this item
    BREAKING_CLEARED = "breaking-cleared"
    ARTICLE = "article"  # a new article: payload has teaser HTML for home and section pages


def live_blog_channel(page_id: int) -> str:
    return f"liveblog-{page_id}"


class Message:
    """One event, encoded once as an SSE frame and fanned out as the same bytes to every reader.

    `body` is the ASGI message carrying the frame, built once and handed to every reader's `send`
    (servers only read it), so fanning out costs no per-reader allocation.
    """

    __slots__ = ("id", "channel", "frame", "body")

    def __init__(self, id: int, channel: str, frame: bytes) -> None:
        self.id = id
        self.channel = channel
        self.frame = frame
        self.body = {"type": "http.response.body", "body": frame, "more_body": True}

    def __repr__(self) -> str:
        return f"Message(id={self.id}, channel={self.channel!r})"


def encode(event: LiveEvent) -> Message:
    data = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"))
    frame = f"id: {event.id}\nevent: {event.type}\ndata: {data}\n\n".encode()
    return Message(id=event.id, channel=event.channel, frame=frame)


def publish_event(channel: str, type: str, payload: dict) -> LiveEvent:
    """Record an event and, once the surrounding transaction commits, announce it to every process."""
    if not CHANNEL_PATTERN.match(channel):
        raise ValueError(f"Unknown live channel {channel!r}: use 'site' or 'liveblog-<page id>'.")
    from .broadcast import get_backend

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PUBLISH_LOCK_KEY])
        event = LiveEvent.objects.create(channel=channel, type=type, payload=payload)
        transaction.on_commit(lambda: get_backend().notify(encode(event)))
    return event


def latest_event_id() -> int:
    return LiveEvent.objects.aggregate(latest=Max("id"))["latest"] or 0


def read_since(last_id: int, channels: list[str] | None = None, limit: int = REPLAY_LIMIT) -> list[Message]:
    """Events after last_id, oldest first, encoded for the stream."""
    # Streams live for hours outside Django's request cycle: begin from a healthy connection, as a request would.
    if not connection.in_atomic_block:
        close_old_connections()
    events = LiveEvent.objects.filter(id__gt=last_id).order_by("id")
    if channels is not None:
        events = events.filter(channel__in=channels)
    return [encode(event) for event in events[:limit]]


async def fetch_since(last_id: int, channels: list[str] | None = None, limit: int = REPLAY_LIMIT) -> list[Message]:
    return await sync_to_async(read_since)(last_id, channels, limit)
