"""Editor UI: live-blog posting views, a menu item, buttons on live-blog pages, breaking news as a snippet."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import BreakingNews, LiveBlogPage

admin_patterns = [
    path("", admin_views.index, name="index"),
    path("<int:page_id>/", admin_views.entries, name="entries"),
    path("<int:page_id>/eintrag/<int:entry_id>/", admin_views.entries, name="edit_entry"),
    path("<int:page_id>/eintrag/<int:entry_id>/loeschen/", admin_views.delete_entry, name="delete_entry"),
    path("<int:page_id>/beenden/", admin_views.end_live_blog, name="end"),
]


@hooks.register("register_admin_urls")
def register_live_admin_urls():
    return [path("liveticker/", include((admin_patterns, "live_admin"), namespace="live_admin"))]


@hooks.register("register_admin_menu_item")
def register_live_menu_item():
    return MenuItem(_("Liveticker"), reverse("live_admin:index"), icon_name="time", order=250)


def _entries_button(page, user, priority):
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if isinstance(specific, LiveBlogPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Einträge posten"),
            reverse("live_admin:entries", args=[page.pk]),
            icon_name="time",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def live_blog_header_button(page, user, view_name=None, next_url=None):
    yield from _entries_button(page, user, priority=5)


@hooks.register("register_page_listing_buttons")
def live_blog_listing_button(page, user, next_url=None):
    yield from _entries_button(page, user, priority=5)


class BreakingNewsViewSet(SnippetViewSet):
    model = BreakingNews
    icon = "warning"
    menu_label = _("Eilmeldungen")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["text", "status", "active_from", "expires_at"]
    list_filter = ["status"]
    ordering = ["-active_from"]


register_snippet(BreakingNewsViewSet)
