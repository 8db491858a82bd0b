from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "blattwerk.core"
    label = "core"
    verbose_name = _("Website")

    def ready(self) -> None:
        from .roles import ensure_roles

        # Permissions exist only after every migration ran, so roles are created here.
        post_migrate.connect(ensure_roles, sender=self)
