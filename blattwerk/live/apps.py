from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "blattwerk.live"
    label = "live"
    verbose_name = _("Live")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (turns saves and publications into live events)
