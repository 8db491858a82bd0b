"""Site-wide parts every reader page shares: footer, legal pages, error pages, privacy, headers."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from lxml import html
from wagtail.models import Site

from blattwerk.core.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

READER_PAGES = [
    "/",
    "/politik/",
    "/politik/haushalt-2027-koalition-vertagt-einigung-nach-nachtsitzung/",
    "/themen/",
    "/themen/bundeshaushalt/",
    "/autoren/",
    "/autoren/anna-berger/",
    "/impressum/",
    "/datenschutz/",
    "/suche/?q=Haushalt",
    "/gibt-es-nicht/",
]


def text(element) -> str:
    return " ".join(element.text_content().split())


def footer(client, path="/"):
    return html.fromstring(client.get(path).content).cssselect("footer.site-footer")[0]


def test_footer_shows_the_demo_defaults(client):
    foot = footer(client)
    assert text(foot.cssselect(".site-footer__tagline")[0]) == (
        "Immer aktuell: Nachrichten, Klatsch, Sport und Politik in Echtzeit"
    )
    press = foot.cssselect(".site-footer__press")[0]
    assert text(press).startswith("Infos und Pressemitteilungen senden Sie an")
    assert press.cssselect("a")[0].get("href") == "mailto:presse@blattwerk.example"
    links = {text(a): a.get("href") for a in foot.cssselect(".site-footer__links a")}
    assert links == {"Impressum": "/impressum/", "Datenschutz": "/datenschutz/", "Kontakt": "/kontakt/"}
    year = timezone.localdate().year
    assert text(foot.cssselect(".site-footer__legal")[0]).startswith(f"© {year} Blattwerk Medien.")


def test_footer_text_comes_from_the_site_settings(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tagline = "Nachrichten aus dem Kiez, rund um die Uhr"
    settings.press_text = "Hinweise bitte an"
    settings.press_email = "tipps@kiezblatt.example"
    settings.copyright_holder = "Kiezblatt GmbH"
    settings.legal_notice = "Nachdruck nur mit Erlaubnis."
    settings.contact_page = None
    settings.save()

    for path in ("/", "/sport/", "/impressum/"):
        foot = footer(client, path)
        assert text(foot.cssselect(".site-footer__tagline")[0]) == "Nachrichten aus dem Kiez, rund um die Uhr"
        assert text(foot.cssselect(".site-footer__press")[0]).startswith("Hinweise bitte an tipps@kiezblatt.example")
        assert foot.cssselect(".site-footer__press a")[0].get("href") == "mailto:tipps@kiezblatt.example"
        legal = text(foot.cssselect(".site-footer__legal")[0])
        assert legal.endswith("Kiezblatt GmbH. Nachdruck nur mit Erlaubnis.")
        assert [text(a) for a in foot.cssselect(".site-footer__links a")] == ["Impressum", "Datenschutz"]
    # The home page's title is the tagline, followed once by the site name.
    doc = html.fromstring(client.get("/").content)
    assert doc.cssselect("title")[0].text == "Nachrichten aus dem Kiez, rund um die Uhr – Blattwerk"


def test_footer_hides_a_legal_link_whose_page_is_offline(client):
    StandardPage.objects.get(slug="kontakt").unpublish()
    assert [text(a) for a in footer(client).cssselect(".site-footer__links a")] == ["Impressum", "Datenschutz"]


@pytest.mark.parametrize(
    ("path", "required"),
    [
        (
            "/impressum/",
            ["[Name des Verlags", "[Straße und Hausnummer]", "[Telefonnummer]", "§ 18 Abs. 2 MStV", "§ 5 DDG"],
        ),
        ("/datenschutz/", ["Verantwortliche Stelle", "[Name des Verlags]", "keine Cookies", "DSGVO"]),
    ],
)
def test_legal_pages_name_the_required_fields_as_placeholders(client, path, required):
    response = client.get(path)
    assert response.status_code == 200
    body = text(html.fromstring(response.content).cssselect("main")[0])
    for phrase in required:
        assert phrase in body, phrase


def test_admin_marks_legal_pages_whose_placeholders_are_not_filled_in(client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    impressum = StandardPage.objects.get(slug="impressum")
    explorer = client.get(f"/admin/pages/{impressum.get_parent().pk}/")
    assert explorer.status_code == 200
    assert "Impressum – Platzhalter ausfüllen!" in explorer.content.decode()

    edit = client.get(f"/admin/pages/{impressum.pk}/edit/").content.decode()
    assert "Rechtlicher Pflichttext" in edit
    assert "§ 18 Abs. 2 MStV" in edit

    impressum.has_placeholders = False
    impressum.save_revision().publish()
    explorer = client.get(f"/admin/pages/{impressum.get_parent().pk}/").content.decode()
    assert "Impressum – Platzhalter ausfüllen!" not in explorer
    assert "Datenschutz – Platzhalter ausfüllen!" in explorer


def test_404_page_in_the_site_design(client, settings):
    settings.DEBUG = False
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    doc = html.fromstring(response.content)
    assert doc.get("lang") == "de"
    assert text(doc.cssselect("h1")[0]) == "Diese Seite gibt es nicht (mehr)"
    assert [text(a) for a in doc.cssselect("nav.main-nav a")][:2] == ["Home", "Politik"]
    assert doc.cssselect("footer.site-footer .site-footer__tagline")
    assert doc.cssselect("main form[role=search][action='/suche/']")
    assert doc.cssselect("meta[name=robots][content=noindex]")
    assert doc.cssselect("link[rel=stylesheet][href='/static/css/blattwerk.css']")


def test_500_page_renders_on_its_own():
    """The 500 page must not need the database or context processors: it stands alone."""
    response = server_error(RequestFactory().get("/kaputt/"))
    assert response.status_code == 500
    doc = html.fromstring(response.content)
    assert doc.get("lang") == "de"
    assert text(doc.cssselect("h1")[0]) == "Technische Störung"
    assert doc.cssselect("link[rel=stylesheet][href='/static/css/blattwerk.css']")
    assert doc.cssselect("a[href='/']")


@pytest.mark.parametrize("path", READER_PAGES)
def test_anonymous_readers_get_no_cookie(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_send_a_strict_content_security_policy(client, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_load_nothing_from_third_parties_and_have_no_inline_code(client, path):
    doc = html.fromstring(client.get(path).content)
    for element in doc.iter("script", "img", "link", "iframe", "source", "video", "audio", "embed", "object"):
        for attribute in ("src", "href", "data", "poster"):
            value = element.get(attribute)
            if value is not None and element.tag == "link" and element.get("rel") in ("canonical", "alternate"):
                # Names this page's address; browsers do not load it.
                assert value.startswith(("/", "http://localhost/")), value
            elif value is not None:
                assert value.startswith("/") and not value.startswith("//"), f"{element.tag} {attribute}={value}"
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                assert candidate.strip().startswith("/") and not candidate.strip().startswith("//"), candidate
        if element.tag == "script" and element.get("type") != "application/ld+json":
            # Structured data is a data block, never executed, so the CSP does not apply to it.
            assert element.get("src"), "inline <script> would be blocked by the CSP"
    assert not doc.cssselect("style"), "inline <style> would be blocked by the CSP"
    assert not doc.xpath("//*[@style]"), "style attributes would be blocked by the CSP"
    assert not doc.xpath("//@*[starts-with(name(), 'on')]"), "inline event handlers would be blocked by the CSP"
