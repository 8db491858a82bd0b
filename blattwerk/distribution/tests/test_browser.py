"""JSON-LD under our strict Content-Security-Policy, checked in a real Chromium.

`script-src 'self'` blocks inline *executable* scripts; a `<script type="application/ld+json">`
is a data block that the browser never executes, so it must not trigger a CSP violation. The page is
rendered by the Django test client first (Playwright's sync API runs an event loop, in which Django
refuses database access) and handed to Chromium with its real headers through request routing.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest

from blattwerk.news.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def chromium_page():
    """Start Chromium only after the page was rendered (see the module docstring)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium not found; install it (apt-get install -y chromium) to run browser tests.")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def rendered(client, path: str, inject: str = "") -> dict:
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.replace(b"</head>", inject.encode() + b"</head>")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    return {"url": f"http://localhost{path}", "headers": dict(response.headers), "body": body}


def open_in_browser(page, document: dict) -> None:
    def handle(route):
        if route.request.url == document["url"]:
            route.fulfill(status=200, headers=document["headers"], body=document["body"])
        else:
            route.fulfill(status=404, body=b"")  # stylesheets, scripts, images: not needed here

    page.route("http://localhost/**", handle)
    page.goto(document["url"])


def csp_errors(messages) -> list[str]:
    return [text for text in messages if "Content Security Policy" in text]


def test_json_ld_is_readable_and_raises_no_csp_violation(client):
    newest_article = ArticlePage.objects.teasers().filter(liveblogpage__isnull=True).first()  # live blogs differ
    document = rendered(client, newest_article.url)
    messages = []
    with chromium_page() as page:
        page.on("console", lambda message: messages.append(message.text))
        open_in_browser(page, document)
        types = page.evaluate(
            "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
            ".map(s => JSON.parse(s.textContent)['@type'])"
        )
    assert types == ["NewsArticle", "BreadcrumbList"]
    assert csp_errors(messages) == []


def test_the_policy_is_active_so_the_check_above_means_something(client):
    """Control: an executable inline script in the same page is refused and reported."""
    inline = "<script>document.title = 'gehackt';</script>"
    document = rendered(client, ArticlePage.objects.teasers().first().url, inject=inline)
    messages = []
    with chromium_page() as page:
        page.on("console", lambda message: messages.append(message.text))
        open_in_browser(page, document)
        title = page.title()
    assert title != "gehackt"
    assert csp_errors(messages)
