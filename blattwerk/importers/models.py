"""What came from where: the link between an external id and what the import made of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One imported object, keyed on (source, kind, external id) so a second run updates instead of duplicating."""

    class Kind(models.TextChoices):
        POST = "post", _("Beitrag")
        PAGE = "page", _("Seite")
        ATTACHMENT = "attachment", _("Medium")
        CATEGORY = "category", _("Kategorie")
        TAG = "tag", _("Schlagwort")
        AUTHOR = "author", _("Autor/in")

    source = models.CharField(_("Quelle"), max_length=200, help_text=_("z. B. „wordpress:https://alt.example“"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    external_id = models.CharField(_("ID in der Quelle"), max_length=200)
    old_url = models.CharField(_("Alte Adresse"), max_length=1000, blank=True)
    # Hash of the source record: an unchanged record is skipped on the next run instead of rewritten.
    content_hash = models.CharField(max_length=64, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    image = models.ForeignKey(
        "images.BlattwerkImage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey("news.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey("news.Author", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(_("Zuerst importiert"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt aktualisiert"), auto_now=True)

    class Meta:
        verbose_name = _("Importierter Eintrag")
        verbose_name_plural = _("Importierte Einträge")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "external_id"], name="importers_item_unique_external"),
        ]
        indexes = [models.Index(fields=["kind", "external_id"], name="importers_item_kind_ext")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id}"
