"""Site-wide settings and the plain editorial pages (Impressum, Datenschutz, Kontakt)."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say; editable so no text is hard-coded."""

    tagline = models.CharField(
        _("Claim"),
        max_length=200,
        default="Immer aktuell: Nachrichten, Klatsch, Sport und Politik in Echtzeit",
    )
    logo = models.ForeignKey(
        "images.BlattwerkImage",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    press_email = models.EmailField(_("E-Mail für Pressemitteilungen"), default="presse@blattwerk.example")
    press_text = models.CharField(
        _("Hinweis für Pressemitteilungen"),
        max_length=200,
        default="Infos und Pressemitteilungen senden Sie an",
    )
    copyright_holder = models.CharField(_("Rechteinhaber"), max_length=120, default="Blattwerk Medien")
    legal_notice = models.TextField(
        _("Rechtlicher Hinweis"),
        blank=True,
        default="Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung.",
    )
    impressum_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Kontakt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("logo")], heading=_("Kopf")),
        MultiFieldPanel(
            [
                FieldPanel("press_text"),
                FieldPanel("press_email"),
                FieldPanel("copyright_holder"),
                FieldPanel("legal_notice"),
            ],
            heading=_("Fußzeile"),
        ),
        MultiFieldPanel(
            [FieldPanel("impressum_page"), FieldPanel("privacy_page"), FieldPanel("contact_page")],
            heading=_("Pflichtseiten"),
        ),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")

    @cached_property
    def legal_links(self) -> list[tuple[str, str]]:
        """(label, url) of Impressum, Datenschutz and Kontakt, in that order, looked up in one query."""
        wanted = [
            (_("Impressum"), self.impressum_page_id),
            (_("Datenschutz"), self.privacy_page_id),
            (_("Kontakt"), self.contact_page_id),
        ]
        pages = Page.objects.live().in_bulk([pk for _label, pk in wanted if pk])
        return [(label, pages[pk].url) for label, pk in wanted if pk in pages and pages[pk].url]


class StandardPage(Page):
    """Impressum, Datenschutz, Kontakt and other pages that are just text."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = RichTextField(_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    has_placeholders = models.BooleanField(
        _("Enthält Platzhalter"),
        default=False,
        help_text=_(
            "Der Text enthält noch Platzhalter in [eckigen Klammern], die der Herausgeber "
            "vor der Veröffentlichung ausfüllen muss. Nach dem Ausfüllen den Haken entfernen."
        ),
    )

    content_panels = [
        HelpPanel(
            content=_(
                "<strong>Rechtlicher Pflichttext:</strong> Alle Angaben in [eckigen Klammern] "
                "sind Platzhalter und müssen durch die echten Daten des Verlags ersetzt werden "
                "(Name, Anschrift, Kontakt, Verantwortliche/r nach § 18 Abs. 2 MStV)."
            ),
            heading=_("Hinweis"),
        ),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("has_placeholders"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Standardseite")
        verbose_name_plural = _("Standardseiten")

    def get_admin_display_title(self) -> str:
        title = super().get_admin_display_title()
        if self.has_placeholders:
            return f"{title} – {_('Platzhalter ausfüllen!')}"
        return title
