"""The newsroom inbox: press releases from the web form, e-mail and agency feeds, and the feeds themselves.

Inbox files (raw messages, attachments) are kept in their own storage outside MEDIA_ROOT:
they are unpublished and may hold personal data, so only the admin serves them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class InboxStorage(FileSystemStorage):
    """Private files under settings.INBOX_ROOT (read on every access, so tests can point it elsewhere)."""

    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self) -> str:
        return str(getattr(settings, "INBOX_ROOT", Path(settings.VAR_DIR) / "inbox"))

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> None:
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Inbox files are private; serve them through the admin view 'inbox_attachment'.")


_storage = InboxStorage()


def inbox_storage() -> InboxStorage:
    return _storage


class SubmissionQuerySet(models.QuerySet):
    def open(self) -> SubmissionQuerySet:
        """What still needs an editor: new or in progress."""
        return self.filter(status__in=[Submission.Status.NEW, Submission.Status.IN_PROGRESS])


class Submission(models.Model):
    """One press release or agency item, whatever way it arrived."""

    class Status(models.TextChoices):
        NEW = "neu", _("neu")
        IN_PROGRESS = "in_bearbeitung", _("in Bearbeitung")
        ACCEPTED = "uebernommen", _("übernommen")
        REJECTED = "abgelehnt", _("abgelehnt")

    class Source(models.TextChoices):
        WEB = "web", _("Webformular")
        EMAIL = "email", _("E-Mail")
        FEED = "feed", _("Feed")

    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    source = models.CharField(_("Eingang über"), max_length=10, choices=Source.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbox_submissions",
    )
    received_at = models.DateTimeField(_("Eingegangen"), default=timezone.now, db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    sender_name = models.CharField(_("Absender/in"), max_length=200, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    sender_email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    text = models.TextField(_("Text"), blank=True)
    html = models.TextField(_("Text (HTML, bereinigt)"), blank=True)
    source_url = models.URLField(_("Link zur Quelle"), max_length=1000, blank=True)
    notes = models.TextField(_("Notizen der Redaktion"), blank=True)

    # Deduplication keys: the Message-ID of an e-mail, the entry id of a feed item.
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True, db_index=True)
    raw_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    feed = models.ForeignKey(
        "inbox.FeedSource",
        verbose_name=_("Feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    external_id = models.CharField(_("Eintrags-ID"), max_length=1000, blank=True)

    # The message exactly as received, stored before anything tries to understand it.
    raw = models.FileField(_("Originalnachricht"), storage=inbox_storage, upload_to="raw/%Y/%m/", blank=True)
    parse_error = models.BooleanField(_("Nicht lesbar"), default=False)
    parse_error_message = models.TextField(_("Fehler beim Lesen"), blank=True)

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("Artikel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbox_submissions",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("Eingang")
        verbose_name_plural = _("Eingänge")
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"], condition=~Q(message_id=""), name="inbox_submission_unique_message_id"
            ),
            models.UniqueConstraint(
                fields=["feed", "external_id"], condition=~Q(external_id=""), name="inbox_submission_unique_feed_entry"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def sender_display(self) -> str:
        parts = [self.sender_name, self.organisation]
        name = " · ".join(part for part in parts if part)
        if self.sender_email:
            return f"{name} <{self.sender_email}>" if name else self.sender_email
        return name


class Attachment(models.Model):
    """A file that came with a submission; its type is sniffed from the content, never the name."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Bild")
        PDF = "pdf", _("PDF")
        OTHER = "other", _("Sonstiges")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("Datei"), storage=inbox_storage, upload_to="attachments/%Y/%m/")
    filename = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateityp (erkannt)"), max_length=100)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), default=0)
    # An inline part of an HTML e-mail: the HTML refers to it as cid:<content_id> (RFC 2392).
    content_id = models.CharField(_("Content-ID"), max_length=250, blank=True, editable=False)
    image = models.ForeignKey(
        "images.BlattwerkImage",
        verbose_name=_("In die Mediathek übernommen als"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.filename

    def get_admin_url(self) -> str:
        return reverse("inbox_attachment", args=[self.pk])


class FeedSource(models.Model):
    """An RSS or Atom feed of an agency, press portal or authority, polled into the inbox."""

    name = models.CharField(_("Name"), max_length=200)
    url = models.URLField(_("Feed-Adresse"), max_length=1000, unique=True)
    active = models.BooleanField(_("Aktiv"), default=True)
    # Conditional GET (RFC 9110 §13.1): the validators the server sent last time.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(_("Zuletzt abgefragt"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("Letzter Fehler"), blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Feed-Quelle")
        verbose_name_plural = _("Feed-Quellen")

    def __str__(self) -> str:
        return self.name
