"""Two real server processes: a reader on one, an editor on the other; the entry crosses over.

Once through Redis pub/sub (the servers on a SQLite file) and once through PostgreSQL LISTEN/NOTIFY
(the servers on a throwaway PostgreSQL database of their own, named after TEST_DB_NAME).
"""

import http.client
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from .servers import Editor, Server, prepare_site

pytestmark = pytest.mark.server


@pytest.fixture
def redis_servers():
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis"):
        pytest.skip("needs Redis to connect two processes: set REDIS_URL=redis://127.0.0.1:6379/<db>")
    return {"LIVE_BROADCAST_BACKEND": "redis", "REDIS_URL": url}


@pytest.fixture
def postgres_servers():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "needs PostgreSQL to connect two processes over LISTEN/NOTIFY: "
            "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (and TEST_DB_NAME)"
        )
    import psycopg

    # The servers must see each other's commits, so not the test database (whose tests never commit).
    name = f"{os.environ.get('TEST_DB_NAME', 'test_blattwerk')}_servers"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {"LIVE_BROADCAST_BACKEND": "postgres", "DATABASE_URL": urlunsplit(urlsplit(url)._replace(path=f"/{name}"))}
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_stream(port: int, live_blog: int, last_event_id: int | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    connection.request("GET", f"/live/stream/?channels=liveblog-{live_blog}", headers=headers)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    return response


def read_event(stream: http.client.HTTPResponse) -> dict:
    """The next SSE event with data; comments (heartbeats, hints) are skipped."""
    fields: dict = {}
    while True:
        line = stream.readline().decode().rstrip("\n")
        if not line:
            if "data" in fields:
                return fields
            fields = {}
            continue
        if not line.startswith(":"):
            name, _, value = line.partition(": ")
            fields[name] = value


@pytest.mark.parametrize("backend", ["redis_servers", "postgres_servers"], ids=["redis", "postgres"])
def test_entry_posted_on_one_process_reaches_a_reader_on_the_other(backend, request, tmp_path):
    environment = request.getfixturevalue(backend)
    live_blog = prepare_site(tmp_path, **environment)
    reader_side, editor_side = Server(tmp_path, **environment), Server(tmp_path, **environment)
    try:
        stream = open_stream(reader_side.port, live_blog)
        Editor(editor_side.url).post_entry(live_blog, "Tor in der 90. Minute!", headline="Tor!")
        event = read_event(stream)
        assert event["event"] == "entry"
        assert "Tor in der 90. Minute!" in event["data"]
        first_id = int(event["id"])
        stream.close()

        # Reconnect to the other process with Last-Event-ID: what was missed comes from the log, once.
        Editor(editor_side.url).post_entry(live_blog, "Abpfiff.")
        stream = open_stream(editor_side.port, live_blog, last_event_id=first_id)
        event = read_event(stream)
        assert int(event["id"]) > first_id and "Abpfiff." in event["data"]
        Editor(reader_side.url).post_entry(live_blog, "Nachspiel.")
        following = read_event(stream)
        assert int(following["id"]) > int(event["id"]) and "Nachspiel." in following["data"]
        stream.close()
    finally:
        reader_side.stop()
        editor_side.stop()
