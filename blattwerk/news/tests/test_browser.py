"""A reader's walk through the demo site in a real Chromium, served over ASGI exactly as `make run` does.

The server is `manage.py serve` (granian + the scheduled-publishing loop) in a subprocess,
on a free port, against a fresh file-based SQLite database loaded with the demo.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots for a human to look at after the run (CI keeps them as artifacts).
SCREENSHOT_DIR = Path(os.environ.get("BLATTWERK_SCREENSHOT_DIR", tempfile.gettempdir()))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict, timeout: int = 600) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, timeout=timeout)


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("site")
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "TEST_DB_NAME"}}
    env.update(
        DJANGO_SETTINGS_MODULE="blattwerk.settings.dev",
        BLATTWERK_VAR_DIR=str(var_dir),
        DEBUG="0",
        LOG_LEVEL="WARNING",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("load_demo", "-v0", env=env)
    port = free_port()
    log = (var_dir / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:  # noqa: S310 - our own server
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The ASGI server did not come up:\n" + (var_dir / "server.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def scroll_through(page) -> None:
    """Scroll to the end so lazy-loaded pictures load before a full-page screenshot."""
    for _ in range(12):
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")


def test_reader_walks_home_section_article_without_leaving_127_0_0_1(server_url):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: `apt-get install chromium` (.ci/run does this)")
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")

        def record(route):
            requests.append(route.request.url)
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                route.abort()  # recorded above, and never allowed to leave the machine

        context.route("**/*", record)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        page.goto(server_url + "/")
        expect(page.locator("nav.main-nav a")).to_have_text(["Home", "Politik", "Nachrichten", "Sport", "Klatsch"])
        expect(page.locator(".home-top__lead .teaser--large img")).to_be_visible()
        scroll_through(page)
        page.screenshot(path=str(SCREENSHOT_DIR / "blattwerk-home.png"), full_page=True)

        page.locator("nav.main-nav a", has_text="Politik").click()
        page.wait_for_url(server_url + "/politik/")
        expect(page.locator("h1")).to_have_text("Politik")
        teasers = page.locator(".teaser-list article.teaser")
        expect(teasers.first).to_be_visible()
        scroll_through(page)
        page.screenshot(path=str(SCREENSHOT_DIR / "blattwerk-section.png"), full_page=True)

        headline = teasers.first.locator(".teaser__title a")
        title = headline.inner_text()
        headline.click()
        page.wait_for_load_state("load")
        expect(page.locator("h1.article__title")).to_have_text(title)

        for position in ("header", "footer"):
            share = page.locator(f".article__{position} .share")
            for network in ("email", "whatsapp", "telegram", "x", "facebook", "linkedin"):
                expect(share.locator(f".share__link--{network}")).to_be_visible()
            # 127.0.0.1 is a secure context with a clipboard, so the script reveals "Link kopieren".
            expect(share.locator("[data-share-copy]")).to_be_visible()
        related = page.locator("section.related article.teaser")
        expect(related).to_have_count(4)
        for index in range(4):
            expect(related.nth(index)).to_be_visible()
        scroll_through(page)
        page.screenshot(path=str(SCREENSHOT_DIR / "blattwerk-article.png"), full_page=True)

        # A phone-sized viewport: the layout collapses to one column, nothing overflows sideways.
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        expect(page.locator("h1.article__title")).to_have_text(title)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a phone screen"
        page.keyboard.press("Home")
        page.wait_for_timeout(200)
        page.screenshot(path=str(SCREENSHOT_DIR / "blattwerk-article-mobile.png"), full_page=False)

        cookies = context.cookies()
        browser.close()

    assert errors == [], errors
    assert cookies == [], "anonymous readers must get no cookie"
    assert requests, "the request recorder saw nothing"
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1"]
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert any(url.endswith(".css") for url in requests) and any("/media/images/" in url for url in requests)
