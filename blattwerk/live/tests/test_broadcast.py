"""The broadcast layer: delivery, replay after reconnect (no gap, no duplicate), backend drop-outs.

The memory backend is always tested; PostgreSQL and Redis only when the run is configured for them
(DATABASE_URL=postgres://… / REDIS_URL=redis://…), as in CI's second configuration.
"""

import asyncio
import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connection
from django.utils import timezone

from blattwerk.live import broadcast
from blattwerk.live.events import EventType, latest_event_id, live_blog_channel, publish_event
from blattwerk.live.models import LiveEntry

from .asgi import StreamClient
from .conftest import committed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("asgi_requests")]

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL backend: set DATABASE_URL=postgres://… (and TEST_DB_NAME) to run it",
)
needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL", "").startswith("redis"),
    reason="Redis backend: set REDIS_URL=redis://127.0.0.1:6379/<db> to run it",
)
BACKENDS = [
    pytest.param("memory", id="memory"),
    pytest.param("postgres", id="postgres", marks=needs_postgres),
    pytest.param("redis", id="redis", marks=needs_redis),
]


@pytest.fixture(autouse=True)
def fresh_backends():
    broadcast.reset_backends()
    yield
    broadcast.reset_backends()


def _save_entry(live_blog, **fields) -> LiveEntry:
    with committed():
        return LiveEntry.objects.create(live_blog=live_blog, **fields)


def _delete_entry(entry: LiveEntry) -> None:
    with committed():
        entry.deleted_at = timezone.now()
        entry.save()


def _edit_entry(entry: LiveEntry, headline: str) -> None:
    with committed():
        entry.headline = headline
        entry.save()


async def _wait_until_connected(hub, timeout=10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not hub.connected:
        assert asyncio.get_running_loop().time() < deadline, "the backend listener did not connect"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("fast_path", [True, False], ids=["asgi-stream", "django-view"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_events_reach_open_streams_and_replay_after_reconnect(backend, fast_path, settings, live_blog):
    settings.LIVE_BROADCAST_BACKEND = backend
    settings.LIVE_STREAM_FAST_PATH = fast_path
    channel = live_blog_channel(live_blog.pk)
    start = latest_event_id()

    async def scenario():
        hub = broadcast.get_hub()
        reader = StreamClient(f"/live/stream/?channels={channel}&since={start}")
        await reader.open()
        assert reader.status == 200
        assert reader.response_headers["content-type"] == "text/event-stream"
        assert reader.response_headers["cache-control"].startswith("no-cache")
        assert reader.response_headers["x-accel-buffering"] == "no"
        await _wait_until_connected(hub)
        other = StreamClient("/live/stream/?channels=site")
        await other.open()

        first = await sync_to_async(_save_entry)(live_blog, headline="Anstoß", body="Es geht los.")
        received = await reader.next_event()
        assert (received.type, received.id) == (EventType.ENTRY, first.pk and received.id)
        assert "Es geht los." in received.data
        seen = [received.id]

        # The reader drops off (laptop lid); three things happen meanwhile.
        await reader.close()
        second = await sync_to_async(_save_entry)(live_blog, body="Zweiter Eintrag.")
        await sync_to_async(_edit_entry)(second, "Zweiter (korrigiert)")
        await sync_to_async(_delete_entry)(first)

        back = StreamClient(
            f"/live/stream/?channels={channel}&since={start}", headers=[(b"last-event-id", str(seen[-1]).encode())]
        )
        await back.open()
        replayed = [await back.next_event() for _ in range(3)]
        assert [event.type for event in replayed] == [EventType.ENTRY, EventType.ENTRY, EventType.ENTRY_DELETED]
        assert "Zweiter (korrigiert)" in replayed[1].data
        ids = [event.id for event in replayed]
        assert ids == sorted(ids) and ids[0] > seen[-1]

        # And the live stream continues after the replay, without repeating it.
        await sync_to_async(_save_entry)(live_blog, body="Dritter Eintrag, live.")
        live = await back.next_event()
        assert "Dritter Eintrag, live." in live.data and live.id > ids[-1]
        with pytest.raises(TimeoutError):
            await back.next_event(timeout=0.5)
        # A reader of another channel got none of it.
        with pytest.raises(TimeoutError):
            await other.next_event(timeout=0.3)
        await back.close()
        await other.close()
        await hub.stop()

    async_to_sync(scenario)()


def test_slow_reader_is_dropped_not_waited_for(settings):
    settings.LIVE_BROADCAST_BACKEND = "memory"

    async def scenario():
        hub = broadcast.get_hub()
        slow = await hub.subscribe(frozenset({"site"}))
        fast = await hub.subscribe(frozenset({"site"}))
        base = hub.last_id or 0
        for offset in range(1, broadcast.QUEUE_SIZE + 2):
            hub.dispatch(broadcast.Message(base + offset, "site", b"x"))
            if not fast.queue.empty():
                fast.queue.get_nowait()
        assert slow.dropped and not fast.dropped
        assert slow.queue.get_nowait() is None  # the stream ends; the browser reconnects and replays
        assert slow not in hub.subscribers.get("site", set())
        await hub.stop()

    async_to_sync(scenario)()


def test_asgi_reader_gets_events_held_during_its_replay_once(settings):
    settings.LIVE_BROADCAST_BACKEND = "memory"

    async def scenario():
        hub = broadcast.get_hub()
        got = []

        async def send(message):
            got.append(message["body"])

        await hub.start()
        base = hub.last_id or 0
        reader = await hub.add(broadcast.SendSubscriber(frozenset({"site"}), send, base))
        first, second = (broadcast.Message(base + n, "site", f"event {n}".encode()) for n in (1, 2))
        hub.dispatch(first)
        hub.dispatch(second)
        assert got == []  # held while the stream replays from the log ...
        await send(first.body)  # ... which already has the first one
        reader.last_id = first.id
        reader.replayed()
        assert got == [b"event 1", b"event 2"]
        hub.dispatch(broadcast.Message(base + 3, "site", b"event 3"))
        assert got[-1] == b"event 3"  # afterwards straight through, no task switch needed
        await hub.stop()

    async_to_sync(scenario)()


def test_slow_asgi_reader_waits_in_its_backlog_then_is_dropped_without_holding_up_others(settings):
    settings.LIVE_BROADCAST_BACKEND = "memory"

    async def scenario():
        hub = broadcast.get_hub()
        fast_got, slow_got = [], []
        transport_free = asyncio.Event()

        async def fast_send(message):
            fast_got.append(message["body"])

        async def slow_send(message):
            await transport_free.wait()  # as a server's send waits while the reader's socket is full
            slow_got.append(message["body"])

        connection = asyncio.create_task(asyncio.sleep(3600))  # stands in for the slow reader's ASGI task
        slow = broadcast.SendSubscriber(frozenset({"site"}), slow_send, None)
        slow.task = connection
        fast = broadcast.SendSubscriber(frozenset({"site"}), fast_send, None)
        for reader in (slow, fast):
            await hub.add(reader)
            reader.replayed()
        base = hub.last_id or 0

        def publish(*numbers):
            for number in numbers:
                hub.dispatch(broadcast.Message(base + number, "site", f"{number}".encode()))

        publish(1, 2, 3)
        assert fast_got == [b"1", b"2", b"3"] and slow_got == [] and not slow.dropped
        transport_free.set()
        for _ in range(20):
            await asyncio.sleep(0)
        assert slow_got == [b"1", b"2", b"3"]  # in order, once the reader read again

        transport_free.clear()
        publish(*range(4, 4 + broadcast.QUEUE_SIZE + 2))
        assert len(fast_got) == 3 + broadcast.QUEUE_SIZE + 2
        assert slow.dropped and slow not in hub.readers and fast in hub.readers
        with pytest.raises(asyncio.CancelledError):
            await connection  # the slow reader's stream ends; its browser reconnects and replays
        await hub.stop()

    async_to_sync(scenario)()


def _kill_listener(backend: str) -> int:
    """Cut this process's listener connection, as a restart of PostgreSQL or Redis would."""
    name = f"blattwerk-live-{os.getpid()}"
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = %s AND query LIKE 'LISTEN%%'",
                [name],
            )
            return cursor.fetchone()[0]
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    killed = 0
    for info in client.client_list():
        if info.get("name") == name:
            killed += client.client_kill_filter(_id=info["id"])
    return killed


@pytest.mark.parametrize("backend", [p for p in BACKENDS if p.values[0] != "memory"])
def test_listener_reconnects_and_catches_up_after_the_backend_drops(backend, settings):
    settings.LIVE_BROADCAST_BACKEND = backend

    async def scenario():
        hub = broadcast.get_hub()
        reader = StreamClient("/live/stream/?channels=site")
        await reader.open()
        await _wait_until_connected(hub)
        assert await sync_to_async(_kill_listener)(backend) == 1
        # Published while the listener is down: its notification is lost, the event is not.
        event = await sync_to_async(_publish_committed)("Während der Funkstille")
        received = await reader.next_event(timeout=15)
        assert received.id == event.id and "Funkstille" in received.data
        # Afterwards notifications flow again through the new connection.
        later = await sync_to_async(_publish_committed)("Wieder verbunden")
        assert (await reader.next_event(timeout=10)).id == later.id
        await reader.close()
        await hub.stop()

    async_to_sync(scenario)()


def _publish_committed(text: str):
    with committed():
        return publish_event("site", EventType.BREAKING, {"id": 0, "html": text, "expires": None})


def test_idle_readers_get_heartbeats(settings, monkeypatch):
    settings.LIVE_BROADCAST_BACKEND = "memory"
    monkeypatch.setattr(broadcast, "HEARTBEAT_SECONDS", 0.05)

    async def scenario():
        hub = broadcast.get_hub()
        subscriber = await hub.subscribe(frozenset({"site"}))
        pinged = asyncio.Event()

        async def send(message):
            assert message["body"] == b": ping\n\n"
            pinged.set()

        asgi_reader = await hub.add(broadcast.SendSubscriber(frozenset({"liveblog-1"}), send, None))
        asgi_reader.replayed()
        assert await asyncio.wait_for(subscriber.queue.get(), 2) is broadcast.HEARTBEAT
        await asyncio.wait_for(pinged.wait(), 2)
        await hub.stop()

    async_to_sync(scenario)()
