"""Editors work the inbox; authors do not see it (it may hold personal data)."""

from django.contrib.auth.management import create_permissions
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


def grant_inbox_permissions(app_config, using="default", **kwargs) -> None:
    """Idempotent; runs after every migrate, like core.roles.ensure_roles."""
    # Our apps come before django.contrib.auth in INSTALLED_APPS, so this handler may run before
    # auth's own post_migrate handler has created the inbox permissions: create them first.
    create_permissions(app_config, verbosity=0, using=using)
    group = Group.objects.using(using).filter(name=EDITOR_GROUP).first()
    if group is None:
        return
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="inbox", codename__in=EDITOR_INBOX_PERMISSIONS
    )
    group.permissions.add(*permissions)
