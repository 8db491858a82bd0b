import pytest
from django.utils import timezone

from blattwerk.live.events import EventType, live_blog_channel
from blattwerk.live.models import (
    BreakingNews,
    BreakingNewsStatus,
    LiveBlogStatus,
    LiveEntry,
    LiveEvent,
    clean_entry_html,
)
from blattwerk.news.models import ArticlePage

from .conftest import committed


def test_entry_text_is_sanitised():
    html = clean_entry_html(
        'Erster Absatz\nmit Umbruch\n\n<b>Zweiter</b> <script>alert(1)</script><a href="/x" onclick="y">Link</a>'
    )
    assert html.startswith("<p>Erster Absatz<br>mit Umbruch</p><p><b>Zweiter</b>")
    assert "script" not in html and "onclick" not in html
    assert '<a href="/x" rel="noopener noreferrer">Link</a>' in html


@pytest.mark.django_db
def test_demo_live_blog_is_a_published_article_with_entries(live_blog):
    assert live_blog.status == LiveBlogStatus.RUNNING
    assert ArticlePage.objects.teasers().filter(pk=live_blog.pk).exists()
    assert 8 <= live_blog.entries.visible().count() <= 12
    assert live_blog.entries.filter(pinned=True).exists()


@pytest.mark.django_db
def test_saving_and_deleting_an_entry_logs_events(live_blog):
    channel = live_blog_channel(live_blog.pk)
    with committed():
        entry = LiveEntry.objects.create(live_blog=live_blog, headline="Abpfiff", body="Schluss in Waldenstein.")
    created = LiveEvent.objects.filter(channel=channel).latest("id")
    assert created.type == EventType.ENTRY and created.payload["entry"] == entry.pk
    assert "Schluss in Waldenstein." in created.payload["html"]
    entry.deleted_at = timezone.now()
    entry.save()
    deleted = LiveEvent.objects.filter(channel=channel).latest("id")
    assert (deleted.type, deleted.payload) == (EventType.ENTRY_DELETED, {"entry": entry.pk})
    assert not live_blog.entries.visible().filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_breaking_news_current_and_cleared():
    now = timezone.now()
    item = BreakingNews.objects.create(text="Regierung tritt zurück", link="/politik/")
    assert BreakingNews.objects.current().first() == item
    event = LiveEvent.objects.latest("id")
    assert event.type == EventType.BREAKING and "Regierung tritt zurück" in event.payload["html"]
    BreakingNews.objects.create(text="Abgelaufen", expires_at=now - timezone.timedelta(minutes=1))
    BreakingNews.objects.create(text="Später", active_from=now + timezone.timedelta(hours=1))
    assert list(BreakingNews.objects.current()) == [item]
    item.status = BreakingNewsStatus.CLEARED
    item.save()
    assert not BreakingNews.objects.current().exists()
    assert LiveEvent.objects.latest("id").type == EventType.BREAKING_CLEARED


@pytest.mark.django_db
def test_structured_data_lists_updates(live_blog):
    data = live_blog.structured_data()
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"]
    assert "coverageEndTime" not in data
    assert len(data["liveBlogUpdate"]) == live_blog.entries.visible().count()
    assert all(update["@type"] == "BlogPosting" for update in data["liveBlogUpdate"])


@pytest.mark.django_db
def test_first_publication_of_an_article_announces_its_teasers():
    from blattwerk.news.models import SectionPage

    section = SectionPage.objects.get(slug="politik")
    article = ArticlePage(
        title="Neuer Artikel im Test", slug="neuer-artikel-im-test", lead="Vorspann des neuen Artikels."
    )
    article.body = [{"type": "paragraph", "value": "<p>Text.</p>"}]
    section.add_child(instance=article)
    article.save_revision().publish()
    event = LiveEvent.objects.filter(type=EventType.ARTICLE).latest("id")
    assert event.channel == "site"
    assert event.payload["article"] == article.pk and event.payload["section"] == section.pk
    assert "Neuer Artikel im Test" in event.payload["home_html"]
    assert "Neuer Artikel im Test" in event.payload["section_html"]
    # Republishing (a correction) announces nothing new.
    count = LiveEvent.objects.filter(type=EventType.ARTICLE).count()
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=timezone.now() - timezone.timedelta(hours=1))
    article.refresh_from_db()
    article.save_revision().publish()
    assert LiveEvent.objects.filter(type=EventType.ARTICLE).count() == count
