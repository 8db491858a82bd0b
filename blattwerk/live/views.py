"""The live event stream: Server-Sent Events from an async view, replayed from the log on reconnect."""

from __future__ import annotations

from collections.abc import AsyncIterator

from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from .broadcast import HEARTBEAT, Hub, QueueSubscriber, get_hub
from .events import CHANNEL_PATTERN, fetch_since

RETRY_MILLISECONDS = 3000
MAX_CHANNELS = 4


STREAM_HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache, no-store",
    "X-Accel-Buffering": "no",  # nginx and friends must not hold events back
    "X-Content-Type-Options": "nosniff",
}
OPENING = f"retry: {RETRY_MILLISECONDS}\n: verbunden\n\n".encode()
CHANNELS_HELP = "channels: up to four of 'site' and 'liveblog-<page id>', separated by commas."


def parse_channels(value: str | None) -> list[str] | None:
    """The channels a reader asked for, or None if the request is malformed."""
    channels = sorted({channel for channel in (value or "site").split(",") if channel})
    if not channels or len(channels) > MAX_CHANNELS or not all(CHANNEL_PATTERN.match(c) for c in channels):
        return None
    return channels


def parse_last_event_id(header: str | None, since: str | None) -> int | None:
    """The browser sends Last-Event-ID on reconnect; on first connect the page passes ?since=<id it rendered>."""
    for value in (header, since):
        if value and value.strip().isdigit():
            return int(value)
    return None


async def events(
    hub: Hub, subscriber: QueueSubscriber, channels: list[str], last_id: int | None
) -> AsyncIterator[bytes]:
    try:
        yield OPENING
        if last_id is not None:
            # Subscribed first, then replayed: whatever arrives meanwhile waits in the queue,
            # and anything already replayed is skipped below — no gap, no duplicate.
            for message in await fetch_since(last_id, channels):
                yield message.frame
                last_id = message.id
        while True:
            message = await subscriber.queue.get()
            if message is HEARTBEAT:  # the hub's heartbeat (readers following several channels may get it twice)
                yield message.frame
                continue
            if message is None:  # too slow: dropped; the browser reconnects and replays
                return
            if last_id is not None and message.id <= last_id:
                continue
            last_id = message.id
            yield message.frame
    finally:
        hub.unsubscribe(subscriber)


@require_GET
async def stream(request: HttpRequest) -> StreamingHttpResponse | HttpResponseBadRequest:
    channels = parse_channels(request.GET.get("channels"))
    if channels is None:
        return HttpResponseBadRequest(CHANNELS_HELP, content_type="text/plain; charset=utf-8")
    hub = get_hub()
    subscriber = await hub.subscribe(frozenset(channels))
    last_id = parse_last_event_id(request.headers.get("Last-Event-ID"), request.GET.get("since"))
    response = StreamingHttpResponse(events(hub, subscriber, channels, last_id))
    for name, value in STREAM_HEADERS.items():
        response[name] = value
    return response
