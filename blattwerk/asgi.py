"""ASGI entry point: the reader site, the admin and the live event stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blattwerk.settings.production")

django_application = get_asgi_application()

from blattwerk.core.page_cache import CachedPageApp  # noqa: E402  (needs configured settings)

application = CachedPageApp(django_application)
