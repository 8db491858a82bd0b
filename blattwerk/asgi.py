"""ASGI entry point: the reader site, the admin and the live event stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blattwerk.settings.production")

django_application = get_asgi_application()

# Both need the app registry loaded above.
from blattwerk.core.page_cache import CachedPageApp  # noqa: E402
from blattwerk.live.asgi import LiveStreamMiddleware  # noqa: E402

# Outside in: the live event stream, then cached pages for anonymous readers, then Django.
application = LiveStreamMiddleware(CachedPageApp(django_application))
