"""manage.py receive_mail --smtp HOST:PORT | --maildir PATH | --imap  [--once] [--interval SECONDS]"""

import logging
import signal
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blattwerk.inbox.receivers import ImapSettings, default_spool, poll_imap, poll_maildir, start_smtp_server

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Nimmt E-Mails für den Eingang an: als eigener SMTP-Server (--smtp HOST:PORT), aus einem Maildir-Ordner "
        "(--maildir PFAD) oder aus einem IMAP-Postfach (--imap, Zugangsdaten aus INBOX_IMAP_HOST/USER/PASSWORD)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--smtp", metavar="HOST:PORT", help="SMTP-Server starten, z. B. 127.0.0.1:2525.")
        source.add_argument("--maildir", type=Path, metavar="PFAD", help="Maildir-Ordner abholen.")
        source.add_argument("--imap", action="store_true", help="IMAP-Postfach abholen (ungelesene Nachrichten).")
        parser.add_argument("--once", action="store_true", help="Einmal abholen und beenden (nicht mit --smtp).")
        parser.add_argument("--interval", type=float, default=60, help="Sekunden zwischen zwei Abrufen (Standard 60).")
        parser.add_argument("--spool", type=Path, help="Zwischenablage des SMTP-Servers (Standard: INBOX_ROOT/spool).")

    def handle(self, *args, smtp=None, maildir=None, imap=False, once=False, interval=60.0, spool=None, **options):
        self.stop = False
        if not once:
            signal.signal(signal.SIGINT, self._request_stop)
            signal.signal(signal.SIGTERM, self._request_stop)
        if smtp:
            if once:
                raise CommandError("--once passt nicht zu --smtp: der SMTP-Server läuft, bis er beendet wird.")
            self._serve_smtp(smtp, spool or default_spool())
        elif maildir:
            self._loop(lambda: poll_maildir(maildir), f"Maildir {maildir}", once, interval)
        else:
            try:
                config = ImapSettings.from_environment()
            except ValueError as error:
                raise CommandError(str(error)) from error
            self._loop(lambda: poll_imap(config), f"IMAP {config.user}@{config.host}", once, interval)

    def _request_stop(self, signum, frame) -> None:
        self.stop = True

    def _serve_smtp(self, address: str, spool: Path) -> None:
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"„{address}“ ist keine Adresse der Form HOST:PORT, z. B. 127.0.0.1:2525.")
        try:
            controller = start_smtp_server(host, int(port), spool)
        except Exception as error:
            raise CommandError(f"SMTP-Server auf {address} startet nicht: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"SMTP-Eingang läuft auf {address} (Zwischenablage {spool})."))
        try:
            self._loop(lambda: poll_maildir(spool), "SMTP-Zwischenablage", once=False, interval=2)
        finally:
            controller.stop()

    def _loop(self, poll, label: str, once: bool, interval: float) -> None:
        while True:
            try:
                result = poll()
            except FileNotFoundError as error:
                raise CommandError(str(error)) from error
            except ValueError as error:  # a mailbox that refuses us: only the operator can fix it
                if once:
                    raise CommandError(str(error)) from error
                logger.error("Polling %s failed: %s; retrying", label, error)
            except Exception:  # a mailbox hiccup must not end the receiver
                if once:
                    raise
                logger.exception("Polling %s failed; retrying", label)
            else:
                if result.stored or result.duplicates or once:
                    self.stdout.write(f"{label}: {result.stored} neu, {result.duplicates} doppelt.")
            if once:
                return
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not self.stop:
                time.sleep(0.2)
            if self.stop:
                return
