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
