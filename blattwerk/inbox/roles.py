"""Editors work the inbox; authors do not see it (it may hold personal data)."""

from django.contrib.auth.models import Group, Permission

from blattwerk.core.roles import EDITOR_GROUP

EDITOR_INBOX_PERMISSIONS = (
    "view_submission",
    "change_submission",
    "add_feedsource",
    "change_feedsource",
    "delete_feedsource",
    "view_feedsource",
)


def grant_inbox_permissions(**kwargs) -> None:
    """Idempotent; runs after every migrate, like core.roles.ensure_roles."""
    group = Group.objects.filter(name=EDITOR_GROUP).first()
    if group is None:
        return
    permissions = Permission.objects.filter(content_type__app_label="inbox", codename__in=EDITOR_INBOX_PERMISSIONS)
    group.permissions.add(*permissions)
