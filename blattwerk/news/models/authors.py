"""Authors: the people named in a byline, with a page listing their articles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Author(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True, allow_unicode=False)
    role = models.CharField(_("Funktion"), max_length=120, blank=True, help_text=_("z. B. „Redakteurin Politik“"))
    bio = models.TextField(_("Kurzbiografie"), blank=True)
    photo = models.ForeignKey(
        "images.BlattwerkImage",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Autor/in")
        verbose_name_plural = _("Autor/innen")

    def __str__(self) -> str:
        return self.name

    def get_url(self, request=None, index_page=None) -> str | None:
        """The author page lives under the author index (e.g. /autoren/anna-berger/).

        Pass `index_page` when listing many authors to avoid one lookup each.
        """
        from .pages import AuthorIndexPage

        if index_page is None:
            index_page = AuthorIndexPage.objects.live().first()
        if index_page is None:
            return None
        return index_page.url + index_page.reverse_subpage("author", args=[self.slug])
