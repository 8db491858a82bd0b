"""Topics (Schlagworte): editors tag articles freely; each topic has its own page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from blattwerk.core.text import german_slugify


class Topic(index.Indexed, TagBase):
    description = models.TextField(_("Beschreibung"), blank=True)
    free_tagging = True

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]

    def slugify(self, tag: str, i: int | None = None) -> str:
        """ASCII slugs the German way: "Außenpolitik" → "aussenpolitik"."""
        slug = german_slugify(tag)
        return f"{slug}_{i}" if i is not None else slug

    def get_url(self, request=None, index_page=None) -> str | None:
        """/themen/<slug>/; pass `index_page` when listing many topics to avoid one lookup each."""
        from .pages import TopicIndexPage

        if index_page is None:
            index_page = TopicIndexPage.objects.live().first()
        if index_page is None:
            return None
        return index_page.url + index_page.reverse_subpage("topic", args=[self.slug])


class ArticleTopic(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_articles", on_delete=models.CASCADE)
    content_object = ParentalKey("news.ArticlePage", related_name="topic_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("Themenzuordnung")
        unique_together = [("content_object", "tag")]
