import imaplib
import io
import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from pathlib import Path

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


DOVECOT_CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
{run_as}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@pytest.fixture
def imap_mailbox():
    """A real IMAP server (Dovecot, from Debian's dovecot-imapd, which .ci/run installs) with one mailbox,
    presse / geheim, on a free port; yields (port, a logged-in imaplib client for delivering and checking)."""
    dovecot = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if dovecot is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-imapd; .ci/run does this)")
    root = Path(tempfile.mkdtemp(prefix="bw-imap-"))
    root.chmod(0o755)  # the mail user must reach its home below it
    (root / "home").mkdir()
    (root / "passwd").write_text("presse:{PLAIN}geheim::::::\n")
    if os.geteuid() == 0:  # Dovecot refuses uid 0 for mail access
        user = pwd.getpwnam("nobody")
        uid, gid, run_as = user.pw_uid, user.pw_gid, ""
        os.chown(root / "home", uid, gid)
    else:
        uid, gid = os.getuid(), os.getgid()
        name = pwd.getpwuid(uid).pw_name
        run_as = f"default_internal_user = {name}\ndefault_login_user = {name}"
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(DOVECOT_CONFIG.format(root=root, run_as=run_as, uid=uid, gid=gid, port=port))
    server = subprocess.Popen([dovecot, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        client = None
        for _attempt in range(100):
            try:
                client = imaplib.IMAP4("127.0.0.1", port, timeout=10)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"Dovecot did not start: {server.stderr.read().decode(errors='replace')}")
                time.sleep(0.05)
        assert client is not None, "Dovecot did not listen within 5 s"
        client.login("presse", "geheim")
        yield port, client
        client.logout()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def deliver(client: imaplib.IMAP4, message: bytes) -> None:
    status, _ = client.append("INBOX", None, imaplib.Time2Internaldate(time.time()), message)
    assert status == "OK"


def test_imap_fetches_unseen_messages_and_marks_them_seen(imap_mailbox, monkeypatch):
    port, client = imap_mailbox
    deliver(client, press_release())
    deliver(client, HOSTILE["unknown charset"])
    monkeypatch.setenv("INBOX_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("INBOX_IMAP_PORT", str(port))
    monkeypatch.setenv("INBOX_IMAP_SSL", "0")
    monkeypatch.setenv("INBOX_IMAP_USER", "presse")
    monkeypatch.setenv("INBOX_IMAP_PASSWORD", "geheim")
    out = io.StringIO()
    call_command("receive_mail", "--imap", "--once", stdout=out)
    assert "2 neu" in out.getvalue()
    assert Submission.objects.filter(title="Straßenfest in Köln – Programm", source="email").exists()
    assert Submission.objects.filter(message_id="<charset@example.org>").exists()
    client.select("INBOX")
    assert client.uid("SEARCH", None, "UNSEEN")[1] == [b""]  # both marked seen on the server
    deliver(client, press_release())  # the same message again, e.g. sent twice
    call_command("receive_mail", "--imap", "--once", stdout=out)
    assert "0 neu, 1 doppelt" in out.getvalue()
    assert Submission.objects.filter(source="email").count() == 2


def test_imap_login_refused_names_the_variables_to_check(imap_mailbox, monkeypatch):
    port, _client = imap_mailbox
    monkeypatch.setenv("INBOX_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("INBOX_IMAP_PORT", str(port))
    monkeypatch.setenv("INBOX_IMAP_SSL", "0")
    monkeypatch.setenv("INBOX_IMAP_USER", "presse")
    monkeypatch.setenv("INBOX_IMAP_PASSWORD", "falsch")
    with pytest.raises(CommandError, match="INBOX_IMAP_PASSWORD"):
        call_command("receive_mail", "--imap", "--once", stdout=io.StringIO())


def test_imap_without_credentials_names_the_missing_variables(monkeypatch):
    for name in ("INBOX_IMAP_HOST", "INBOX_IMAP_USER", "INBOX_IMAP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CommandError, match="INBOX_IMAP_HOST"):
        call_command("receive_mail", "--imap", "--once")
