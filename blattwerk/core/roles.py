"""The newsroom's roles as Wagtail groups: Autor/in, Redakteur/in, Administrator.

Authors write and submit for review; editors edit, publish and schedule;
administrators are Django superusers. Created idempotently after every migrate.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger(__name__)

AUTHOR_GROUP = "Autor/in"
EDITOR_GROUP = "Redakteur/in"

# Page permissions granted on the site root, so they cover every section.
AUTHOR_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

# Model permissions by "app_label.codename".
AUTHOR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "images.add_blattwerkimage",
    "images.change_blattwerkimage",
    "images.choose_blattwerkimage",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
EDITOR_MODEL_PERMISSIONS = (
    *AUTHOR_MODEL_PERMISSIONS,
    "images.delete_blattwerkimage",
    "wagtaildocs.change_document",
    "news.add_author",
    "news.change_author",
    "news.add_topic",
    "news.change_topic",
    "core.change_sitesettings",
)


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_roles(**kwargs) -> None:
    """Create or complete the newsroom groups; safe to run any number of times."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Workflow

    root = Page.get_first_root_node()
    if root is None:
        return
    page_type = ContentType.objects.get_for_model(Page)
    roles = {
        AUTHOR_GROUP: (AUTHOR_PAGE_PERMISSIONS, AUTHOR_MODEL_PERMISSIONS),
        EDITOR_GROUP: (EDITOR_PAGE_PERMISSIONS, EDITOR_MODEL_PERMISSIONS),
    }
    for name, (page_codenames, model_permissions) in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        for codename in page_codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type, codename=codename, defaults={"name": f"Can {codename}"}
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        for dotted in model_permissions:
            permission = _permission(dotted)
            if permission is None:
                logger.debug("Permission %s not available yet", dotted)
                continue
            group.permissions.add(permission)
            if dotted.startswith(("images.", "wagtaildocs.")) and not dotted.endswith("access_admin"):
                from wagtail.models import Collection

                collection = Collection.get_first_root_node()
                if collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )

    # Submissions for review go to the editors.
    editors = Group.objects.get(name=EDITOR_GROUP)
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is not None:
        for task in workflow.tasks.specific():
            if hasattr(task, "groups"):
                task.groups.add(editors)
