"""Navigation for the header: Home and the sections, in the order editors gave them."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _navigation(request: HttpRequest) -> dict:
    from blattwerk.news.models import SectionPage

    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "sections": [], "site_name": settings.WAGTAIL_SITE_NAME}
    home = site.root_page
    sections = list(SectionPage.objects.live().in_menu().child_of(home).only("id", "title", "url_path", "slug"))
    return {
        "home": home,
        "sections": sections,
        "site_name": site.site_name or settings.WAGTAIL_SITE_NAME,
    }


def navigation(request: HttpRequest) -> dict:
    """Lazy, so pages that never render the header (feeds, the event stream) pay nothing."""
    nav = SimpleLazyObject(lambda: _navigation(request))
    return {"navigation": nav}
