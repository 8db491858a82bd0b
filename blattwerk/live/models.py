"""Live blogs (Liveticker), their entries, breaking news (Eilmeldung) and the event log behind the live stream."""

from __future__ import annotations

import re

import nh3
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from blattwerk.core.templatetags.blattwerk import iso_datetime as iso
from blattwerk.news.models import ArticlePage

# What an entry's text may contain: paragraphs, emphasis, lists, quotes and links — nothing that runs code.
ENTRY_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "a"}
ENTRY_ATTRIBUTES = {"a": {"href"}}
MAX_ENTRIES_SHOWN = 300


def clean_entry_html(text: str) -> str:
    """Turn what an editor typed into safe HTML: blank lines separate paragraphs, a few tags are kept."""
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        return ""
    if not re.search(r"<\s*(p|ul|ol|blockquote)\b", text, re.IGNORECASE):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join("<p>" + part.replace("\n", "<br>") + "</p>" for part in paragraphs)
    return nh3.clean(text, tags=ENTRY_TAGS, attributes=ENTRY_ATTRIBUTES, link_rel="noopener noreferrer")


class LiveBlogStatus(models.TextChoices):
    RUNNING = "running", _("Läuft")
    ENDED = "ended", _("Beendet")


class LiveBlogPage(ArticlePage):
    """An article whose timeline of entries grows while an event is under way.

    A subclass of ArticlePage, so teasers, feeds, search and related articles treat it like any article;
    once ended it stays as an archived article with all its entries.
    """

    status = models.CharField(
        _("Status"), max_length=16, choices=LiveBlogStatus.choices, default=LiveBlogStatus.RUNNING
    )
    coverage_start = models.DateTimeField(_("Beginn der Berichterstattung"), default=timezone.now)
    coverage_end = models.DateTimeField(_("Ende der Berichterstattung"), null=True, blank=True)

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("coverage_start"), FieldPanel("coverage_end")],
            heading=_("Liveticker"),
        ),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []
    template = "live/live_blog_page.html"

    class Meta:
        verbose_name = _("Liveticker")
        verbose_name_plural = _("Liveticker")

    @property
    def is_running(self) -> bool:
        return self.status == LiveBlogStatus.RUNNING

    @property
    def channel(self) -> str:
        return f"liveblog-{self.pk}"

    def visible_entries(self) -> models.QuerySet[LiveEntry]:
        return self.entries.visible().select_related("author", "image").order_by("-time", "-pk")[:MAX_ENTRIES_SHOWN]

    @cached_property
    def entry_list(self) -> list[LiveEntry]:
        return list(self.visible_entries())

    def structured_data(self) -> dict:
        """schema.org LiveBlogPosting, with every visible entry as a liveBlogUpdate."""
        url = self.full_url or ""
        data = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": self.title,
            "description": self.lead,
            "url": url,
            "coverageStartTime": iso(self.coverage_start),
            "liveBlogUpdate": [
                {
                    "@type": "BlogPosting",
                    "headline": entry.headline or Truncator(strip_tags(entry.body)).words(12),
                    "datePublished": iso(entry.time),
                    "dateModified": iso(entry.updated_at),
                    "articleBody": strip_tags(entry.body),
                    "url": f"{url}#{entry.anchor}",
                }
                for entry in self.entry_list
            ],
        }
        if self.first_published_at:
            data["datePublished"] = iso(self.first_published_at)
        if self.entry_list:
            data["dateModified"] = iso(max(entry.updated_at for entry in self.entry_list))
        if self.coverage_end:
            data["coverageEndTime"] = iso(self.coverage_end)
        if self.author:
            data["author"] = {"@type": "Person", "name": self.author.name}
        return data

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        entries = self.entry_list
        context["pinned_entries"] = [entry for entry in entries if entry.pinned]
        context["timeline_entries"] = [entry for entry in entries if not entry.pinned]
        context["live_entries"] = entries
        return context


class LiveEntryQuerySet(models.QuerySet):
    def visible(self) -> LiveEntryQuerySet:
        """Entries readers see: not deleted."""
        return self.filter(deleted_at__isnull=True)


class LiveEntry(models.Model):
    live_blog = models.ForeignKey(
        LiveBlogPage, verbose_name=_("Liveticker"), on_delete=models.CASCADE, related_name="entries"
    )
    time = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    headline = models.CharField(_("Kurze Überschrift"), max_length=160, blank=True)
    body = models.TextField(
        _("Text"),
        help_text=_("Leerzeilen trennen Absätze. Erlaubt sind <b>, <i>, Listen, Zitate und Links."),
    )
    image = models.ForeignKey(
        "images.BlattwerkImage",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("Alternativtext des Bilds"), max_length=250, blank=True)
    author = models.ForeignKey(
        "news.Author",
        verbose_name=_("Autor/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
    )
    pinned = models.BooleanField(
        _("Das Wichtigste"), default=False, help_text=_("Oben unter „Das Wichtigste in Kürze“ zeigen.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Soft delete: the event log can then tell readers who come back to remove the entry.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Liveticker-Eintrag")
        verbose_name_plural = _("Liveticker-Einträge")
        indexes = [models.Index(fields=["live_blog", "-time"], name="live_entry_blog_time")]

    def __str__(self) -> str:
        return self.headline or f"{timezone.localtime(self.time):%H:%M}"

    def save(self, *args, **kwargs) -> None:
        self.body = clean_entry_html(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"eintrag-{self.pk}"


class BreakingNewsStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    CLEARED = "cleared", _("Aufgehoben")


class BreakingNewsQuerySet(models.QuerySet):
    def current(self, now=None) -> BreakingNewsQuerySet:
        """What the bar shows right now: active, started and not expired; the newest first."""
        now = now or timezone.now()
        return (
            self.filter(status=BreakingNewsStatus.ACTIVE, active_from__lte=now)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .order_by("-active_from", "-pk")
        )


class BreakingNews(models.Model):
    text = models.CharField(_("Eilmeldung"), max_length=200, help_text=_("Eine Zeile, ohne Punkt am Ende."))
    link = models.CharField(
        _("Link"), max_length=500, blank=True, help_text=_("Adresse des Artikels, z. B. /politik/haushalt-2027/")
    )
    active_from = models.DateTimeField(_("Anzeigen ab"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("Anzeigen bis"), null=True, blank=True, help_text=_("Leer lassen, um sie von Hand aufzuheben.")
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=BreakingNewsStatus.choices, default=BreakingNewsStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BreakingNewsQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldPanel("link"),
        FieldPanel("active_from"),
        FieldPanel("expires_at"),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("Eilmeldung")
        verbose_name_plural = _("Eilmeldungen")

    def __str__(self) -> str:
        return self.text

    def is_current(self, now=None) -> bool:
        return BreakingNews.objects.current(now).filter(pk=self.pk).exists()


class LiveEvent(models.Model):
    """The log every live update goes through; its id is the SSE event id, so replay comes from here."""

    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(max_length=64)
    type = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "id"], name="live_event_channel_id")]

    def __str__(self) -> str:
        return f"{self.id} {self.channel} {self.type}"
