"""Editors may raise and clear breaking news; the groups themselves belong to core.roles."""

from django.contrib.auth.models import Group, Permission

from blattwerk.core.roles import EDITOR_GROUP

EDITOR_PERMISSIONS = ("add_breakingnews", "change_breakingnews", "delete_breakingnews")


def grant_editor_permissions(**kwargs) -> None:
    group = Group.objects.filter(name=EDITOR_GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="live", codename__in=EDITOR_PERMISSIONS)
        )
