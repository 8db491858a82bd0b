"""Real granian server processes on a throwaway SQLite database, for the server and browser tests and the bench."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
GRANIAN = str(Path(sys.executable).with_name("granian"))
EDITOR_PASSWORD = "live-test-password"  # noqa: S105 - throwaway database

SETUP_SCRIPT = f"""
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from blattwerk.news.models import ArticlePage, HomePage, SectionPage
from blattwerk.live.models import LiveBlogPage
User = get_user_model()
if not User.objects.filter(username="chefin").exists():
    User.objects.create_superuser("chefin", "chefin@blattwerk.example", "{EDITOR_PASSWORD}")
home = HomePage.objects.first()
if home is None:
    root = Page.get_first_root_node()
    home = HomePage(title="Blattwerk", slug="blattwerk")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old = site.root_page_id
    site.root_page = home
    site.save()
    Page.objects.filter(pk=old, depth=2).exclude(pk=home.pk).delete()
section = SectionPage.objects.first()
if section is None:
    section = SectionPage(title="Sport", slug="sport", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    for slug, title in (("live", "Liveticker: Testspiel"), ("artikel-vorher", "Ein Artikel zum Lesen")):
        cls = LiveBlogPage if slug == "live" else ArticlePage
        page = cls(title=title, slug=slug, lead="Vorspann.", body=[{{"type": "paragraph", "value": "<p>Text.</p>"}}])
        section.add_child(instance=page)
        page.save_revision().publish()
print("live-blog", LiveBlogPage.objects.get(slug="live").pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "TEST_DB_NAME"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="blattwerk.settings.dev",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BLATTWERK_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    environment.update(extra)
    return environment


def prepare_site(var_dir: Path, **extra: str) -> int:
    """Migrate a fresh database, collect static files, create an editor and a live blog; returns its page id."""
    environment = server_environment(var_dir, **extra)
    manage = [PYTHON, str(PROJECT_ROOT / "manage.py")]
    for arguments in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([*manage, *arguments], env=environment, cwd=PROJECT_ROOT, check=True, capture_output=True)
    output = subprocess.run(
        [*manage, "shell", "-c", SETUP_SCRIPT], env=environment, cwd=PROJECT_ROOT, check=True, capture_output=True
    ).stdout.decode()
    return int(re.search(r"live-blog (\d+)", output).group(1))


class Server:
    """One granian process serving blattwerk.asgi the way `manage.py serve` does."""

    def __init__(
        self, var_dir: Path, workers: int = 1, loop: str | None = None, options: list[str] = (), **extra: str
    ) -> None:
        from blattwerk.core.management.commands.serve import event_loop, runtime_threads

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            GRANIAN,
            "--interface",
            "asginl",
            "--loop",
            loop or event_loop(),
            "--runtime-threads",
            runtime_threads(),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--no-ws",
            "--backlog",
            "4096",
            "--backpressure",
            "16384",  # as `manage.py serve` sets it: each open stream counts as a request in flight
            "--static-path-route",
            "/static",
            "--static-path-mount",
            str(var_dir / "static"),
            *options,
            "blattwerk.asgi:application",
        ]
        self.log = open(var_dir / f"server-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=server_environment(var_dir, **extra), cwd=PROJECT_ROOT, stdout=self.log, stderr=self.log
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"granian exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"granian did not answer on {self.url} within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Editor:
    """An editor's browser session, without the browser: logs in and posts live entries through the admin."""

    def __init__(self, base_url: str, username: str = "chefin", password: str = EDITOR_PASSWORD) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._token: str | None = None
        login = self.base_url + "/admin/login/"
        self._post(login, {"username": username, "password": password}, referer=login)
        self._token = None  # Django rotates the CSRF secret on login

    def _csrf(self, url: str) -> str:
        # One token per session is enough (the CSRF cookie does not change), so posting is a single request.
        if self._token is None or url.endswith("/login/"):
            html = self.opener.open(url, timeout=30).read().decode()
            self._token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self._token

    def _post(self, url: str, fields: dict, referer: str | None = None) -> int:
        fields = {**fields, "csrfmiddlewaretoken": self._csrf(url)}
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": referer or url}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.status

    def post_entry(self, live_blog_id: int, body: str, headline: str = "") -> int:
        return self._post(f"{self.base_url}/admin/liveticker/{live_blog_id}/", {"headline": headline, "body": body})
