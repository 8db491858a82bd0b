"""Import a WordPress export (WXR) into Blattwerk.

posts → news.ArticlePage (in the section of their first category), pages → core.StandardPage,
categories → news.SectionPage, tags → news.Topic, authors → news.Author, attachments → BlattwerkImage
(when the file is in the local media folder). Comments are counted, not imported.

Idempotent: every object is keyed on its WordPress id in ImportedItem; a second run updates what
changed and leaves the rest alone. Old URLs (/YYYY/MM/DD/slug/, /category/…/, /tag/…/, page paths)
become Wagtail redirects; /?p=ID is answered by importers.middleware.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from lxml import html as lxml_html
from modelsearch import index as admin_search_index
from modelsearch import signal_handlers as admin_search_signals
from modelsearch.backends import get_search_backends
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from blattwerk.core.models import StandardPage
from blattwerk.core.text import excerpt, german_slugify
from blattwerk.images.models import BlattwerkImage
from blattwerk.news.batch import ArticleBatch, deferred_article_updates
from blattwerk.news.models import ArticlePage, Author, HomePage, SectionPage, Topic

from .html import ImageRef, html_to_blocks, normalise_space
from .models import ImportedItem
from .wxr import Record, WXRError, read_wxr

logger = logging.getLogger(__name__)

# Admin search entries written per bulk add (see WordPressImporter.index_for_admin).
ADMIN_SEARCH_BATCH = 500
LEAD_LIMIT = 600
FALLBACK_SECTION = ("archiv", "Archiv")
SKIPPED_STATUSES = {"trash": "im Papierkorb", "auto-draft": "automatischer Entwurf", "inherit": "Revision"}
IMPORTED_TYPES = {"post", "page", "attachment"}
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE = re.compile(
    r"\[/?(?:gallery|embed|audio|video|playlist|wpvideo|youtube|vimeo|tweet|soundcloud|googlemaps|"
    r"polldaddy|slideshare|instagram|scribd|archives|sitemap|contact-form|code|sourcecode|jetpack[\w-]*)"
    r"(?:\s[^\]]*)?\]",
    re.IGNORECASE,
)
_EMPTY_DATE = "0000-00-00 00:00:00"


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)  # (kind, outcome) → n
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (kind:id, title, reason)
    comments: int = 0
    missing_images: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    def skip(self, kind: str, external_id: str, title: str, reason: str) -> None:
        self.count(kind, "übersprungen")
        self.skipped.append((f"{kind} {external_id}", title, reason))

    def total(self, outcome: str) -> int:
        return sum(n for (_kind, out), n in self.counts.items() if out == outcome)

    def lines(self) -> list[str]:
        lines = ["Ergebnis des WordPress-Imports:"]
        for outcome in ("importiert", "aktualisiert", "unverändert", "übersprungen"):
            parts = [f"{n} {kind}" for (kind, out), n in sorted(self.counts.items()) if out == outcome]
            lines.append(f"  {outcome}: {self.total(outcome)}" + (f" ({', '.join(parts)})" if parts else ""))
        lines.append(f"  Kommentare (nicht übernommen): {self.comments}")
        if self.missing_images:
            lines.append(f"  Bilder ohne lokale Datei (nicht übernommen): {self.missing_images}")
        listed = [entry for entry in self.skipped if entry[0].split()[0] in ("post", "page")]
        grouped = Counter(
            (ref.split()[0], reason) for ref, _title, reason in self.skipped if ref.split()[0] not in ("post", "page")
        )
        if self.skipped:
            lines.append("Übersprungen:")
            lines.extend(f"  - {ref} „{title}“: {reason}" for ref, title, reason in listed)
            lines.extend(f"  - {n} × {kind}: {reason}" for (kind, reason), n in sorted(grouped.items()))
        return lines


@dataclass
class Attachment:
    post_id: str
    url: str
    title: str
    caption: str


def scan(path: Path) -> tuple[int, dict[str, Attachment]]:
    """First pass: prove the whole file is well-formed and safe (nothing is written before that),
    count the items for the progress bar and note the attachments posts will refer to."""
    items = 0
    attachments: dict[str, Attachment] = {}
    for record in read_wxr(path):
        if record.kind != "item":
            continue
        items += 1
        if record.get("wp:post_type") == "attachment":
            post_id = record.get("wp:post_id")
            attachments[post_id] = Attachment(
                post_id=post_id,
                url=record.get("wp:attachment_url") or record.get("guid"),
                title=_plain(record.get("title")),
                caption=_plain(record.get("excerpt:encoded")),
            )
    return items, attachments


class WordPressImporter:
    def __init__(
        self,
        path: Path,
        media_dir: Path | None = None,
        dry_run: bool = False,
        progress: Callable[[], None] | None = None,
        defer_updates: bool = True,
    ) -> None:
        self.path = Path(path)
        self.defer_updates = defer_updates
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.progress = progress or (lambda: None)
        self.report = Report()
        self.source = "wordpress"
        self.site_title = ""
        self.attachments: dict[str, Attachment] = {}
        self.attachments_by_url: dict[str, Attachment] = {}
        self.authors: dict[str, Author] = {}
        self.author_names: dict[str, str] = {}
        self.sections: dict[str, SectionPage] = {}
        self.category_paths: dict[str, str] = {}
        self.topics: dict[str, Topic] = {}
        self._home: HomePage | None = None
        self._mapped: dict[tuple[str, str], ImportedItem] = {}
        self._mapped_source: str | None = None
        self._admin_search_pending: dict[type, list] = {}

    # -- driver --------------------------------------------------------------------------------

    def run(self, attachments: dict[str, Attachment] | None = None) -> Report:
        if attachments is None:
            _count, attachments = scan(self.path)
        self.attachments = attachments
        self.attachments_by_url = {_url_key(a.url): a for a in attachments.values() if a.url}
        # Related lists, the search index and the page cache are caught up once at the end (in bulk)
        # instead of after every article; Wagtail's reference index once per imported page.
        with transaction.atomic(), disable_reference_index_auto_update(), _admin_search_index_once():
            with deferred_article_updates() if self.defer_updates else nullcontext(ArticleBatch()) as batch:
                for record in read_wxr(self.path):
                    self.handle(record)
                self.flush_admin_search()
                if self.dry_run:
                    batch.discard()
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def handle(self, record: Record) -> None:
        if record.kind == "channel:wp:base_blog_url" and record.fields["value"]:
            self.source = f"wordpress:{record.fields['value'].rstrip('/')}"
        elif record.kind == "channel:title":
            self.site_title = record.fields["value"]
        elif record.kind == "wp:author":
            self.author(record)
        elif record.kind == "wp:category":
            self.category(record)
        elif record.kind == "wp:tag":
            self.tag(record)
        elif record.kind == "item":
            self.item(record)
            self.progress()

    @property
    def home(self) -> HomePage:
        if self._home is None:
            self._home = HomePage.objects.first()
            if self._home is None:
                raise WXRError(
                    "Es gibt noch keine Startseite. Legen Sie zuerst die Website an "
                    "(z. B. mit `manage.py load_demo` oder im Admin) und starten Sie den Import dann erneut."
                )
        return self._home

    def mapping(self, kind: str, external_id: str) -> ImportedItem | None:
        if self._mapped_source != self.source:
            # One query for everything an earlier run imported from this site, instead of one per item.
            self._mapped = {
                (item.kind, item.external_id): item for item in ImportedItem.objects.filter(source=self.source)
            }
            self._mapped_source = self.source
        return self._mapped.get((kind, external_id))

    def remember(self, kind: str, external_id: str, old_url: str = "", content_hash: str = "", **targets):
        item = self.mapping(kind, external_id)
        if item is None:
            item = ImportedItem(source=self.source, kind=kind, external_id=external_id)
        item.old_url, item.content_hash = old_url[:1000], content_hash
        for name, value in targets.items():
            # By id: the mapping lives as long as the run and must not keep every imported page in memory.
            setattr(item, f"{name}_id", value.pk if value is not None else None)
        item.save()
        self._mapped[(kind, external_id)] = item

    # -- taxonomies and people -----------------------------------------------------------------

    def author(self, record: Record) -> None:
        login = record.get("wp:author_login").strip()
        if not login:
            return
        name = normalise_space(record.get("wp:author_display_name")) or login
        self.author_names[login] = name
        mapped = self.mapping(ImportedItem.Kind.AUTHOR, login)
        if mapped and mapped.author_id:
            self.authors[login] = mapped.author
            self.report.count("Autor/innen", "unverändert")
            return
        slug = german_slugify(login)[:120] or german_slugify(name)[:120] or "autor"
        author, created = Author.objects.get_or_create(slug=slug, defaults={"name": name[:120]})
        self.authors[login] = author
        self.remember(ImportedItem.Kind.AUTHOR, login, author=author)
        self.report.count("Autor/innen", "importiert" if created else "unverändert")

    def category(self, record: Record) -> None:
        nicename = unquote(record.get("wp:category_nicename")).strip()
        name = normalise_space(record.get("wp:cat_name")) or nicename
        if not nicename:
            return
        parent = unquote(record.get("wp:category_parent")).strip()
        self.category_paths[nicename] = f"{self.category_paths.get(parent, parent)}/{nicename}" if parent else nicename
        mapped = self.mapping(ImportedItem.Kind.CATEGORY, nicename)
        section = mapped.page.specific if mapped and mapped.page_id else None
        outcome = "unverändert"
        if section is None:
            slug = slugify(nicename, allow_unicode=True) or german_slugify(name) or "rubrik"
            section = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
            if section is None:
                section = SectionPage(title=name[:255], slug=slug, intro=_plain(record.get("wp:category_description")))
                self.home.add_child(instance=section)
                section.save_revision().publish()
                outcome = "importiert"
        self.sections[nicename] = section
        old_path = f"/category/{self.category_paths[nicename]}/"
        self.remember(ImportedItem.Kind.CATEGORY, nicename, old_url=old_path, page=section)
        self.redirect(old_path, page=section)
        self.report.count("Kategorien", outcome)

    def tag(self, record: Record) -> None:
        slug = unquote(record.get("wp:tag_slug")).strip()
        name = normalise_space(record.get("wp:tag_name")) or slug
        if not slug:
            return
        topic, outcome = self.topic(name)
        self.topics[slug] = topic
        old_path = f"/tag/{slug}/"
        self.remember(ImportedItem.Kind.TAG, slug, old_url=old_path, topic=topic)
        url = topic.get_url()
        if url:
            self.redirect(old_path, link=url)
        self.report.count("Schlagwörter", outcome)

    def topic(self, name: str) -> tuple[Topic, str]:
        name = name[:100]
        topic = Topic.objects.filter(name__iexact=name).first()
        if topic is not None:
            return topic, "unverändert"
        topic = Topic(name=name)
        topic.save()  # taggit picks a free slug
        return topic, "importiert"

    # -- items ---------------------------------------------------------------------------------

    def item(self, record: Record) -> None:
        post_type = record.get("wp:post_type")
        post_id = record.get("wp:post_id")
        title = _plain(record.get("title"))
        self.report.comments += record.comment_count
        if post_type not in IMPORTED_TYPES:
            self.report.skip(
                post_type or "unbekannt", post_id, title, f"Inhaltstyp „{post_type}“ wird nicht übernommen"
            )
            return
        if post_type == "attachment":
            self.attachment_item(record)
            return
        status = record.get("wp:status")
        if status in SKIPPED_STATUSES:
            self.report.skip(post_type, post_id, title, f"Status „{status}“ ({SKIPPED_STATUSES[status]})")
            return
        try:
            with transaction.atomic():
                if post_type == "post":
                    self.post(record, title)
                else:
                    self.page(record, title)
        except WXRError:
            raise
        except Exception as error:  # one broken post must not stop an archive import
            logger.exception("WordPress %s %s failed", post_type, post_id)
            self._mapped_source = None  # what it remembered was rolled back with it: reload the mapping
            self.report.skip(post_type, post_id, title, f"Fehler: {error}")

    def post(self, record: Record, title: str) -> None:
        post_id = record.get("wp:post_id")
        content_hash = _hash(record)
        mapped = self.mapping(ImportedItem.Kind.POST, post_id)
        if mapped and mapped.page_id and mapped.content_hash == content_hash:
            self.report.count("Artikel", "unverändert")
            return
        converted = html_to_blocks(_expand_shortcodes(record.get("content:encoded")), self.resolve_image)
        self.report.missing_images += len(converted.missing_images)
        blocks = converted.blocks
        lead = excerpt(_plain(record.get("excerpt:encoded")), LEAD_LIMIT) or excerpt(
            converted.first_paragraph_text, LEAD_LIMIT
        )
        if not blocks and not lead:
            self.report.skip("post", post_id, title, "kein Inhalt (weder Text noch Auszug)")
            return
        title = title or excerpt(lead or converted.text, 80) or f"Beitrag {post_id}"
        lead = lead or title
        if not any(block["type"] == "paragraph" for block in blocks):
            blocks.insert(0, {"type": "paragraph", "value": f"<p>{escape(lead)}</p>"})

        terms = [(domain, unquote(nicename)) for domain, nicename, _name in record.terms]
        categories = [nicename for domain, nicename in terms if domain == "category"]
        section = self.section_for(categories)
        topic_names = [self.topics[slug].name for domain, slug in terms if domain == "post_tag" and slug in self.topics]
        topic_names += [self.sections[slug].title for slug in categories[1:] if slug in self.sections]

        page = mapped.page.specific if mapped and mapped.page_id else None
        created = page is None
        if created:
            page = ArticlePage(live=False)
        page.title = title[:255]
        page.lead = lead
        page.body = blocks
        page.author = self.authors.get(record.get("dc:creator").strip())
        page.lead_image, page.lead_image_alt = self.featured_image(record, title)
        published_at = _post_date(record)
        if created:
            page.slug = self.free_slug(section, _slug(record, title))
            section.add_child(instance=page)
        page.topics.set(list(dict.fromkeys(topic_names)))
        # The restriction comes first: publishing then keeps the protected text out of search and related lists.
        self.restrict(page, record.get("wp:post_password"), created)
        self.publish(page, record, published_at)
        self.index_for_admin(page)

        old_paths = {_url_path(record.get("link"))}
        local_date = _local_post_date(record)
        if local_date and page.slug:
            old_paths.add(f"/{local_date:%Y/%m/%d}/{record.get('wp:post_name') or page.slug}/")
        for old_path in old_paths:
            self.redirect(old_path, page=page)
        self.remember(
            ImportedItem.Kind.POST, post_id, old_url=_url_path(record.get("link")), content_hash=content_hash, page=page
        )
        self.report.count("Artikel", "importiert" if created else "aktualisiert")

    def page(self, record: Record, title: str) -> None:
        post_id = record.get("wp:post_id")
        content_hash = _hash(record)
        mapped = self.mapping(ImportedItem.Kind.PAGE, post_id)
        if mapped and mapped.page_id and mapped.content_hash == content_hash:
            self.report.count("Seiten", "unverändert")
            return
        converted = html_to_blocks(_expand_shortcodes(record.get("content:encoded")), self.resolve_image)
        self.report.missing_images += len(converted.missing_images)
        body = _blocks_to_richtext(converted.blocks)
        if not body:
            self.report.skip("page", post_id, title, "kein Inhalt (leere Seite, z. B. nur ein Menüpunkt)")
            return
        title = title or excerpt(converted.text, 80) or f"Seite {post_id}"
        page = mapped.page.specific if mapped and mapped.page_id else None
        created = page is None
        if created:
            page = StandardPage(live=False)
        page.title = title[:255]
        page.intro = excerpt(_plain(record.get("excerpt:encoded")), LEAD_LIMIT)
        page.body = body
        if created:
            # Wagtail standard pages live directly under the home page; the old hierarchy stays in the redirects.
            page.slug = self.free_slug(self.home, _slug(record, title))
            self.home.add_child(instance=page)
        self.restrict(page, record.get("wp:post_password"), created)
        self.publish(page, record, _post_date(record))
        self.index_for_admin(page)
        self.redirect(_url_path(record.get("link")), page=page)
        self.remember(
            ImportedItem.Kind.PAGE, post_id, old_url=_url_path(record.get("link")), content_hash=content_hash, page=page
        )
        self.report.count("Seiten", "importiert" if created else "aktualisiert")

    def attachment_item(self, record: Record) -> None:
        post_id = record.get("wp:post_id")
        attachment = self.attachments.get(post_id)
        if attachment is None or not self.media_dir:
            self.report.skip("Medien", post_id, _plain(record.get("title")), "kein --media-dir angegeben")
            return
        image = self.image_for(attachment)
        if image is None:
            self.report.skip("Medien", post_id, attachment.title, "Datei nicht im Medienordner oder kein Bild")

    # -- publishing ----------------------------------------------------------------------------

    def publish(self, page: Page, record: Record, published_at: datetime | None) -> None:
        """Carry the WordPress status over: publish → live, future → scheduled, everything else → draft."""
        status = record.get("wp:status")
        now = timezone.now()
        if status == "future" and published_at and published_at > now:
            page.go_live_at = published_at
            revision = page.save_revision()
            revision.publish()  # with go_live_at in the future Wagtail schedules instead of publishing
            return
        if status == "publish":
            page.go_live_at = None
            page.save_revision().publish()
            if published_at:
                type(page).objects.filter(pk=page.pk).update(
                    first_published_at=published_at,
                    last_published_at=published_at,
                    **({"published_at": published_at} if isinstance(page, ArticlePage) else {}),
                )
            return
        # draft, pending, private (visible only to WordPress editors) and anything unknown
        if page.live:
            page.unpublish()
        page.save_revision()

    def index_for_admin(self, page: Page) -> None:
        """What the page saves would have done, once: Wagtail's reference index and its admin search.

        Admin search entries are written in batches: Wagtail's database backend re-normalises the titles of
        its index after every write with a scan of the whole index, which per page made an import slow
        down as it grew (29 → 14 articles/s over 10,000 posts).
        """
        ReferenceIndex.create_or_update_for_object(page)
        indexed = admin_search_index.get_indexed_instance(page)
        if indexed is not None:
            pending = self._admin_search_pending.setdefault(type(indexed), [])
            pending.append(indexed)
            if len(pending) >= ADMIN_SEARCH_BATCH:
                self.flush_admin_search()

    def flush_admin_search(self) -> None:
        """Write the pending admin search entries, one bulk add per model and search backend."""
        for model, objects in self._admin_search_pending.items():
            if objects:
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, objects)
        self._admin_search_pending = {}

    def restrict(self, page: Page, password: str, created: bool = False) -> None:
        """Password-protected WordPress posts keep their password as a Wagtail view restriction."""
        if created and not password:
            return  # a new page has no restriction to remove
        existing = PageViewRestriction.objects.filter(page=page)
        if not password:
            existing.delete()
            return
        restriction = existing.first() or PageViewRestriction(page=page)
        restriction.restriction_type = PageViewRestriction.PASSWORD
        restriction.password = password[:255]
        restriction.save()

    def redirect(self, old_path: str, page: Page | None = None, link: str = "") -> None:
        if not old_path or old_path == "/":
            return
        normalised = Redirect.normalise_path(old_path)
        if page is not None:
            new_url = page.get_url()
            if new_url and Redirect.normalise_path(new_url) == normalised:
                return  # same address as before: no redirect needed (and none that loops)
        elif Redirect.normalise_path(link) == normalised:
            return
        Redirect.objects.update_or_create(
            old_path=normalised,
            site=None,
            defaults={"redirect_page": page, "redirect_link": link if page is None else "", "is_permanent": True},
        )

    def free_slug(self, parent: Page, wanted: str) -> str:
        base = wanted[:200].strip("-") or "beitrag"
        slug, number = base, 2
        while parent.get_children().filter(slug=slug).exists():
            slug = f"{base}-{number}"
            number += 1
        return slug

    def section_for(self, categories: list[str]) -> SectionPage:
        for nicename in categories:
            if nicename in self.sections:
                return self.sections[nicename]
        slug, title = FALLBACK_SECTION
        if slug not in self.sections:
            section = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
            if section is None:
                section = SectionPage(title=title, slug=slug, intro="Importierte Beiträge ohne Kategorie.")
                self.home.add_child(instance=section)
                section.save_revision().publish()
            self.sections[slug] = section
        return self.sections[slug]

    # -- images --------------------------------------------------------------------------------

    def featured_image(self, record: Record, title: str) -> tuple[BlattwerkImage | None, str]:
        attachment = self.attachments.get(record.meta.get("_thumbnail_id", ""))
        if attachment is None:
            return None, ""
        image = self.image_for(attachment)
        if image is None:
            return None, ""
        return image, (attachment.title or title)[:250]

    def resolve_image(self, ref: ImageRef) -> tuple[int, str] | None:
        attachment = self.attachments_by_url.get(_url_key(ref.src)) or self.attachments_by_url.get(
            _url_key(_SIZE_SUFFIX.sub("", ref.src.split("?")[0]))
        )
        if attachment is None:
            attachment = Attachment(post_id=f"url:{_url_key(ref.src)}", url=ref.src, title=ref.alt, caption="")
        image = self.image_for(attachment)
        return (image.pk, image.credit) if image else None

    def image_for(self, attachment: Attachment) -> BlattwerkImage | None:
        mapped = self.mapping(ImportedItem.Kind.ATTACHMENT, attachment.post_id)
        if mapped and mapped.image_id:
            return mapped.image
        file_path = self.local_file(attachment.url)
        if file_path is None:
            return None
        if self.dry_run:
            # Files written to storage would outlive the rolled-back transaction; only count them.
            self.report.count("Bilder", "importiert")
            return None
        image = BlattwerkImage(
            title=(attachment.title or file_path.stem)[:255],
            description=attachment.caption[:255],
            credit=f"Archiv {self.site_title}".strip()[:255],
        )
        try:
            with file_path.open("rb") as handle:
                image.file = ImageFile(handle, name=file_path.name)
                image.save()
        except Exception as error:  # not an image after all, or broken
            logger.warning("Could not import %s as an image: %s", file_path, error)
            return None
        self.remember(ImportedItem.Kind.ATTACHMENT, attachment.post_id, old_url=attachment.url, image=image)
        self.report.count("Bilder", "importiert")
        return image

    def local_file(self, url: str) -> Path | None:
        """Find an uploaded file in --media-dir: by its path after wp-content/uploads/, by the last
        three parts (YYYY/MM/name) or by name, also without WordPress's size suffix (-300x200)."""
        if not self.media_dir or not url:
            return None
        path = unquote(urlsplit(url).path).lstrip("/")
        if "/uploads/" in f"/{path}":
            path = f"/{path}".split("/uploads/", 1)[1]
        parts = [part for part in path.split("/") if part not in ("", ".", "..")]
        if not parts:
            return None
        candidates = ["/".join(parts), "/".join(parts[-3:]), parts[-1]]
        candidates += [_SIZE_SUFFIX.sub("", candidate) for candidate in candidates]
        for candidate in dict.fromkeys(candidates):
            file_path = (self.media_dir / candidate).resolve()
            if file_path.is_file() and file_path.is_relative_to(self.media_dir):
                return file_path
        return None


# -- helpers -----------------------------------------------------------------------------------


@contextmanager
def _admin_search_index_once() -> Iterator[None]:
    """Wagtail re-indexes a page for its admin search on every save — three times per imported article
    (created, revision saved, published). The importer indexes each page once after publishing instead
    (`index_for_admin`). Signal handlers are process-wide: the import runs as its own command."""
    disconnected = [
        model
        for model in (ArticlePage, StandardPage)
        if post_save.disconnect(admin_search_signals.post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in disconnected:
            post_save.connect(admin_search_signals.post_save_signal_handler, sender=model)


def _plain(html: str) -> str:
    """Text of a snippet of HTML (titles may contain markup such as <em>)."""
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return normalise_space(html)
    try:
        return normalise_space(lxml_html.fragment_fromstring(html, create_parent="div").text_content())
    except Exception:
        return normalise_space(re.sub(r"<[^>]*>", " ", html))


def _expand_shortcodes(content: str) -> str:
    """[caption]<img> text[/caption] becomes a figure; other media shortcodes are dropped, their text kept."""
    content = _CAPTION.sub(_caption_figure, content or "")
    return _SHORTCODE.sub("", content)


def _caption_figure(match: re.Match) -> str:
    inner = match.group(1)
    # The image (possibly wrapped in a link) comes first; the rest, which may hold links itself, is the caption.
    split = re.search(r"(.*<img[^>]*>\s*(?:</a>)?)(.*)", inner, re.DOTALL | re.IGNORECASE)
    if not split:
        return f"<p>{inner}</p>"
    return f"<figure>{split.group(1)}<figcaption>{split.group(2).strip()}</figcaption></figure>"


def _blocks_to_richtext(blocks: list[dict]) -> str:
    """Standard pages have one rich-text field: headings as h2/h3, quotes as paragraphs."""
    parts = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "paragraph":
            parts.append(value)
        elif kind == "quote":
            text = escape(value["text"]).replace("\n\n", "<br>")
            suffix = f" – {escape(value['attribution'])}" if value["attribution"] else ""
            parts.append(f"<p><i>{text}</i>{suffix}</p>")
        elif kind == "image":
            parts.append(
                f'<embed embedtype="image" id="{value["image"]}" format="fullwidth" alt="{escape(value["alt_text"])}"/>'
            )
    return "".join(parts)


def _slug(record: Record, title: str) -> str:
    name = unquote(record.get("wp:post_name")).strip()
    return slugify(name, allow_unicode=True) or german_slugify(title) or f"beitrag-{record.get('wp:post_id')}"


def _post_date(record: Record) -> datetime | None:
    """WordPress stores the date in UTC (post_date_gmt) and local time; drafts have no UTC date."""
    gmt = record.get("wp:post_date_gmt").strip()
    if gmt and gmt != _EMPTY_DATE:
        try:
            return datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    pub_date = record.get("pubDate").strip()
    if pub_date:
        try:
            parsed = parsedate_to_datetime(pub_date)
            if parsed.year > 1900:
                return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
        except (TypeError, ValueError):
            pass
    return _local_post_date(record)


def _local_post_date(record: Record) -> datetime | None:
    local = record.get("wp:post_date").strip()
    if not local or local == _EMPTY_DATE:
        return None
    try:
        return timezone.make_aware(datetime.strptime(local, "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return None


def _url_path(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if parts.query:  # /?p=123 is answered by the middleware, not by a Redirect
        return ""
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    return path


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower()}{unquote(parts.path)}"


def _hash(record: Record) -> str:
    data = json.dumps([record.fields, record.terms, record.meta], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


__all__ = ["Report", "WXRError", "WordPressImporter", "scan"]
