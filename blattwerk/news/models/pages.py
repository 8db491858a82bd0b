"""The page tree of the portal: Home → Sections → Articles, plus topic and author indexes."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from blattwerk.news.blocks import ArticleBodyBlock, SourceBlock
from blattwerk.news.pagination import paginate

from .authors import Author
from .topics import ArticleTopic, Topic

TEASERS_PER_PAGE = 20
HOME_LATEST = 9
HOME_PER_SECTION = 4
# A republish within a minute of the first publication is a correction, not an update.
UPDATE_THRESHOLD_SECONDS = 60


class ArticlePageQuerySet(PageQuerySet):
    def published(self) -> ArticlePageQuerySet:
        """What readers may see: live and not behind a view restriction. Defined once, used everywhere."""
        return self.live().public()

    def teasers(self) -> ArticlePageQuerySet:
        """Published articles with what a teaser shows, newest first, body not loaded."""
        return (
            self.published()
            .select_related("lead_image", "section", "author")
            # All renditions of the teaser images in one query instead of one per teaser; an image has
            # only the handful of sizes the templates ask for.
            .prefetch_related("lead_image__renditions")
            .defer_streamfields()
            .order_by("-published_at", "-pk")
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class HomePage(Page):
    lead_story = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("Aufmacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leer lassen, um automatisch den neuesten Artikel zu zeigen."),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_story")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.SectionPage",
        "news.TopicIndexPage",
        "news.AuthorIndexPage",
        "core.StandardPage",
    ]

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        latest = list(ArticlePage.objects.teasers()[: HOME_LATEST + 1])
        lead = None
        if self.lead_story_id:
            # Through teasers(): only if still published, and with section and image in the same query.
            lead = ArticlePage.objects.teasers().filter(pk=self.lead_story_id).first()
        if lead is None and latest:
            lead = latest[0]
        context["lead_story"] = lead
        context["latest"] = [article for article in latest if lead is None or article.pk != lead.pk][:HOME_LATEST]
        # The lead story is already the biggest thing on the page; the section blocks show the next ones.
        block_teasers = ArticlePage.objects.teasers().exclude(pk=lead.pk) if lead else ArticlePage.objects.teasers()
        context["section_blocks"] = [
            (section, list(block_teasers.filter(section=section)[:HOME_PER_SECTION]))
            for section in SectionPage.objects.live().in_menu().child_of(self)
        ]
        return context


class SectionPage(Page):
    """A Rubrik such as Politik or Sport; its articles live beneath it."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage", "live.LiveBlogPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("Rubrik")
        verbose_name_plural = _("Rubriken")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["teasers"] = paginate(request, ArticlePage.objects.teasers().filter(section=self), TEASERS_PER_PAGE)
        return context


class ArticlePage(Page):
    lead = models.TextField(_("Vorspann"), max_length=600, help_text=_("Ein Absatz, der das Wichtigste zusammenfasst."))
    author = models.ForeignKey(
        Author,
        verbose_name=_("Autor/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    lead_image = models.ForeignKey(
        "images.BlattwerkImage",
        verbose_name=_("Aufmacherbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("Alternativtext des Aufmacherbilds"),
        max_length=250,
        blank=True,
        help_text=_("Pflicht, wenn ein Aufmacherbild gewählt ist."),
    )
    lead_image_caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("Text"))
    sources = StreamField([("source", SourceBlock())], verbose_name=_("Quellen"), blank=True)
    topics = ClusterTaggableManager(through=ArticleTopic, verbose_name=_("Themen"), blank=True)
    # Denormalised from the tree and the publishing history so listings use one index each.
    section = models.ForeignKey(
        SectionPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("author"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_caption"),
            ],
            heading=_("Aufmacherbild"),
        ),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("topics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name", boost=2)]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("section"),
        index.FilterField("author"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Artikel")
        verbose_name_plural = _("Artikel")
        indexes = [
            models.Index(fields=["section", "-published_at"], name="news_article_section_pub"),
            models.Index(fields=["author", "-published_at"], name="news_article_author_pub"),
            models.Index(fields=["-published_at"], name="news_article_pub"),
        ]

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError({"lead_image_alt": _("Bitte einen Alternativtext für das Aufmacherbild angeben.")})

    def save(self, *args, **kwargs):
        self.published_at = self.first_published_at or self.go_live_at
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None and parent.specific_class is SectionPage:
            self.section_id = parent.pk
        return super().save(*args, **kwargs)

    @property
    def updated_at(self):
        """The last publication, if it came noticeably after the first one."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and (last - first).total_seconds() > UPDATE_THRESHOLD_SECONDS:
            return last
        return None

    @cached_property
    def related_articles(self) -> list[ArticlePage]:
        """The stored best matches that are still published, best first."""
        return list(ArticlePage.objects.teasers().filter(related_to__article=self).order_by("-related_to__score")[:4])

    @cached_property
    def topic_list(self) -> list[Topic]:
        """The article's topics, each with `page_url` resolved through one index-page lookup."""
        topics = list(self.topics.all())
        if topics:
            index_page = TopicIndexPage.objects.live().first()
            for topic in topics:
                topic.page_url = topic.get_url(index_page=index_page)
        return topics

    @cached_property
    def author_url(self) -> str | None:
        return self.author.get_url() if self.author_id else None


class TopicIndexPage(RoutablePageMixin, Page):
    """/themen/ lists the topics; /themen/<slug>/ lists the articles of one topic."""

    intro = models.TextField(_("Einleitung"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Themenübersicht")

    @path("")
    def topic_list(self, request: HttpRequest):
        topics = paginate(request, Topic.objects.order_by("name"), 100)
        for topic in topics:
            topic.page_url = topic.get_url(index_page=self)
        return self.render(request, context_overrides={"topics": topics})

    @path("<slug:slug>/", name="topic")
    def topic_detail(self, request: HttpRequest, slug: str):
        topic = get_object_or_404(Topic, slug=slug)
        articles = paginate(request, ArticlePage.objects.teasers().filter(topic_items__tag=topic), TEASERS_PER_PAGE)
        return self.render(
            request,
            context_overrides={"topic": topic, "teasers": articles},
            template="news/topic_page.html",
        )


class AuthorIndexPage(RoutablePageMixin, Page):
    """/autoren/ lists the newsroom; /autoren/<slug>/ lists one author's articles."""

    intro = models.TextField(_("Einleitung"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Autorenübersicht")

    @path("")
    def author_list(self, request: HttpRequest):
        authors = list(Author.objects.select_related("photo").prefetch_related("photo__renditions"))
        for author in authors:
            author.page_url = author.get_url(index_page=self)
        return self.render(request, context_overrides={"authors": authors})

    @path("<slug:slug>/", name="author")
    def author_detail(self, request: HttpRequest, slug: str):
        author = get_object_or_404(
            Author.objects.select_related("photo").prefetch_related("photo__renditions"), slug=slug
        )
        articles = paginate(request, ArticlePage.objects.teasers().filter(author=author), TEASERS_PER_PAGE)
        return self.render(
            request,
            context_overrides={"author": author, "teasers": articles},
            template="news/author_page.html",
        )
