"""URL map: private routes (admin, search, previews) apart from the cacheable public tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

private_patterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("suche/", include("blattwerk.search.urls")),
    path("pressemitteilung/", include("blattwerk.inbox.urls")),
    path("live/", include("blattwerk.live.urls")),
]

media_patterns = []
if settings.SERVE_MEDIA:
    media_patterns = [
        re_path(r"^media/(?P<path>.*)$", serve_static, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns = [
    *private_patterns,
    *media_patterns,
    # Feeds, sitemaps, robots.txt (public and cacheable).
    path("", include("blattwerk.distribution.urls")),
    # The Wagtail page tree last: it answers every remaining path.
    path("", include(wagtail_urls)),
]
