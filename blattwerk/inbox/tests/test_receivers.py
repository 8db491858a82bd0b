import io
import smtplib
import socket

import pytest
from django.core.management import CommandError, call_command

from blattwerk.inbox import receivers
from blattwerk.inbox.models import Submission

from .messages import HOSTILE, press_release

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_smtp_server_spools_messages_that_the_receiver_then_stores(tmp_path):
    spool = tmp_path / "spool"
    port = free_port()
    controller = receivers.start_smtp_server("127.0.0.1", port, spool)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("presse@verein.example", ["presse@blattwerk.example"], press_release())
            client.sendmail("x@example.org", ["presse@blattwerk.example"], HOSTILE["no headers at all"])
    finally:
        controller.stop()
    # Accepted means on disk: both messages are in the spool before anything touches the database.
    assert len(list((spool / "new").iterdir())) == 2
    result = receivers.poll_maildir(spool)
    assert (result.stored, result.duplicates) == (2, 0)
    assert Submission.objects.filter(title="Straßenfest in Köln – Programm", source="email").exists()
    assert Submission.objects.filter(parse_error=True).count() == 1
    assert list((spool / "new").iterdir()) == [] and len(list((spool / "cur").iterdir())) == 2


def test_maildir_is_polled_once_and_messages_marked_seen(tmp_path):
    maildir = tmp_path / "Maildir"
    for folder in ("new", "cur", "tmp"):
        (maildir / folder).mkdir(parents=True)
    (maildir / "new" / "1.host").write_bytes(press_release())
    (maildir / "new" / "2.host").write_bytes(press_release())  # the same message delivered twice
    out = io.StringIO()
    call_command("receive_mail", "--maildir", str(maildir), "--once", stdout=out)
    assert "1 neu, 1 doppelt" in out.getvalue()
    assert sorted(path.name for path in (maildir / "cur").iterdir()) == ["1.host:2,S", "2.host:2,S"]
    assert Submission.objects.filter(message_id="<pm-1@verein.example>").count() == 1


def test_maildir_that_is_not_one_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="kein Maildir"):
        call_command("receive_mail", "--maildir", str(tmp_path), "--once", stdout=io.StringIO())


class FakeImap:
    """Just enough of imaplib.IMAP4 for poll_imap: UID SEARCH/FETCH/STORE over a dict of messages."""

    def __init__(self, messages: dict[bytes, bytes]) -> None:
        self.messages = messages
        self.seen: set[bytes] = set()
        self.logged_in = False

    def login(self, user, password):
        self.logged_in = (user, password) == ("presse", "geheim")
        return "OK", [b"Logged in"]

    def select(self, folder):
        return ("OK", [b"2"]) if folder == "INBOX" else ("NO", [b"no such folder"])

    def uid(self, command, *args):
        if command == "SEARCH":
            return "OK", [b" ".join(uid for uid in self.messages if uid not in self.seen)]
        if command == "FETCH":
            uid = args[0]
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {n})", self.messages[uid]), b")"]
        if command == "STORE":
            self.seen.add(args[0])
            return "OK", []
        raise AssertionError(command)

    def logout(self):
        return "BYE", []


def test_imap_fetches_unseen_messages_and_marks_them_seen(monkeypatch):
    fake = FakeImap({b"7": press_release(), b"8": HOSTILE["unknown charset"]})
    monkeypatch.setenv("INBOX_IMAP_HOST", "imap.example")
    monkeypatch.setenv("INBOX_IMAP_USER", "presse")
    monkeypatch.setenv("INBOX_IMAP_PASSWORD", "geheim")
    monkeypatch.setattr(receivers.ImapSettings, "connect", lambda self: fake)
    out = io.StringIO()
    call_command("receive_mail", "--imap", "--once", stdout=out)
    assert fake.logged_in and fake.seen == {b"7", b"8"}
    assert "2 neu" in out.getvalue()
    assert Submission.objects.filter(message_id="<charset@example.org>").exists()
    call_command("receive_mail", "--imap", "--once", stdout=out)  # nothing unseen left
    assert Submission.objects.filter(source="email").count() == 2


def test_imap_without_credentials_names_the_missing_variables(monkeypatch):
    for name in ("INBOX_IMAP_HOST", "INBOX_IMAP_USER", "INBOX_IMAP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CommandError, match="INBOX_IMAP_HOST"):
        call_command("receive_mail", "--imap", "--once")
