"""The inbox as an editor sees it in the Wagtail admin: list, filters, search, preview, take-over."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from blattwerk.core.roles import AUTHOR_GROUP, EDITOR_GROUP
from blattwerk.inbox import intake
from blattwerk.inbox.models import Submission
from blattwerk.news.models import ArticlePage, SectionPage

from .messages import press_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("rita-test", password="x", email="rita@blattwerk.example")
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def submission():
    return intake.receive_email(press_release()).submission


def test_inbox_list_filters_and_search(client, editor, submission):
    Submission.objects.create(source="web", title="Vereinsjubiläum", status=Submission.Status.REJECTED)
    url = reverse("wagtailsnippets_inbox_submission:list")
    html = client.get(url).content.decode()
    assert "Straßenfest in Köln – Programm" in html and "Vereinsjubiläum" in html
    filtered = client.get(url, {"status": "abgelehnt"}).content.decode()
    assert "Vereinsjubiläum" in filtered and "Straßenfest" not in filtered
    searched = client.get(url, {"q": "Straßenfest"}).content.decode()
    assert "Straßenfest" in searched and "Vereinsjubiläum" not in searched


def test_submission_view_shows_text_and_previews_attachments(client, editor, submission):
    html = client.get(reverse("wagtailsnippets_inbox_submission:edit", args=[submission.pk])).content.decode()
    assert "Das Straßenfest beginnt um 14 Uhr." in html and "Jürgen Müller" in html
    image = submission.attachments.get(kind="image")
    assert f'<img src="{reverse("inbox_attachment", args=[image.pk])}"' in html
    assert reverse("inbox_accept", args=[submission.pk]) in html
    preview = client.get(reverse("inbox_attachment", args=[image.pk]))
    assert preview.status_code == 200 and preview.headers["Content-Type"] == "image/png"
    assert preview.headers["X-Content-Type-Options"] == "nosniff"
    raw = client.get(reverse("inbox_raw", args=[submission.pk]))
    assert b"".join(raw.streaming_content) == press_release()


def test_authors_and_anonymous_readers_cannot_open_the_inbox(client, django_user_model, submission):
    attachment = submission.attachments.first()
    assert client.get(reverse("inbox_attachment", args=[attachment.pk])).status_code in (302, 403)
    author = django_user_model.objects.create_user("arno-test", password="x")
    author.groups.add(Group.objects.get(name=AUTHOR_GROUP))
    client.force_login(author)
    # Wagtail turns "permission denied" into a redirect to the dashboard; either way nothing is shown.
    assert client.get(reverse("inbox_attachment", args=[attachment.pk])).status_code in (302, 403)
    assert client.get(reverse("inbox_accept", args=[submission.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_inbox_submission:list")).status_code in (302, 403)


def test_status_and_assignee_are_edited_in_the_admin(client, editor, submission):
    url = reverse("wagtailsnippets_inbox_submission:edit", args=[submission.pk])
    response = client.post(url, {"status": "in_bearbeitung", "assignee": editor.pk, "notes": "Rückruf morgen"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_PROGRESS and submission.assignee == editor
    assert submission.title == "Straßenfest in Köln – Programm"  # arrival data is not editable


def test_two_clicks_turn_a_submission_into_a_draft_article(client, editor, submission):
    section = SectionPage.objects.get(slug="nachrichten")
    # Click 1: "Als Entwurf übernehmen" opens the section choice.
    page = client.get(reverse("inbox_accept", args=[submission.pk]))
    assert page.status_code == 200 and "Nachrichten" in page.content.decode()
    # Click 2: "Entwurf anlegen" creates the draft and opens it in the page editor.
    response = client.post(reverse("inbox_accept", args=[submission.pk]), {"section": section.pk})
    article = ArticlePage.objects.get(inbox_submissions=submission)
    assert response.headers["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.get_parent().pk == section.pk
    assert article not in ArticlePage.objects.published()
    assert article.title == "Straßenfest in Köln – Programm"
    assert article.lead.startswith("Das Straßenfest beginnt um 14 Uhr.")
    kinds = [block.block_type for block in article.body]
    assert "paragraph" in kinds and "image" in kinds
    image = next(block.value["image"] for block in article.body if block.block_type == "image")
    assert image.credit == "Foto: Jürgen Müller (Pressemitteilung)"
    assert "<b>Straßenfest</b>" in str(article.body) and "script" not in str(article.body)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED and submission.assignee == editor
    assert client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code == 200
    # A second click does not make a second article.
    client.post(reverse("inbox_accept", args=[submission.pk]), {"section": section.pk})
    assert ArticlePage.objects.filter(inbox_submissions=submission).count() == 1


def test_a_plain_web_submission_without_attachments_becomes_a_draft(client, editor):
    submission = Submission.objects.create(
        source="web",
        title="Neue Buslinie",
        sender_name="Stadtwerke",
        text="Ab Montag fährt die Linie 7.\n\nMehr folgt.",
    )
    section = SectionPage.objects.get(slug="nachrichten")
    client.post(reverse("inbox_accept", args=[submission.pk]), {"section": section.pk})
    article = ArticlePage.objects.get(inbox_submissions=submission)
    assert [block.block_type for block in article.body] == ["paragraph", "paragraph"]
    assert article.sources[0].value["text"] == "Pressemitteilung: Stadtwerke"
