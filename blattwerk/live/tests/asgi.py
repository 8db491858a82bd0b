"""Drive the ASGI application in-process and read its Server-Sent Events as they arrive."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from blattwerk.asgi import application


@dataclass
class SSEEvent:
    id: int | None
    type: str
    data: str


@dataclass
class StreamClient:
    """One open event stream: call open(), then next_event() as often as needed, then close()."""

    path: str
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)

    async def open(self) -> None:
        self._chunks: asyncio.Queue[bytes] = asyncio.Queue()
        self._disconnect = asyncio.Event()
        self._started = asyncio.Event()
        self._buffer = ""
        path, _, query = self.path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "headers": [(b"host", b"testserver"), *self.headers],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        sent_request = False

        async def receive():
            nonlocal sent_request
            if not sent_request:
                sent_request = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await self._disconnect.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                self.status = message["status"]
                self.response_headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
                self._started.set()
            elif message["type"] == "http.response.body" and message.get("body"):
                await self._chunks.put(message["body"])

        self._task = asyncio.create_task(application(scope, receive, send))
        await asyncio.wait_for(self._started.wait(), 10)

    async def next_event(self, timeout: float = 5.0) -> SSEEvent:
        """The next event with data (comments and retry hints are skipped)."""
        while True:
            if "\n\n" in self._buffer:
                block, self._buffer = self._buffer.split("\n\n", 1)
                event = _parse(block)
                if event is not None:
                    return event
                continue
            chunk = await asyncio.wait_for(self._chunks.get(), timeout)
            self._buffer += chunk.decode()

    async def close(self) -> None:
        self._disconnect.set()
        try:
            await asyncio.wait_for(self._task, 5)
        except (TimeoutError, asyncio.CancelledError):
            self._task.cancel()


def _parse(block: str) -> SSEEvent | None:
    event_id, event_type, data = None, "message", []
    for line in block.split("\n"):
        if line.startswith("id: "):
            event_id = int(line[4:])
        elif line.startswith("event: "):
            event_type = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
    if not data:
        return None
    return SSEEvent(event_id, event_type, "\n".join(data))
