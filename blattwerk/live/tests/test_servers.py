"""Two real server processes: a reader on one, an editor on the other; the entry crosses over."""

import http.client
import os

import pytest

from .servers import Editor, Server, prepare_site

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL", "").startswith("redis"),
        reason="needs Redis to connect two processes: set REDIS_URL=redis://127.0.0.1:6379/<db>",
    ),
]


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


def test_entry_posted_on_one_process_reaches_a_reader_on_the_other(tmp_path):
    environment = {"LIVE_BROADCAST_BACKEND": "redis", "REDIS_URL": os.environ["REDIS_URL"]}
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
