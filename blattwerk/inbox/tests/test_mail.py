import pytest
from django.urls import reverse

from blattwerk.inbox import intake, mail
from blattwerk.inbox.models import Attachment, Submission

from .messages import HOSTILE, press_release

pytestmark = pytest.mark.django_db


def test_press_release_email_is_parsed_completely():
    result = intake.receive_email(press_release())
    submission = result.submission
    assert result.created and not submission.parse_error
    assert submission.title == "Straßenfest in Köln – Programm"
    assert submission.sender_name == "Jürgen Müller" and submission.sender_email == "presse@verein.example"
    assert submission.message_id == "<pm-1@verein.example>"
    assert "Das Straßenfest beginnt um 14 Uhr." in submission.text
    # The forwarded message is folded in, with a header saying where it came from.
    assert "Weitergeleitete Nachricht" in submission.text and "Genehmigung für das Fest" in submission.text
    assert "<b>Straßenfest</b>" in submission.html
    assert "script" not in submission.html and "onclick" not in submission.html
    attachments = {a.filename: a for a in submission.attachments.all()}
    assert set(attachments) == {"Programm_für_Köln.pdf", "Straße.png"}
    assert attachments["Programm_für_Köln.pdf"].kind == Attachment.Kind.PDF
    assert attachments["Straße.png"].content_type == "image/png"
    with submission.raw.open("rb") as raw:
        assert raw.read() == press_release()


def test_same_message_id_is_stored_once():
    first = intake.receive_email(press_release())
    second = intake.receive_email(press_release().replace(b"Alle sind", b"Wirklich alle sind"))
    assert first.created and not second.created
    assert second.submission.pk == first.submission.pk
    assert Submission.objects.filter(message_id="<pm-1@verein.example>").count() == 1


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_and_malformed_messages_are_kept(case):
    raw = HOSTILE[case]
    result = intake.receive_email(raw)
    submission = Submission.objects.get(pk=result.submission.pk)
    with submission.raw.open("rb") as stored:
        assert stored.read() == raw  # the original, byte for byte, whatever happened next
    if case in ("binary noise", "no headers at all"):
        assert submission.parse_error and submission.title == intake.UNREADABLE_TITLE
    if case == "unknown charset":
        assert not submission.parse_error and "erfundenen Zeichensatz" in submission.text
    if case == "broken base64 and missing end boundary":
        assert "Lesbarer Teil." in submission.text
    if case == "header injection and overlong header":
        assert submission.title.startswith("Hallo") and "opfer" not in submission.sender_email
    if case == "exe disguised as pdf":
        attachment = submission.attachments.get()
        assert attachment.kind == Attachment.Kind.OTHER and attachment.content_type != "application/pdf"
        assert "/" not in attachment.filename and not attachment.filename.endswith(".pdf")
    assert intake.receive_email(raw).created is False  # and never twice


def test_a_parser_crash_flags_the_message_instead_of_dropping_it(monkeypatch):
    def explode(raw):
        raise RuntimeError("Parser kaputt")

    monkeypatch.setattr(mail, "parse_message", explode)
    submission = intake.receive_email(press_release()).submission
    submission.refresh_from_db()
    assert submission.parse_error and "Parser kaputt" in submission.parse_error_message
    assert submission.message_id == "<pm-1@verein.example>" and submission.raw


def test_editors_are_notified_when_enabled(settings, mailoutbox, django_user_model):
    from django.contrib.auth.models import Group

    from blattwerk.core.roles import EDITOR_GROUP

    editor = django_user_model.objects.create_user("chefin", email="chefin@blattwerk.example")
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    settings.INBOX_NOTIFY = False
    intake.receive_email(HOSTILE["unknown charset"])
    assert mailoutbox == []
    settings.INBOX_NOTIFY = True
    submission = intake.receive_email(press_release()).submission
    assert len(mailoutbox) == 1 and "chefin@blattwerk.example" in mailoutbox[0].to
    edit_url = reverse("wagtailsnippets_inbox_submission:edit", args=[submission.pk])
    assert f"http://testserver{edit_url}" in mailoutbox[0].body


def html_mail_with_inline_images() -> bytes:
    """What mail clients send for pictures pasted into the text: multipart/related, the HTML refers to
    its image parts by Content-ID (RFC 2392). Built with the standard library, as a sender's client would."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    from .messages import png_bytes

    message = EmailMessage()
    message["From"] = "Stadtwerke Presse <presse@stadtwerke.example>"
    message["To"] = "presse@blattwerk.example"
    message["Subject"] = "Neues Solarfeld am Stadtrand"
    message["Message-ID"] = "<solar-1@stadtwerke.example>"
    first, second = make_msgid(domain="stadtwerke.example"), make_msgid(domain="stadtwerke.example")
    message.set_content("Die Stadtwerke eröffnen ein Solarfeld.\n\nBilder im HTML-Teil.")
    message.add_alternative(
        "<html><body><p>Die Stadtwerke eröffnen ein Solarfeld.</p>"
        f'<p><img src="cid:{first[1:-1]}" alt="Das Solarfeld aus der Luft"></p>'
        "<p>Es versorgt 4000 Haushalte.</p>"
        f'<img src="cid:{second[1:-1]}" alt="Die Bürgermeisterin beim Start">'
        "<p>Der Bau dauerte ein Jahr.</p></body></html>",
        subtype="html",
    )
    html_part = message.get_payload()[1]
    html_part.add_related(png_bytes(), "image", "png", cid=first, filename="luftbild.png")
    html_part.add_related(png_bytes(), "image", "png", cid=second)  # no file name, as Apple Mail sends them
    message.add_attachment(png_bytes(), "image", "png", filename="pressefoto.png")
    return message.as_bytes()


def test_inline_images_of_an_html_mail_become_image_blocks_where_they_stood(django_user_model):
    from blattwerk.images.models import BlattwerkImage
    from blattwerk.inbox.drafts import create_draft
    from blattwerk.news.models import SectionPage

    submission = intake.receive_email(html_mail_with_inline_images()).submission
    assert not submission.parse_error
    assert submission.html.count('src="cid:') == 2
    assert submission.attachments.filter(kind=Attachment.Kind.IMAGE).exclude(content_id="").count() == 2

    article = create_draft(submission, SectionPage.objects.first())
    body = [(block.block_type, block.value) for block in article.body]
    kinds = [kind for kind, _value in body]
    # Text and pictures in the sender's order; the ordinary attachment follows at the end, once.
    assert kinds == ["paragraph", "image", "paragraph", "image", "paragraph", "image"]
    assert body[1][1]["alt_text"] == "Das Solarfeld aus der Luft"
    assert body[3][1]["alt_text"] == "Die Bürgermeisterin beim Start"
    images = [value["image"] for kind, value in body if kind == "image"]
    assert len({image.pk for image in images}) == 3
    assert all(isinstance(image, BlattwerkImage) and image.credit.startswith("Foto:") for image in images)
    assert images[0].title == "luftbild"
    assert "cid:" not in str(article.body.render_as_block())
    assert BlattwerkImage.objects.filter(pk__in=[image.pk for image in images]).count() == 3
