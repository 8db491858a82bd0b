from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "blattwerk.news"
    label = "news"
    verbose_name = _("Nachrichten")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects publish/unpublish handlers)
