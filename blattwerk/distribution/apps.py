from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    """Feeds, sitemaps, structured data and social previews: how readers and machines find our articles."""

    name = "blattwerk.distribution"
    label = "distribution"
    verbose_name = _("Verbreitung")
