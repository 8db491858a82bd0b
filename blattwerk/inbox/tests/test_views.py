"""The public press-release form, as a sender (and a bot) would use it."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from blattwerk.inbox import views
from blattwerk.inbox.forms import _SIGNING_SALT
from blattwerk.inbox.models import Attachment, Submission

from .messages import PDF, png_bytes

pytestmark = pytest.mark.django_db
URL = "/pressemitteilung/"


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def started(seconds_ago: float = 30) -> str:
    return signing.dumps(int(time.time() - seconds_ago), salt=_SIGNING_SALT)


def form_data(**overrides):
    data = {
        "sender_name": "Jana Beispiel",
        "organisation": "Sportverein Musterstadt",
        "sender_email": "jana@verein.example",
        "title": "Sommerfest am Sportplatz",
        "text": "Am Samstag feiert der Verein.\n\nAlle sind eingeladen.",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return data


def test_form_page_renders_without_inline_scripts_and_sets_csrf_cookie_only_here(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200 and 'enctype="multipart/form-data"' in html
    assert "<script>" not in html and "style=" not in html
    assert "csrftoken" in response.cookies
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "csrftoken" not in client.get("/politik/").cookies  # reader pages stay cookie-free
    assert 'href="/pressemitteilung/"' in client.get("/").content.decode()  # linked from the footer


def test_a_press_release_with_attachments_arrives_in_the_inbox(client):
    files = [
        SimpleUploadedFile("programm.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("foto.jpg", png_bytes(), content_type="image/jpeg"),  # a PNG named .jpg
    ]
    response = client.post(URL, {**form_data(), "attachments": files})
    assert response.status_code == 302 and response.headers["Location"] == "/pressemitteilung/danke/"
    submission = Submission.objects.get(title="Sommerfest am Sportplatz")
    assert submission.source == Submission.Source.WEB and submission.status == Submission.Status.NEW
    assert submission.organisation == "Sportverein Musterstadt"
    attachments = {a.filename: a for a in submission.attachments.all()}
    assert attachments["foto.png"].content_type == "image/png"  # sniffed, not trusted by its name
    assert attachments["programm.pdf"].kind == Attachment.Kind.PDF
    assert "Vielen Dank" in client.get("/pressemitteilung/danke/").content.decode()


def test_disguised_files_are_refused_with_a_friendly_error_that_keeps_the_text(client):
    exe = SimpleUploadedFile("bericht.pdf", b"MZ" + bytes(300), content_type="application/pdf")
    response = client.post(URL, {**form_data(), "attachments": [exe]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ist kein PDF, JPEG, PNG oder WebP" in html
    assert "Sommerfest am Sportplatz" in html and "Am Samstag feiert der Verein." in html
    assert "Anhänge erneut ausgewählt werden" in html
    assert not Submission.objects.exists()


def test_a_broken_image_is_refused(client):
    broken = SimpleUploadedFile("foto.png", png_bytes()[:40], content_type="image/png")
    response = client.post(URL, {**form_data(), "attachments": [broken]})
    assert "ist kein PDF, JPEG, PNG oder WebP" in response.content.decode()


def test_too_many_attachments_are_refused(client):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF, content_type="application/pdf") for n in range(6)]
    response = client.post(URL, {**form_data(), "attachments": files})
    assert "höchstens 5 Anhänge" in response.content.decode()
    assert not Submission.objects.exists()


def test_missing_fields_are_named_in_german(client):
    response = client.post(URL, form_data(sender_email="keine-adresse", title=""))
    html = response.content.decode()
    assert "Bitte prüfen Sie die markierten Angaben" in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html and "Dieses Feld muss ausgefüllt werden." in html
    assert "Jana Beispiel" in html


def test_honeypot_pretends_success_but_stores_nothing(client):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Submission.objects.exists()


def test_too_fast_or_forged_timestamps_are_refused(client):
    for token in (started(seconds_ago=0), "gefälscht", started(seconds_ago=3 * 24 * 3600)):
        response = client.post(URL, form_data(started=token))
        html = response.content.decode()
        assert "schneller, als ein Mensch tippen kann" in html and "Sommerfest am Sportplatz" in html
    assert not Submission.objects.exists()


def test_rate_limit_per_ip(client, monkeypatch):
    monkeypatch.setattr(views, "RATE_LIMIT_COUNT", 2)
    for n in range(2):
        assert client.post(URL, form_data(title=f"Mitteilung {n}")).status_code == 302
    response = client.post(URL, form_data(title="Eine zu viel"))
    assert response.status_code == 429 and "später noch einmal" in response.content.decode()
    assert Submission.objects.count() == 2
    other = client.post(URL, form_data(title="Andere Adresse"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
