"""Fan live events out to every reader connected to this process, whichever process published them.

Each server process has one Hub per event loop. The Hub keeps one listener connection to the
backend (none for the in-process backend) and a bounded queue per connected reader. A notification
only says "something new"; the Hub then reads every event after the last one it delivered from the
LiveEvent log. So a dropped Redis or PostgreSQL connection loses nothing: after reconnecting, the
Hub catches up from the database by id.

Backends (setting LIVE_BROADCAST_BACKEND, or derived: REDIS_URL → redis, PostgreSQL → postgres, else memory):
- memory:   in-process only; the embedded default for one server process.
- postgres: LISTEN/NOTIFY on the site's own database; the payload is just the event id.
- redis:    pub/sub on REDIS_URL; the payload is just the event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import threading
import types
import weakref
from collections import defaultdict, deque
from functools import cache
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection

from .events import Message, read_since

logger = logging.getLogger(__name__)
SubscriberT = TypeVar("SubscriberT", bound="Subscriber")

NOTIFY_CHANNEL = "blattwerk_live"
QUEUE_SIZE = 64  # events a reader may lag behind before it is dropped (it reconnects and replays)
HEARTBEAT_SECONDS = 15
# One timer for all readers instead of a timeout per reader and event: keeps proxies from closing idle streams.
HEARTBEAT = Message(id=0, channel="", frame=b": ping\n\n")
CATCH_UP_BATCH = 500
RECONNECT_MIN_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 30.0


class Subscriber:
    """One connected reader: the channels it follows and how an event reaches it."""

    __slots__ = ("channels", "dropped", "__weakref__")

    def __init__(self, channels: frozenset[str]) -> None:
        self.channels = channels
        self.dropped = False

    def deliver(self, message: Message) -> bool:
        """Pass one event on without waiting; False if the reader is too far behind and must go."""
        raise NotImplementedError

    def drop(self) -> None:
        """End this reader's stream; its browser reconnects and replays from the log."""
        self.dropped = True


class QueueSubscriber(Subscriber):
    """A reader whose stream pulls events from a queue (the Django view, views.events)."""

    __slots__ = ("queue",)

    def __init__(self, channels: frozenset[str]) -> None:
        super().__init__(channels)
        self.queue: asyncio.Queue[Message | None] = asyncio.Queue(QUEUE_SIZE)

    def deliver(self, message: Message) -> bool:
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            return message is HEARTBEAT  # a full queue is not idle; a full queue of events is too slow
        return True

    def drop(self) -> None:
        super().drop()
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)


@types.coroutine
def _finish(pending, waiter):
    """Await the rest of an awaitable whose first step was already taken (and yielded `pending`)."""
    yield pending
    return (yield from waiter)


class SendSubscriber(Subscriber):
    """A reader on the ASGI-level stream (asgi.py): the hub calls the connection's ASGI `send` itself.

    No queue, task or generator step per event: the server's `send` for a streaming body hands the
    bytes to its transport and is normally finished at once, so fanning out is one call per reader.
    Only when a reader's transport is full does its send have to wait; then that one reader gets a
    backlog and a task that drains it, and the fan-out goes on to the next reader. While the stream
    replays missed events from the log, new events wait in the backlog too, and anything already
    replayed is skipped: no gap, no duplicate.
    """

    __slots__ = ("send", "last_id", "backlog", "task", "_drainer")

    def __init__(self, channels: frozenset[str], send, last_id: int | None) -> None:
        super().__init__(channels)
        self.send = send
        self.last_id = last_id or 0
        self.backlog: deque[Message] | None = deque()  # until replayed(): events wait for the replay
        self.task: asyncio.Task | None = None  # the connection's task, cancelled to end the stream
        self._drainer: asyncio.Task | None = None

    def deliver(self, message: Message) -> bool:
        backlog = self.backlog
        if backlog is not None:
            if len(backlog) >= QUEUE_SIZE:
                return message is HEARTBEAT
            if message is not HEARTBEAT:
                backlog.append(message)
            return True
        if message.id:
            if message.id <= self.last_id:
                return True
            self.last_id = message.id
        return self._send_now(message)

    def _send_now(self, message: Message) -> bool:
        try:
            waiter = self.send(message.body).__await__()
            pending = next(waiter)
        except StopIteration:
            return True  # sent
        except Exception:  # noqa: BLE001 - the transport is gone; the disconnect ends the stream
            return False
        # The transport is full: finish this send in a task of its own; later events wait for it.
        self.backlog = deque()
        self._drainer = asyncio.get_running_loop().create_task(self._drain(_finish(pending, waiter)))
        return True

    def replayed(self) -> None:
        """The replay is done: send what arrived meanwhile and from now on deliver directly."""
        backlog, self.backlog = self.backlog, None
        while backlog:
            if not self.deliver(backlog.popleft()):
                self.drop()
                return
            if self.backlog is not None:  # the transport filled up: the rest waits behind it
                self.backlog.extend(backlog)
                return

    async def _drain(self, pending) -> None:
        try:
            await pending
            while self.backlog:
                message = self.backlog.popleft()
                if message.id <= self.last_id:
                    continue
                self.last_id = message.id
                await self.send(message.body)
            self.backlog = None
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the transport is gone; the disconnect ends the stream
            self.drop()

    def drop(self) -> None:
        super().drop()
        self.backlog = deque()  # nothing more is sent
        if self._drainer is not None:
            self._drainer.cancel()
        if self.task is not None:
            self.task.cancel()

    def close(self) -> None:
        if self._drainer is not None:
            self._drainer.cancel()


def _latest_id() -> int:
    if not connection.in_atomic_block:
        close_old_connections()
    from .events import latest_event_id

    return latest_event_id()


class Hub:
    """The per-process fan-out point between one backend listener and many readers."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.subscribers: dict[str, set[Subscriber]] = defaultdict(set)
        self.readers: set[Subscriber] = set()
        self.last_id: int | None = None
        self.connected = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self._started: asyncio.Future | None = None
        self._tasks: list[asyncio.Task] = []
        self._catch_up_wanted: asyncio.Event | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the listener once per loop; later callers wait for the first start to finish."""
        if self._started is None:
            self.loop = asyncio.get_running_loop()
            self._started = self.loop.create_future()
            try:
                self.last_id = await sync_to_async(_latest_id)()
                self._catch_up_wanted = asyncio.Event()
                # A fresh context: the listener must not inherit (and outlive) the first request's context.
                fresh = contextvars.Context()
                self._tasks = [
                    self.loop.create_task(self._catch_up_loop(), context=fresh),
                    self.loop.create_task(self.backend.listen(self), context=fresh),
                    self.loop.create_task(self._heartbeat_loop(), context=fresh),
                ]
                self._started.set_result(None)
            except BaseException as error:
                self._started.set_exception(error)
                self._started = None
                raise
        await asyncio.shield(self._started)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):  # shutting down
                await task
        self._tasks = []
        self._started = None

    # -- readers ---------------------------------------------------------------------------------

    async def subscribe(self, channels: frozenset[str]) -> QueueSubscriber:
        """A reader that takes its events from a queue (the Django view)."""
        return await self.add(QueueSubscriber(channels))

    async def add(self, subscriber: SubscriberT) -> SubscriberT:
        await self.start()
        self.readers.add(subscriber)
        for channel in subscriber.channels:
            self.subscribers[channel].add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.readers.discard(subscriber)
        for channel in subscriber.channels:
            readers = self.subscribers.get(channel)
            if readers is not None:
                readers.discard(subscriber)
                if not readers:
                    del self.subscribers[channel]

    @property
    def reader_count(self) -> int:
        return len(self.readers)

    # -- delivery --------------------------------------------------------------------------------

    def dispatch(self, message: Message) -> None:
        """Hand one event to every reader of its channel, in id order, each event once."""
        if self.last_id is not None and message.id <= self.last_id:
            return
        self.last_id = message.id
        self._deliver(self.subscribers.get(message.channel, ()), message)

    def _deliver(self, readers, message: Message) -> None:
        too_slow = [subscriber for subscriber in readers if not subscriber.deliver(message)]
        for subscriber in too_slow:
            self._drop(subscriber)

    def _drop(self, subscriber: Subscriber) -> None:
        """A reader too slow to keep up is disconnected; its browser reconnects and replays from the log."""
        self.unsubscribe(subscriber)
        subscriber.drop()

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            self._deliver(self.readers, HEARTBEAT)

    def request_catch_up(self) -> None:
        """Called on every notification: read the log once, however many notifications arrived meanwhile."""
        if self._catch_up_wanted is not None:
            self._catch_up_wanted.set()

    async def catch_up(self) -> None:
        while True:
            messages = await sync_to_async(read_since)(self.last_id or 0, None, CATCH_UP_BATCH)
            for message in messages:
                self.dispatch(message)
            if len(messages) < CATCH_UP_BATCH:
                return

    async def _catch_up_loop(self) -> None:
        assert self._catch_up_wanted is not None  # noqa: S101 - set in start()
        while True:
            await self._catch_up_wanted.wait()
            self._catch_up_wanted.clear()
            try:
                await self.catch_up()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live: reading new events failed; retrying in a second")
                await asyncio.sleep(1)
                self._catch_up_wanted.set()


# -- backends ------------------------------------------------------------------------------------


class Backend:
    name = ""

    def close(self) -> None:
        """Release the connection used for notifying (the listener belongs to the hub's task)."""

    def notify(self, message: Message) -> None:
        """Announce a committed event (called from synchronous code, after commit)."""
        raise NotImplementedError

    async def listen(self, hub: Hub) -> None:
        """Run for the life of the hub, asking it to catch up whenever something was published."""
        raise NotImplementedError


class MemoryBackend(Backend):
    """Delivers to the hubs of this process only: right for the embedded single-process setup."""

    name = "memory"

    def notify(self, message: Message) -> None:
        for hub in list(_hubs.values()):
            if hub.loop is not None and not hub.loop.is_closed():
                hub.loop.call_soon_threadsafe(hub.dispatch, message)

    async def listen(self, hub: Hub) -> None:
        hub.connected = True
        await asyncio.Event().wait()  # nothing to listen to; notify() dispatches directly


class ReconnectingBackend(Backend):
    """Shared retry logic: reconnect with growing pauses, catch up from the log after every (re)connect."""

    async def listen(self, hub: Hub) -> None:
        delay = RECONNECT_MIN_SECONDS
        while True:
            try:
                await self._listen_once(hub)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("Live: %s listener lost (%s); reconnecting in %.1f s", self.name, error, delay)
            hub.connected = False
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)

    def _connected(self, hub: Hub) -> None:
        hub.connected = True
        hub.request_catch_up()  # whatever was published while we were away

    async def _listen_once(self, hub: Hub) -> None:
        raise NotImplementedError


class PostgresBackend(ReconnectingBackend):
    name = "postgres"

    def __init__(self) -> None:
        self._notify_lock = threading.Lock()
        self._notify_connection = None

    def _conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        params = connection.settings_dict
        return make_conninfo(
            application_name=f"blattwerk-live-{os.getpid()}",
            dbname=params["NAME"],
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=str(params["PORT"]) if params.get("PORT") else None,
        )

    def notify(self, message: Message) -> None:
        # A connection of its own in autocommit, so the notification never waits on a transaction.
        import psycopg

        with self._notify_lock:
            for attempt in range(2):
                try:
                    if self._notify_connection is None or self._notify_connection.closed:
                        self._notify_connection = psycopg.connect(self._conninfo(), autocommit=True)
                    self._notify_connection.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, str(message.id)])
                    return
                except psycopg.Error as error:
                    self._notify_connection = None
                    if attempt:
                        logger.warning("Live: NOTIFY failed (%s); readers catch up when the listener reconnects", error)

    def close(self) -> None:
        with self._notify_lock:
            if self._notify_connection is not None:
                self._notify_connection.close()
                self._notify_connection = None

    async def _listen_once(self, hub: Hub) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(self._conninfo(), autocommit=True) as listener:
            await listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._connected(hub)
            async for _notification in listener.notifies():
                hub.request_catch_up()


class RedisBackend(ReconnectingBackend):
    name = "redis"

    def __init__(self, url: str) -> None:
        self.url = url
        self._client = None

    def notify(self, message: Message) -> None:
        import redis

        try:
            if self._client is None:
                self._client = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
            self._client.publish(NOTIFY_CHANNEL, str(message.id))
        except redis.RedisError as error:
            self._client = None
            logger.warning("Live: Redis PUBLISH failed (%s); readers catch up when the listener reconnects", error)

    async def _listen_once(self, hub: Hub) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(
            self.url, socket_connect_timeout=5, health_check_interval=15, client_name=f"blattwerk-live-{os.getpid()}"
        )
        try:
            pubsub = client.pubsub()
            await pubsub.subscribe(NOTIFY_CHANNEL)
            self._connected(hub)
            while True:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=15)
                if message is not None:
                    hub.request_catch_up()
                else:
                    await pubsub.ping()  # notices a silently dead connection
        finally:
            await client.aclose()


# -- selection -----------------------------------------------------------------------------------

_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def backend_name() -> str:
    configured = getattr(settings, "LIVE_BROADCAST_BACKEND", "") or ""
    if configured:
        return configured
    if getattr(settings, "REDIS_URL", ""):
        return "redis"
    if connection.vendor == "postgresql":
        return "postgres"
    return "memory"


@cache
def _backend(name: str) -> Backend:
    if name == "memory":
        return MemoryBackend()
    if name == "postgres":
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(
                "LIVE_BROADCAST_BACKEND=postgres needs a PostgreSQL database: set DATABASE_URL=postgres://… "
                "or choose 'memory' or 'redis'."
            )
        return PostgresBackend()
    if name == "redis":
        if not getattr(settings, "REDIS_URL", ""):
            raise ImproperlyConfigured("LIVE_BROADCAST_BACKEND=redis needs REDIS_URL=redis://host:6379/0.")
        return RedisBackend(settings.REDIS_URL)
    raise ImproperlyConfigured(f"Unknown LIVE_BROADCAST_BACKEND {name!r}: use 'memory', 'postgres' or 'redis'.")


def reset_backends() -> None:
    """Close and forget the backends (tests switch between them; settings may have changed)."""
    for name in ("memory", "postgres", "redis"):
        try:
            backend = _backend(name)
        except ImproperlyConfigured:
            continue
        backend.close()
    _backend.cache_clear()


def get_backend() -> Backend:
    return _backend(backend_name())


def get_hub() -> Hub:
    """The hub of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub(get_backend())
    return hub
