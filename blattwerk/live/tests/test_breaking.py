"""Breaking news that expires (or starts) on its own is pushed to open pages by the scheduler loop."""

from io import StringIO

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.management import call_command
from django.utils import timezone

from blattwerk.live import broadcast
from blattwerk.live.breaking import announce_breaking_news, shown_breaking_news_id
from blattwerk.live.events import EventType
from blattwerk.live.models import BreakingNews, BreakingNewsStatus, LiveEvent

from .asgi import StreamClient
from .conftest import committed

pytestmark = pytest.mark.django_db
MINUTE = timezone.timedelta(minutes=1)


@pytest.fixture
def empty_bar():
    """Start from an empty bar, whatever the demo content shows."""
    with committed():
        for item in BreakingNews.objects.current():
            item.status = BreakingNewsStatus.CLEARED
            item.save()
    assert shown_breaking_news_id() is None
    return timezone.now()


def test_expiry_is_announced_once(empty_bar):
    now = empty_bar
    with committed():
        item = BreakingNews.objects.create(text="Brücke gesperrt", expires_at=now + 10 * MINUTE)
    assert shown_breaking_news_id() == item.pk
    assert announce_breaking_news(now + MINUTE) is None  # still current: nothing to say

    count = LiveEvent.objects.count()
    with committed():
        assert announce_breaking_news(now + 11 * MINUTE) == EventType.BREAKING_CLEARED
    cleared = LiveEvent.objects.latest("id")
    assert (cleared.channel, cleared.type, cleared.payload) == ("site", EventType.BREAKING_CLEARED, {"id": item.pk})
    # Every later round (or another server process) finds nothing left to announce.
    assert announce_breaking_news(now + 12 * MINUTE) is None
    assert LiveEvent.objects.count() == count + 1


def test_an_older_item_shows_again_when_the_newer_expires_and_a_scheduled_one_starts(empty_bar):
    now = empty_bar
    with committed():
        older = BreakingNews.objects.create(text="Streik im Nahverkehr", active_from=now - 5 * MINUTE)
        newer = BreakingNews.objects.create(text="Unwetterwarnung", active_from=now, expires_at=now + 5 * MINUTE)
        later = BreakingNews.objects.create(text="Wahlergebnis", active_from=now + 30 * MINUTE)
    assert shown_breaking_news_id() == newer.pk

    assert announce_breaking_news(now + 6 * MINUTE) == EventType.BREAKING
    event = LiveEvent.objects.latest("id")
    assert event.payload["id"] == older.pk and "Streik im Nahverkehr" in event.payload["html"]
    assert announce_breaking_news(now + 7 * MINUTE) is None

    assert announce_breaking_news(now + 31 * MINUTE) == EventType.BREAKING
    assert LiveEvent.objects.latest("id").payload["id"] == later.pk


def test_command_for_setups_without_serve(empty_bar):
    now = empty_bar
    with committed():
        item = BreakingNews.objects.create(text="Stromausfall", expires_at=now + MINUTE)
    BreakingNews.objects.filter(pk=item.pk).update(expires_at=now - MINUTE)  # time has passed
    count = LiveEvent.objects.count()
    output = StringIO()
    call_command("announce_breaking_news", "--dry-run", stdout=output)
    assert output.getvalue() == "Würde melden: die Eilmeldungsleiste wird geleert.\n"
    assert LiveEvent.objects.count() == count
    output = StringIO()
    call_command("announce_breaking_news", stdout=output)
    assert output.getvalue() == "Gemeldet: die Eilmeldungsleiste wird geleert.\n"
    assert LiveEvent.objects.latest("id").payload == {"id": item.pk}
    call_command("announce_breaking_news", stdout=StringIO())
    assert LiveEvent.objects.count() == count + 1


@pytest.mark.usefixtures("asgi_requests")
def test_open_pages_get_the_clear_pushed(empty_bar, settings):
    settings.LIVE_BROADCAST_BACKEND = "memory"
    broadcast.reset_backends()
    now = empty_bar
    with committed():
        item = BreakingNews.objects.create(text="Flughafen geschlossen", expires_at=now + MINUTE)

    def expire():
        with committed():
            return announce_breaking_news(now + 2 * MINUTE)

    async def scenario():
        hub = broadcast.get_hub()
        page = StreamClient("/live/stream/?channels=site")
        await page.open()
        assert await sync_to_async(expire)() == EventType.BREAKING_CLEARED
        event = await page.next_event()
        assert (event.type, event.data) == (EventType.BREAKING_CLEARED, f'{{"id":{item.pk}}}')
        await page.close()
        await hub.stop()

    async_to_sync(scenario)()
    broadcast.reset_backends()
