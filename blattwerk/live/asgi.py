"""The event stream straight at the ASGI level, for many thousands of open connections per process.

The Django view (views.stream) runs every stream through the full request cycle: middleware, a
request object and a worker thread per connection. For an endless stream that is pure cost, so by
default (LIVE_STREAM_FAST_PATH, on unless set to 0) this wrapper answers /live/stream/ itself with the
same headers, validation and replay, and hands every other request to Django unchanged. Once a
stream has replayed what its reader missed, the hub calls the connection's `send` directly for every
event (broadcast.SendSubscriber): no queue, generator or task switch per reader and event.
docs/benchmarks.md ("Live fan-out") has both measured.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from django.conf import settings
from django.urls import reverse

from .broadcast import SendSubscriber, get_hub
from .events import fetch_since
from .views import OPENING, STREAM_HEADERS, parse_channels, parse_last_event_id


class LiveStreamMiddleware:
    def __init__(self, app) -> None:
        self.app = app
        self._path: str | None = None

    def _stream_path(self) -> str:
        if self._path is None:
            self._path = reverse("live:stream")
        return self._path

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not getattr(settings, "LIVE_STREAM_FAST_PATH", True)
            or scope["path"] != self._stream_path()
        ):
            return await self.app(scope, receive, send)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        channels = parse_channels((query.get("channels") or [None])[0])
        if channels is None:
            return await self.app(scope, receive, send)  # Django answers with the explanation
        header = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"last-event-id"), None)
        last_id = parse_last_event_id(header, (query.get("since") or [None])[0])

        # Registered before the replay: what is published meanwhile waits in its backlog (no gap).
        reader = SendSubscriber(frozenset(channels), send, last_id)
        reader.task = asyncio.current_task()
        hub = get_hub()
        await hub.add(reader)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(name.lower().encode(), value.encode()) for name, value in STREAM_HEADERS.items()],
            }
        )
        try:
            await send({"type": "http.response.body", "body": OPENING, "more_body": True})
            if last_id is not None:
                for message in await fetch_since(last_id, channels):
                    await send(message.body)
                    reader.last_id = message.id
            reader.replayed()
            # From here on the hub sends events straight to `send`; this task only waits for the disconnect.
            while (await receive())["type"] != "http.disconnect":
                pass
        except (asyncio.CancelledError, OSError, RuntimeError):
            pass  # the reader went away, or was too slow and was dropped (its browser reconnects and replays)
        finally:
            hub.unsubscribe(reader)
            reader.close()
