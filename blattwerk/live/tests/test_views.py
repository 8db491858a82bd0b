import json
import re

import pytest
from django.urls import reverse

from blattwerk.live.events import EventType
from blattwerk.live.models import BreakingNews, LiveBlogStatus, LiveEntry, LiveEvent
from blattwerk.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_live_blog_page_shows_entries_marker_and_json_ld(client, live_blog):
    response = client.get(live_blog.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Wichtigste in Kürze" in html
    assert html.count("data-entry-id=") == live_blog.entries.visible().count()
    assert "data-live-marker>" in html  # shown (not hidden) while running
    # "Live" must not pick up Wagtail's translation of the page status ("Veröffentlicht").
    assert re.search(r"data-live-marker>.*?</span>Live</p>", html)
    assert f'data-live-channel="liveblog-{live_blog.pk}"' in html
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    blocks = [json.loads(script) for script in scripts]
    data = next(block for block in blocks if block["@type"] == "LiveBlogPosting")
    assert data["liveBlogUpdate"]
    assert "NewsArticle" not in [block["@type"] for block in blocks]
    assert "<script>" not in html.replace('<script type="application/ld+json">', "")  # no inline code (CSP)
    assert not response.cookies


def test_breaking_news_bar_is_rendered_without_javascript(client):
    article = ArticlePage.objects.published().filter(liveblogpage__isnull=True).first()
    assert 'class="breaking-news__item' not in client.get(article.url).content.decode()
    BreakingNews.objects.create(text="Erdbeben in der Eifel", link="/nachrichten/")
    html = client.get(article.url).content.decode()
    assert "Eilmeldung" in html and "Erdbeben in der Eifel" in html


def test_stream_rejects_unknown_channels(client):
    response = client.get(reverse("live:stream"), {"channels": "admin"})
    assert response.status_code == 400
    assert b"liveblog-<page id>" in response.content


def test_editor_posts_edits_and_deletes_an_entry(client, editor, live_blog):
    client.force_login(editor)
    url = reverse("live_admin:entries", args=[live_blog.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"headline": "Abpfiff", "body": "Es bleibt beim 1:1.", "pinned": "on"})
    assert response.status_code == 302
    entry = LiveEntry.objects.get(live_blog=live_blog, headline="Abpfiff")
    assert entry.pinned and entry.body == "<p>Es bleibt beim 1:1.</p>" and entry.created_by == editor
    assert LiveEvent.objects.latest("id").type == EventType.ENTRY

    edit_url = reverse("live_admin:edit_entry", args=[live_blog.pk, entry.pk])
    client.post(edit_url, {"headline": "Abpfiff!", "body": "Es bleibt beim 1:1.", "time": ""})
    entry.refresh_from_db()
    assert entry.headline == "Abpfiff!" and not entry.pinned

    client.post(reverse("live_admin:delete_entry", args=[live_blog.pk, entry.pk]))
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert LiveEvent.objects.latest("id").type == EventType.ENTRY_DELETED
    assert "Abpfiff!" not in client.get(live_blog.url).content.decode()


def test_author_without_edit_permission_on_the_page_cannot_post(client, live_blog):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    outsider = get_user_model().objects.create_user("gast", password="x", is_staff=False)
    outsider.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(outsider)
    response = client.post(reverse("live_admin:entries", args=[live_blog.pk]), {"body": "Nein"})
    assert response.status_code in (302, 403)
    assert not LiveEntry.objects.filter(body__contains="Nein").exists()


def test_ending_a_live_blog_keeps_it_as_an_article(client, editor, live_blog):
    client.force_login(editor)
    client.post(reverse("live_admin:end", args=[live_blog.pk]))
    live_blog.refresh_from_db()
    assert live_blog.status == LiveBlogStatus.ENDED and live_blog.coverage_end is not None
    client.logout()
    html = client.get(live_blog.url).content.decode()
    assert "hidden data-live-marker" in html
    assert "Der Liveticker zum Nachlesen" in html
    assert LiveEvent.objects.latest("id").type == EventType.LIVE_BLOG_ENDED
    assert "coverageEndTime" in live_blog.structured_data()
