"""A real browser: what an editor saves appears on pages readers already have open."""

import os

import pytest

from .servers import EDITOR_PASSWORD, Server, prepare_site

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def open_reader(browser, url: str, errors: list[str]):
    page = browser.new_context().new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    with page.expect_response(lambda response: "/live/stream/" in response.url):
        page.goto(url)
    return page


def test_editor_entry_and_breaking_news_appear_on_open_pages(tmp_path, browser):
    live_blog = prepare_site(tmp_path, LIVE_BROADCAST_BACKEND="memory")
    server = Server(tmp_path, LIVE_BROADCAST_BACKEND="memory")
    errors: list[str] = []
    try:
        reader = open_reader(browser, f"{server.url}/sport/live/", errors)
        article_reader = open_reader(browser, f"{server.url}/sport/artikel-vorher/", errors)
        assert article_reader.locator(".breaking-news__item").count() == 0

        editor = browser.new_context().new_page()
        editor.goto(f"{server.url}/admin/login/")
        editor.fill("#id_username", "chefin")
        editor.fill("#id_password", EDITOR_PASSWORD)
        editor.locator("form button[type=submit]").first.click()
        editor.wait_for_url(f"{server.url}/admin/")
        editor.goto(f"{server.url}/admin/liveticker/{live_blog}/")
        editor.fill("#id_headline", "Elfmeter!")
        editor.fill("#id_body", "Der Schiedsrichter zeigt auf den Punkt.")
        editor.get_by_role("button", name="Eintrag veröffentlichen").click()

        entry = reader.locator(".live-entry", has_text="Der Schiedsrichter zeigt auf den Punkt.")
        entry.wait_for(timeout=5000)
        assert "Elfmeter!" in entry.inner_text()
        assert entry.locator("time[data-relative]").inner_text() == "gerade eben"
        assert reader.locator("[data-live-empty]").count() == 0

        editor.goto(f"{server.url}/admin/snippets/live/breakingnews/add/")
        editor.fill("#id_text", "Bundestag beschließt Haushalt")
        editor.fill("#id_link", "/sport/artikel-vorher/")
        editor.get_by_role("button", name="Speichern", exact=True).click()
        bar = article_reader.locator("#breaking-news .breaking-news__item")
        bar.wait_for(timeout=5000)
        assert "Bundestag beschließt Haushalt" in bar.inner_text()
        assert bar.locator(".breaking-news__label").text_content() == "Eilmeldung"
        # The open live blog got the bar too, and the reader's focus stayed where it was.
        reader.locator("#breaking-news .breaking-news__item").wait_for(timeout=5000)
        assert reader.evaluate("document.activeElement === document.body")
        assert not errors, errors
    finally:
        server.stop()


PUBLISH_SCRIPT = """
from blattwerk.news.models import ArticlePage, SectionPage
section = SectionPage.objects.get(slug="sport")
page = ArticlePage(title="Neu: Pokalauslosung", slug="pokalauslosung", lead="Die Paarungen stehen fest.",
                   body=[{"type": "paragraph", "value": "<p>Text.</p>"}])
section.add_child(instance=page)
page.save_revision().publish()
"""


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL", "").startswith("redis"),
    reason="publishes from a separate process: set REDIS_URL=redis://127.0.0.1:6379/<db>",
)
def test_new_article_notice_shows_teasers_on_click(tmp_path, browser):
    import subprocess

    from .servers import PROJECT_ROOT, PYTHON, server_environment

    environment = {"LIVE_BROADCAST_BACKEND": "redis", "REDIS_URL": os.environ["REDIS_URL"]}
    prepare_site(tmp_path, **environment)
    server = Server(tmp_path, **environment)
    errors: list[str] = []
    try:
        reader = open_reader(browser, f"{server.url}/sport/", errors)
        assert reader.locator("#live-new-articles").count() == 0
        subprocess.run(
            [PYTHON, str(PROJECT_ROOT / "manage.py"), "shell", "-c", PUBLISH_SCRIPT],
            env=server_environment(tmp_path, **environment),
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
        notice = reader.locator("#live-new-articles")
        notice.wait_for(timeout=10000)
        assert notice.inner_text() == "1 neuer Artikel — anzeigen"
        assert reader.locator(".teaser", has_text="Neu: Pokalauslosung").count() == 0  # not before the click
        notice.click()
        reader.locator(".teaser-list .teaser", has_text="Neu: Pokalauslosung").first.wait_for(timeout=2000)
        assert notice.is_hidden()
        assert not errors, errors
    finally:
        server.stop()
