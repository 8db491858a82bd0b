"""Articles in every publishing state, placed under a demo section."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from blattwerk.news.models import ArticlePage, Author, SectionPage


def make_article(
    title: str,
    *,
    section_slug: str = "politik",
    publish: bool = True,
    published_at: datetime | None = None,
    go_live_at: datetime | None = None,
    topics: tuple[str, ...] = (),
    lead: str = "Ein kurzer Vorspann mit Umlauten: Größe, Übung, Äpfel.",
    author_slug: str | None = "anna-berger",
) -> ArticlePage:
    """Publish (or just save, or schedule) an article; `published_at` back-dates a publication."""
    section = SectionPage.objects.get(slug=section_slug)
    slug = timezone.now().strftime("test-%H%M%S%f")
    article = ArticlePage(
        title=title,
        slug=slug,
        lead=lead,
        live=False,
        author=Author.objects.filter(slug=author_slug).first() if author_slug else None,
        body=[{"type": "paragraph", "value": "<p>Der Text des Artikels über Straßenbahnen.</p>"}],
    )
    section.add_child(instance=article)
    if topics:
        article.topics.add(*topics)
        article.save()
    revision = article.save_revision()
    if go_live_at is not None:
        # Scheduled: Wagtail keeps it unpublished until the go-live time.
        article.go_live_at = go_live_at
        revision = article.save_revision()
        revision.publish()
    elif publish:
        revision.publish()
        if published_at is not None:
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at, published_at=published_at
            )
    article.refresh_from_db()
    return article


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)
