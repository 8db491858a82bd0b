import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from blattwerk.inbox.feeds import poll_feed
from blattwerk.inbox.models import FeedSource, Submission

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Polizeipresse Musterstadt</title><link>http://127.0.0.1/</link>
<description>Meldungen</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://127.0.0.1/meldung/{n}</link><guid>meldung-{n}</guid>
<pubDate>Mon, 02 Feb 2026 0{n}:00:00 +0100</pubDate>
<description><![CDATA[<p>Meldung {n}: <b>Unfall</b> auf der B{n}.</p><script>alert(1)</script>]]>
</description></item>"""


class FeedServer:
    """A local feed server: ETag/Last-Modified on 200, 304 when the client already has this version."""

    def __init__(self) -> None:
        self.version = 1
        self.items = [ITEM.format(n=1, title="Unfall auf der B1"), ITEM.format(n=2, title="Sperrung &amp; Umleitung")]
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                etag = f'"v{server.version}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                body = RSS.format(items="\n".join(server.items)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 02 Feb 2026 10:00:00 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_feed_entries_land_in_the_inbox_once_with_conditional_get():
    with FeedServer() as server:
        source = FeedSource.objects.create(name="Polizei Musterstadt", url=server.url)
        first = poll_feed(source)
        assert (first.new, first.known, first.not_modified) == (2, 0, False)
        source.refresh_from_db()
        assert source.etag == '"v1"' and source.last_modified == "Mon, 02 Feb 2026 10:00:00 GMT"

        second = poll_feed(source)
        assert second.not_modified and second.new == 0
        assert server.requests[1]["If-None-Match"] == '"v1"'
        assert server.requests[1]["If-Modified-Since"] == "Mon, 02 Feb 2026 10:00:00 GMT"

        server.version = 2
        server.items.append(ITEM.format(n=3, title="Neue Meldung"))
        third = poll_feed(source)
        assert (third.new, third.known) == (1, 2)

    items = Submission.objects.filter(feed=source).order_by("external_id")
    assert [item.external_id for item in items] == ["meldung-1", "meldung-2", "meldung-3"]
    sperrung = items.get(external_id="meldung-2")
    assert sperrung.title == "Sperrung & Umleitung" and sperrung.source == Submission.Source.FEED
    assert sperrung.status == Submission.Status.NEW and sperrung.article is None  # never auto-published
    assert "<b>Unfall</b>" in sperrung.html and "script" not in sperrung.html
    assert sperrung.source_url.endswith("/meldung/2") and sperrung.organisation == "Polizeipresse Musterstadt"


def test_poll_feeds_command_reports_each_source_and_survives_a_broken_one():
    with FeedServer() as server:
        FeedSource.objects.create(name="Gut", url=server.url)
        FeedSource.objects.create(name="Kaputt", url="http://127.0.0.1:9/nicht-da.xml")
        FeedSource.objects.create(name="Aus", url=server.url + "?aus", active=False)
        out, err = io.StringIO(), io.StringIO()
        call_command("poll_feeds", stdout=out, stderr=err)
    assert "Gut: 2 neu, 0 bekannt" in out.getvalue()
    assert "Kaputt: Fehler" in err.getvalue()
    assert FeedSource.objects.get(name="Kaputt").last_error
    assert len(server.requests) == 1  # the inactive source was not fetched


def test_only_http_urls_are_fetched():
    source = FeedSource.objects.create(name="Datei", url="file:///etc/passwd")
    with pytest.raises(ValueError, match="http"):
        poll_feed(source)
    assert not Submission.objects.filter(feed=source).exists()
