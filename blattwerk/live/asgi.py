"""The event stream straight at the ASGI level, for many thousands of open connections per process.

The Django view (views.stream) runs every stream through the full request cycle: middleware, a
request object and a worker thread per connection. For an endless stream that is pure cost, so by
default (LIVE_STREAM_FAST_PATH, on unless set to 0) this wrapper answers /live/stream/ itself with the
same event generator, headers and validation, and hands every other request to Django unchanged.
docs/benchmarks.md ("Live fan-out") has both measured.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import parse_qs

from django.conf import settings
from django.urls import reverse

from .broadcast import get_hub
from .views import STREAM_HEADERS, events, parse_channels, parse_last_event_id


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

        hub = get_hub()
        subscriber = await hub.subscribe(frozenset(channels))
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(name.lower().encode(), value.encode()) for name, value in STREAM_HEADERS.items()],
            }
        )
        streaming = asyncio.current_task()

        async def watch_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            streaming.cancel()

        watcher = asyncio.create_task(watch_disconnect())
        stream = events(hub, subscriber, channels, last_id)
        try:
            async for chunk in stream:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except (asyncio.CancelledError, OSError, RuntimeError):
            pass  # the reader went away
        finally:
            watcher.cancel()
            await stream.aclose()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
