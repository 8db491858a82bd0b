from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "blattwerk.live"
    label = "live"
    verbose_name = _("Liveticker")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (turns saves and publications into live events)
        from .roles import grant_editor_permissions

        post_migrate.connect(grant_editor_permissions, sender=self)
