"""Everything that arrives goes through here: store first, then understand, then tell the editors."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from blattwerk.core.roles import EDITOR_GROUP

from . import mail
from .files import safe_filename, sniff
from .models import Attachment, Submission

logger = logging.getLogger(__name__)

UNREADABLE_TITLE = "(Nachricht nicht lesbar)"


@dataclass
class IntakeResult:
    submission: Submission
    created: bool


def receive_email(raw: bytes) -> IntakeResult:
    """Store one raw e-mail. Duplicates (same Message-ID, or same bytes without one) are not stored twice.

    The raw bytes are committed before parsing starts, so a message that breaks the parser
    is kept (flagged with parse_error) instead of being lost.
    """
    message_id = mail.read_message_id(raw)
    digest = mail.sha256(raw)
    duplicate = _find_duplicate(message_id, digest)
    if duplicate is not None:
        return IntakeResult(duplicate, created=False)
    submission = Submission(
        source=Submission.Source.EMAIL,
        title=_("(wird verarbeitet)"),
        message_id=message_id,
        raw_sha256=digest,
    )
    try:
        with transaction.atomic():
            submission.raw.save(f"{digest[:16]}.eml", ContentFile(raw), save=False)
            submission.save()
    except IntegrityError:
        # Another receiver stored the same Message-ID a moment ago.
        submission.raw.delete(save=False)
        return IntakeResult(_find_duplicate(message_id, digest), created=False)

    try:
        parsed = mail.parse_message(raw)
        with transaction.atomic():
            _apply(submission, parsed)
    except Exception as error:  # any parser failure: keep the message, flag it for a human
        logger.warning("Inbox message %s could not be parsed: %s", submission.pk, error)
        submission.refresh_from_db()
        submission.parse_error = True
        submission.parse_error_message = f"{type(error).__name__}: {error}"[:2000]
        submission.title = UNREADABLE_TITLE
        submission.save(update_fields=["parse_error", "parse_error_message", "title"])
    notify_editors(submission)
    return IntakeResult(submission, created=True)


def _find_duplicate(message_id: str, digest: str) -> Submission | None:
    if message_id:
        return Submission.objects.filter(message_id=message_id).first()
    return Submission.objects.filter(raw_sha256=digest, message_id="").first()


def _apply(submission: Submission, parsed: mail.ParsedMessage) -> None:
    submission.title = (parsed.subject or _("(ohne Betreff)"))[:300]
    submission.sender_name = parsed.from_name
    submission.sender_email = parsed.from_email
    submission.text = parsed.text
    submission.html = parsed.html
    if parsed.date is not None:
        submission.received_at = parsed.date
    if parsed.skipped_attachments:
        submission.notes = _("%(count)s Anhang/Anhänge nicht übernommen (zu groß oder zu viele).") % {
            "count": parsed.skipped_attachments
        }
    submission.save()
    for attachment in parsed.attachments:
        add_attachment(submission, attachment.filename, attachment.data, attachment.content_id)


def add_attachment(submission: Submission, filename: str, data: bytes, content_id: str = "") -> Attachment:
    sniffed = sniff(data)
    name = safe_filename(filename, sniffed.extension)
    attachment = Attachment(
        submission=submission,
        filename=name,
        content_type=sniffed.content_type,
        kind=sniffed.kind,
        size=len(data),
        content_id=content_id,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def notify_editors(submission: Submission) -> None:
    """Optional (settings.INBOX_NOTIFY): e-mail the editors that something new arrived."""
    if not getattr(settings, "INBOX_NOTIFY", False):
        return
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITOR_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_inbox_submission:edit", args=[submission.pk]
    )
    body = _("Neu im Eingang (%(source)s): %(title)s\nVon: %(sender)s\n\n%(url)s") % {
        "source": submission.get_source_display(),
        "title": submission.title,
        "sender": submission.sender_display or "–",
        "url": url,
    }
    try:
        send_mail(_("Eingang: %(title)s") % {"title": submission.title[:120]}, body, None, recipients)
    except Exception:  # a broken mail server must not lose the submission
        logger.exception("Could not notify editors about inbox submission %s", submission.pk)
