from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "blattwerk.inbox"
    label = "inbox"
    verbose_name = _("Eingang")

    def ready(self) -> None:
        from .roles import grant_inbox_permissions

        post_migrate.connect(grant_inbox_permissions, sender=self)
