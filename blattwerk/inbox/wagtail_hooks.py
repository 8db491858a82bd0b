"""The inbox in the Wagtail admin: one list of everything that arrived, and the feeds that feed it."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import FeedSource, Submission
from .panels import SubmissionContentPanel


class ArrivalsOnlyPolicy(ModelPermissionPolicy):
    """Submissions arrive by form, e-mail or feed; nobody creates them by hand in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Submission, ArrivalsOnlyPolicy(Submission))


class SubmissionViewSet(SnippetViewSet):
    model = Submission
    icon = "mail"
    menu_label = _("Eingänge")
    url_prefix = "inbox/eingaenge"
    copy_view_enabled = False
    list_display = [
        "title",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("source", label=_("Eingang über"), accessor="get_source_display"),
        Column("sender_display", label=_("Absender/in")),
        Column("assignee", label=_("Zuständig")),
        DateColumn("received_at", label=_("Eingegangen")),
    ]
    list_filter = ["status", "source", "assignee", "parse_error"]
    search_fields = ["title", "text", "sender_name", "organisation", "sender_email"]
    search_backend_name = None
    ordering = ["-received_at"]
    panels = [
        SubmissionContentPanel(heading=_("Einsendung")),
        FieldPanel("status"),
        FieldPanel("assignee"),
        FieldPanel("notes"),
    ]


class FeedSourceViewSet(SnippetViewSet):
    model = FeedSource
    icon = "link-external"
    menu_label = _("Feed-Quellen")
    url_prefix = "inbox/feeds"
    list_display = ["name", "url", "active", DateColumn("last_checked_at", label=_("Zuletzt abgefragt")), "last_error"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("active")]


class InboxViewSetGroup(SnippetViewSetGroup):
    items = (SubmissionViewSet, FeedSourceViewSet)
    menu_icon = "mail"
    menu_label = _("Eingang")
    menu_name = "inbox"
    menu_order = 150


register_snippet(InboxViewSetGroup)


@hooks.register("register_admin_urls")
def register_inbox_admin_urls():
    return [
        path("inbox/anhang/<int:pk>/", admin_views.attachment, name="inbox_attachment"),
        path("inbox/original/<int:pk>/", admin_views.raw_message, name="inbox_raw"),
        path("inbox/uebernehmen/<int:pk>/", admin_views.accept, name="inbox_accept"),
    ]
