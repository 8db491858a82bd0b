"""Serve Blattwerk over ASGI (granian) and run the newsroom's clockwork beside it.

One command instead of a process manager: the ASGI server in a child process and,
in this process, the loop that publishes and unpublishes scheduled pages on time and tells open
pages when a breaking-news item expires.
"""

import importlib.util
import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)

SCHEDULE_INTERVAL_SECONDS = 15
# Open pages learn within this many seconds that a breaking-news item expired or started (blattwerk.live.breaking).
BREAKING_NEWS_INTERVAL_SECONDS = 5
# Agency and press feeds for the newsroom inbox (blattwerk.inbox): polled every few minutes.
FEED_POLL_INTERVAL_SECONDS = 300


class Command(BaseCommand):
    help = "Startet den ASGI-Server (granian) und die Zeitsteuerung für geplante Veröffentlichungen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        from blattwerk.live.breaking import announce_breaking_news

        command = granian_command(host, port, workers)
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
        }
        server = subprocess.Popen(command, env=environment)  # noqa: S603 - fixed argument list
        self._announce(host, port)
        stop = False

        def request_stop(signum, frame) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        try:
            next_run = 0.0
            next_feed_poll = 0.0
            next_breaking_news = 0.0
            while not stop and server.poll() is None:
                if time.monotonic() >= next_run:
                    try:
                        call_command("publish_scheduled", verbosity=0)
                    except Exception:  # the site must keep serving even if one run fails
                        logger.exception("Scheduled publishing failed; retrying next round")
                    next_run = time.monotonic() + SCHEDULE_INTERVAL_SECONDS
                if time.monotonic() >= next_breaking_news:
                    try:
                        announce_breaking_news()
                    except Exception:  # the site must keep serving even if one run fails
                        logger.exception("Announcing breaking news failed; retrying next round")
                    next_breaking_news = time.monotonic() + BREAKING_NEWS_INTERVAL_SECONDS
                if time.monotonic() >= next_feed_poll:
                    try:
                        call_command("poll_feeds", verbosity=0, stdout=io.StringIO())
                    except Exception:  # a broken feed must never stop the site
                        logger.exception("Polling the inbox feeds failed; retrying next round")
                    next_feed_poll = time.monotonic() + FEED_POLL_INTERVAL_SECONDS
                time.sleep(0.5)
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
        if server.returncode not in (0, None, -signal.SIGTERM):
            sys.exit(server.returncode)

    def _announce(self, host: str, port: int) -> None:
        from blattwerk.demo.management.commands.load_demo import (
            DEFAULT_DEMO_PASSWORD,
            DEMO_PASSWORD_VARIABLE,
        )

        url = f"http://{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"Blattwerk läuft auf {url}/  (Beenden mit Strg+C)"))
        user = get_user_model().objects.filter(username="admin").first()
        password = os.environ.get(DEMO_PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD
        if user is not None and user.check_password(password):
            self.stdout.write(
                f"Redaktion: {url}/admin/  Benutzer „admin“, Passwort „{password}“\n"
                f"           (auch „redaktion“ = Redakteur/in und „autor“ = Autor/in, gleiches Passwort)\n"
            )
            self.stdout.write(
                self.style.WARNING(
                    "WARNUNG: Das sind Demo-Zugänge mit bekanntem Passwort – vor jedem öffentlichen "
                    "Betrieb Passwörter ändern oder Konten löschen."
                )
            )


def event_loop() -> str:
    """granian's event loop: WEB_LOOP, else uvloop when installed (a dependency), else asyncio.

    docs/benchmarks.md ("Live fan-out") has both measured: uvloop made the old queue-per-reader stream
    faster and is no slower for the direct fan-out.
    """
    return os.environ.get("WEB_LOOP") or ("uvloop" if importlib.util.find_spec("uvloop") else "asyncio")


def runtime_threads() -> str:
    """granian's Rust threads per worker, which write the responses to the sockets (WEB_RUNTIME_THREADS).

    Two instead of granian's one: writing one live entry to 10,000 open streams is socket work that a
    second thread shares (p99 at 10,000 readers ≈ 130–150 ms instead of ≈ 165–185 ms, docs/benchmarks.md).
    """
    return os.environ.get("WEB_RUNTIME_THREADS") or "2"


def granian_command(host: str, port: int, workers: int) -> list[str]:
    """The granian invocation; static files and media are served by granian itself."""
    command = [
        str(Path(sys.executable).with_name("granian")),
        "--interface",
        "asginl",
        "--loop",
        event_loop(),
        "--runtime-threads",
        runtime_threads(),
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-ws",
        # Every open live stream is a request in flight; granian's default (backlog / workers = 1024)
        # would stop accepting readers beyond that. See docs/benchmarks.md, "Live fan-out".
        "--backpressure",
        os.environ.get("WEB_MAX_CONNECTIONS", "16384"),
        "--static-path-route",
        settings.STATIC_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.STATIC_ROOT),
    ]
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    command += [
        "--static-path-route",
        settings.MEDIA_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.MEDIA_ROOT),
    ]
    return [*command, "blattwerk.asgi:application"]
