from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "blattwerk.search"
    label = "blattwerk_search"
    verbose_name = _("Suche")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (keeps the index current on publish, unpublish, delete, move)
