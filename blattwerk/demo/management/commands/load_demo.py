"""Load the demo newsroom: sections, legal pages, authors, 40 original articles and their pictures.

Idempotent: with --if-empty it does nothing when articles exist already.
"""

import logging
import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from blattwerk.core.models import SiteSettings, StandardPage
from blattwerk.core.roles import AUTHOR_GROUP, EDITOR_GROUP
from blattwerk.demo import legal
from blattwerk.demo.authors import DEMO_AUTHORS, SECTIONS
from blattwerk.demo.content import load_articles
from blattwerk.demo.images import create_demo_image
from blattwerk.images.models import BlattwerkImage
from blattwerk.news import related
from blattwerk.news.models import (
    ArticlePage,
    Author,
    AuthorIndexPage,
    HomePage,
    SectionPage,
    TopicIndexPage,
)

logger = logging.getLogger(__name__)

DEMO_PASSWORD_VARIABLE = "DEMO_PASSWORD"  # noqa: S105  (the variable's name, not a password)
DEFAULT_DEMO_PASSWORD = "blattwerk-demo"  # noqa: S105  (demo account, printed with a warning)
DEMO_USERS = [
    ("admin", "Ada", "Admin", None, True),
    ("redaktion", "Rita", "Redakteurin", EDITOR_GROUP, False),
    ("autor", "Arno", "Autor", AUTHOR_GROUP, False),
]


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte (Rubriken, Pflichtseiten, Autor/innen, Artikel mit Bildern)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Nichts tun, wenn schon Artikel existieren.")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und zählen, nichts speichern.")

    def handle(self, *args, if_empty: bool = False, dry_run: bool = False, **options) -> None:
        articles = load_articles()
        if dry_run:
            self.stdout.write(f"{len(articles)} Demo-Artikel gelesen, nichts gespeichert.")
            return
        if if_empty and ArticlePage.objects.exists():
            self.stdout.write("Demo-Inhalte sind schon geladen.")
            call_command("load_live_demo", verbosity=options.get("verbosity", 1))
            return
        with transaction.atomic():
            home = self._home()
            sections = self._sections(home)
            self._indexes(home)
            self._legal_pages(home)
            authors = self._authors()
            lead_story = self._articles(articles, sections, authors)
            if lead_story is not None:
                home.lead_story = lead_story
                home.save_revision().publish()
            self._users(authors)
        count = related.rebuild_all(ArticlePage.objects.published().order_by("published_at"))
        # Publication dates were back-dated above; the search index takes them from the stored articles.
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {count} Artikel in {len(sections)} Rubriken."))
        call_command("load_live_demo", verbosity=options.get("verbosity", 1))

    # -- pages ---------------------------------------------------------------------------------

    def _home(self) -> HomePage:
        existing = HomePage.objects.first()
        if existing is not None:
            return existing
        root = Page.get_first_root_node()
        home = HomePage(title="Blattwerk", slug="blattwerk", seo_title="Blattwerk – Nachrichten in Echtzeit")
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
        old_root = site.root_page_id
        site.root_page = home
        site.site_name = "Blattwerk"
        site.is_default_site = True
        site.save()
        # Remove Wagtail's "Welcome" placeholder page that a fresh install starts with.
        if old_root and old_root != home.pk:
            Page.objects.filter(pk=old_root, depth=2).exclude(pk=home.pk).delete()
        return home

    def _sections(self, home: HomePage) -> dict[str, SectionPage]:
        sections = {}
        for slug, title, intro in SECTIONS:
            section = SectionPage.objects.child_of(home).filter(slug=slug).first()
            if section is None:
                section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
                home.add_child(instance=section)
                section.save_revision().publish()
            sections[slug] = section
        return sections

    def _indexes(self, home: HomePage) -> None:
        if not TopicIndexPage.objects.exists():
            page = TopicIndexPage(title="Themen", slug="themen", intro="Alle Schlagworte von A bis Z.")
            home.add_child(instance=page)
            page.save_revision().publish()
        if not AuthorIndexPage.objects.exists():
            page = AuthorIndexPage(title="Autorinnen und Autoren", slug="autoren", intro="Die Redaktion von Blattwerk.")
            home.add_child(instance=page)
            page.save_revision().publish()

    def _legal_pages(self, home: HomePage) -> None:
        pages = {}
        for slug, title, body in (
            ("impressum", "Impressum", legal.IMPRESSUM),
            ("datenschutz", "Datenschutz", legal.DATENSCHUTZ),
            ("kontakt", "Kontakt", legal.KONTAKT),
        ):
            page = StandardPage.objects.child_of(home).filter(slug=slug).first()
            if page is None:
                page = StandardPage(title=title, slug=slug, body=body.strip(), has_placeholders=True)
                home.add_child(instance=page)
                page.save_revision().publish()
            pages[slug] = page
        site = Site.objects.get(root_page=home)
        site_settings = SiteSettings.for_site(site)
        site_settings.impressum_page = pages["impressum"]
        site_settings.privacy_page = pages["datenschutz"]
        site_settings.contact_page = pages["kontakt"]
        site_settings.save()

    # -- people --------------------------------------------------------------------------------

    def _authors(self) -> dict[str, Author]:
        authors = {}
        for data in DEMO_AUTHORS:
            author, created = Author.objects.get_or_create(slug=data["slug"], defaults=data)
            if created:
                author.photo = self._image(f"author-{author.slug}", "person", author.name, size=(600, 600))
                author.save()
            authors[author.slug] = author
        return authors

    def _users(self, authors: dict[str, Author]) -> None:
        password = os.environ.get(DEMO_PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD
        user_model = get_user_model()
        for username, first, last, group, superuser in DEMO_USERS:
            if user_model.objects.filter(username=username).exists():
                continue
            user = user_model(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@blattwerk.example",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))

    # -- articles ------------------------------------------------------------------------------

    # 2400x1350 so every structured-data crop (16:9, 4:3, 1:1) can be 1200 px wide without upscaling.
    def _image(self, seed: str, palette: str, title: str, size=(2400, 1350)) -> BlattwerkImage:
        return create_demo_image(seed, palette, title, size)

    def _articles(self, articles, sections, authors) -> ArticlePage | None:
        now = timezone.now()
        lead_story = None
        for demo in articles:
            section = sections[demo.section]
            if ArticlePage.objects.filter(slug=demo.slug).exists():
                continue
            page = ArticlePage(
                title=demo.title,
                slug=demo.slug,
                lead=demo.lead,
                author=authors.get(demo.author),
                lead_image=self._image(demo.slug, demo.section, demo.image_caption or demo.title),
                lead_image_alt=demo.image_alt or demo.title,
                lead_image_caption=demo.image_caption,
                body=[{"type": kind, "value": value} for kind, value in demo.body],
                sources=[{"type": "source", "value": {"text": text, "url": ""}} for text in demo.sources],
            )
            section.add_child(instance=page)
            page.topics.add(*demo.topics)
            page.save_revision().publish()
            published = now - timedelta(hours=demo.hours_ago)
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published, published_at=published
            )
            if demo.lead_story:
                lead_story = page
        return lead_story
