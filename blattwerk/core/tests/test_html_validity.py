"""Every kind of reader page is valid HTML5, checked by the Nu Html Checker (vnu) the W3C runs."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "home": "/",
    "section": "/politik/",
    "section-page-2": "/politik/?seite=1",
    "article": "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/",
    "topic-index": "/themen/",
    "topic": "/themen/bundeshaushalt/",
    "author-index": "/autoren/",
    "author": "/autoren/anna-berger/",
    "search": "/suche/?q=Haushalt",
    "search-empty": "/suche/",
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "not-found": "/diese-seite-gibt-es-nicht/",
}
# Known errors in templates owned by another app, listed here so they are fixed, not forgotten:
# a strict xfail turns into a failure the moment the template is corrected.
KNOWN_ERRORS = {
    "search": 'search/search.html: <form action=""> (omit the attribute) – owned by the search app',
    "search-empty": 'search/search.html: <form action=""> (omit the attribute) – owned by the search app',
}


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed: `apt-get install default-jre-headless` to validate HTML with vnu")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci` in {settings.BASE_DIR} (make test does this).")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stdout)["messages"]


@pytest.fixture(scope="module")
def vnu_report(django_db_setup, django_db_blocker, tmp_path_factory):
    """Render every page once and validate them in one JVM run (startup costs seconds)."""
    from django.test import Client

    directory = tmp_path_factory.mktemp("html")
    files = {}
    with django_db_blocker.unblock():
        client = Client()
        for name, path in PAGES.items():
            response = client.get(path)
            assert response.status_code in (200, 404), path
            files[name] = directory / f"{name}.html"
            files[name].write_bytes(response.content)
    messages = run_vnu(list(files.values()))
    report = {name: [] for name in PAGES}
    for message in messages:
        if message["type"] in ("error", "non-document-error"):
            name = Path(message.get("url", "")).stem
            report.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return report


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_ERRORS[name], strict=True))
        if name in KNOWN_ERRORS
        else name
        for name in PAGES
    ],
)
def test_page_is_valid_html5(vnu_report, name):
    assert vnu_report[name] == [], f"{PAGES[name]} is not valid HTML:\n" + "\n".join(vnu_report[name])
