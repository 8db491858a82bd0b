"""Where e-mail comes from: an SMTP server of our own (small setups), a Maildir, or an IMAP mailbox.

The SMTP server does nothing but write each message into a spool Maildir before it answers
"250"; the receive loop then stores spooled messages in the database. So a message the server
accepted is on disk even if the database is down, and parsing never runs in the server's thread.
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
import mailbox
import os
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings

from .intake import receive_email

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 30 * 1024 * 1024


@dataclass
class PollResult:
    stored: int = 0
    duplicates: int = 0

    def add(self, created: bool) -> None:
        if created:
            self.stored += 1
        else:
            self.duplicates += 1


def default_spool() -> Path:
    return Path(settings.INBOX_ROOT) / "spool"


# -- SMTP --------------------------------------------------------------------------------------


class SpoolHandler:
    """aiosmtpd handler: accept a message only once it is safely in the spool Maildir."""

    def __init__(self, spool: Path) -> None:
        self.spool = mailbox.Maildir(str(spool), create=True)

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.spool.add, raw)
        except OSError:
            logger.exception("Could not spool an incoming message")
            return "451 Voruebergehender Fehler beim Speichern, bitte spaeter erneut senden"
        return "250 Nachricht angenommen"


def start_smtp_server(host: str, port: int, spool: Path) -> Controller:
    """Start the SMTP server in its own thread; stop it with controller.stop()."""
    controller = Controller(
        SpoolHandler(spool),
        hostname=host,
        port=port,
        data_size_limit=MAX_MESSAGE_BYTES,
        ready_timeout=10,
    )
    controller.start()
    return controller


# -- Maildir -----------------------------------------------------------------------------------


def poll_maildir(path: Path) -> PollResult:
    """Store every message in new/ and then move it to cur/ marked seen (the Maildir convention)."""
    result = PollResult()
    new, cur = Path(path) / "new", Path(path) / "cur"
    if not new.is_dir():
        raise FileNotFoundError(f"{path} ist kein Maildir-Ordner (es fehlt {new}).")
    cur.mkdir(exist_ok=True)
    for message_file in sorted(new.iterdir()):
        if not message_file.is_file() or message_file.name.startswith("."):
            continue
        outcome = receive_email(message_file.read_bytes())
        result.add(outcome.created)
        name = message_file.name.split(":2,")[0]
        os.replace(message_file, cur / f"{name}:2,S")
    return result


# -- IMAP --------------------------------------------------------------------------------------


@dataclass
class ImapSettings:
    host: str
    user: str
    password: str
    port: int | None = None
    folder: str = "INBOX"
    ssl: bool = True

    @classmethod
    def from_environment(cls) -> ImapSettings:
        missing = [
            name for name in ("INBOX_IMAP_HOST", "INBOX_IMAP_USER", "INBOX_IMAP_PASSWORD") if not os.environ.get(name)
        ]
        if missing:
            raise ValueError(
                f"Für --imap fehlen die Umgebungsvariablen {', '.join(missing)} "
                "(dazu optional INBOX_IMAP_PORT, INBOX_IMAP_FOLDER, INBOX_IMAP_SSL=0 für unverschlüsselt)."
            )
        port = os.environ.get("INBOX_IMAP_PORT")
        return cls(
            host=os.environ["INBOX_IMAP_HOST"],
            user=os.environ["INBOX_IMAP_USER"],
            password=os.environ["INBOX_IMAP_PASSWORD"],
            port=int(port) if port else None,
            folder=os.environ.get("INBOX_IMAP_FOLDER", "INBOX"),
            ssl=os.environ.get("INBOX_IMAP_SSL", "1").strip().lower() not in {"0", "false", "no", "off"},
        )

    def connect(self) -> imaplib.IMAP4:
        if self.ssl:
            return imaplib.IMAP4_SSL(self.host, self.port or imaplib.IMAP4_SSL_PORT, timeout=60)
        return imaplib.IMAP4(self.host, self.port or imaplib.IMAP4_PORT, timeout=60)


def poll_imap(config: ImapSettings) -> PollResult:
    """Fetch unseen messages (without marking them), store them, then mark them seen."""
    result = PollResult()
    connection = config.connect()
    try:
        try:
            connection.login(config.user, config.password)
        except imaplib.IMAP4.error as error:
            raise ValueError(
                f"Das IMAP-Postfach {config.host} lehnt die Anmeldung als „{config.user}“ ab ({error}); "
                "INBOX_IMAP_USER und INBOX_IMAP_PASSWORD prüfen."
            ) from error
        status, _ = connection.select(config.folder)
        if status != "OK":
            raise ValueError(f"Den IMAP-Ordner „{config.folder}“ gibt es nicht (INBOX_IMAP_FOLDER prüfen).")
        status, data = connection.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            status, parts = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in parts or [] if isinstance(part, tuple) and len(part) > 1), None)
            if status != "OK" or raw is None:
                logger.warning("IMAP message %s could not be fetched", uid)
                continue
            result.add(receive_email(raw).created)
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        try:
            connection.logout()
        except Exception:  # the connection may already be gone; nothing is lost
            logger.debug("IMAP logout failed", exc_info=True)
    return result
