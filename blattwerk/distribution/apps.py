from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    """Feeds, sitemaps, structured data and social previews: how readers and machines find our articles."""

    name = "blattwerk.distribution"
    label = "distribution"
    verbose_name = _("Verbreitung")

    def ready(self) -> None:
        from blattwerk.news import invalidation

        invalidation.register(feed_and_sitemap_urls)


def feed_and_sitemap_urls(article) -> list[str]:
    """Publishing purges the feeds and sitemaps that list the article, as well as its pages."""
    from django.http import HttpRequest

    from .invalidation import stale_urls
    from .links import Links

    request = HttpRequest()  # no reader request exists when an editor publishes: use the default site
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    return stale_urls(article, Links(request))
