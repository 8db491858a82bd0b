"""Newsroom roles: Autor/in writes and submits for review, Redakteur/in publishes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blattwerk.core.roles import AUTHOR_GROUP, EDITOR_GROUP
from blattwerk.news.models import ArticlePage, SectionPage
from blattwerk.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def make_user(username: str, group: str):
    user = get_user_model().objects.create_user(username=username, password="geheim-123456")  # noqa: S106
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author():
    return make_user("autorin", AUTHOR_GROUP)


@pytest.fixture
def editor():
    return make_user("redakteurin", EDITOR_GROUP)


def article_form(title: str, slug: str, action: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "lead": "Die Stadt plant eine neue Brücke über den Fluss, die Kosten sind umstritten.",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "body": streamfield([("paragraph", rich_text("<p>Der Stadtrat hat lange beraten.</p>"))]),
            "sources": streamfield([]),
            "topics": "Stadtentwicklung",
            "comments": inline_formset([]),
        }
    )
    data[action] = "1"
    return data


def test_author_role_may_edit_but_not_publish_per_wagtail_permissions(author, editor):
    section = SectionPage.objects.get(slug="politik")
    draft = ArticlePageFactory(section=section, publish=False)
    live = ArticlePage.objects.live().child_of(section).first()

    author_on_section = section.permissions_for_user(author)
    assert author_on_section.can_add_subpage()
    assert not author_on_section.can_publish_subpage()
    for page in (draft, live):
        permissions = page.permissions_for_user(author)
        assert permissions.can_edit()
        assert not permissions.can_publish()
        assert not permissions.can_unpublish()
    # Wagtail lets anyone who may edit delete a draft, but never what readers can already see.
    assert not live.permissions_for_user(author).can_delete()

    assert section.permissions_for_user(editor).can_publish_subpage()
    for page in (draft, live):
        permissions = page.permissions_for_user(editor)
        assert permissions.can_edit()
        assert permissions.can_publish()
    assert live.permissions_for_user(editor).can_unpublish()


def test_author_creates_a_draft_and_submits_it_but_cannot_publish_through_the_admin(client, author):
    section = SectionPage.objects.get(slug="politik")
    client.force_login(author)
    add_url = f"/admin/pages/add/news/articlepage/{section.pk}/"
    assert client.get(add_url).status_code == 200

    # "Publish" from an author is not honoured: the page is saved as a draft.
    response = client.post(add_url, article_form("Neue Brücke für die Altstadt", "neue-bruecke", "action-publish"))
    assert response.status_code in (200, 302)
    page = ArticlePage.objects.get(slug="neue-bruecke")
    assert not page.live
    assert page.has_unpublished_changes
    assert client.get("/politik/neue-bruecke/").status_code == 404

    # Editing the draft and submitting it for moderation works.
    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, article_form("Neue Brücke für die Altstadt", "neue-bruecke", "action-submit"))
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    page.refresh_from_db()
    assert not page.live
    workflow_state = page.current_workflow_state
    assert workflow_state is not None and workflow_state.status == "in_progress"
    assert workflow_state.workflow == Workflow.objects.get(active=True)

    # An explicit publish request from the author is refused.
    response = client.post(f"/admin/pages/{page.pk}/edit/", article_form("Neu", "neue-bruecke", "action-publish"))
    page.refresh_from_db()
    assert not page.live
    assert client.get("/politik/neue-bruecke/").status_code == 404


def test_editor_publishes_through_the_admin(client, editor):
    section = SectionPage.objects.get(slug="politik")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/",
        article_form("Brücke beschlossen", "bruecke-beschlossen", "action-publish"),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="bruecke-beschlossen")
    assert page.live
    assert page.published_at is not None
    assert page.section_id == section.pk
    assert client.get("/politik/bruecke-beschlossen/").status_code == 200


def test_editors_approve_what_authors_submit(client, author, editor):
    draft = ArticlePageFactory(title="Rathaus bekommt Solardach", slug="rathaus-solardach", publish=False)
    client.force_login(author)
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        article_form("Rathaus bekommt Solardach", "rathaus-solardach", "action-submit"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    task_state = draft.current_workflow_task_state
    assert task_state is not None
    task = task_state.task.specific
    assert editor.groups.filter(pk__in=task.groups.all()).exists(), "the review task goes to the editors"
    assert not task.get_actions(draft, author)
    assert "approve" in [name for name, *_ in task.get_actions(draft, editor)]

    task.on_action(task_state, editor, "approve")
    draft.refresh_from_db()
    assert draft.live
