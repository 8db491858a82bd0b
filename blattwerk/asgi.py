"""ASGI entry point: the reader site, the admin and the live event stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blattwerk.settings.production")

application = get_asgi_application()

from blattwerk.live.asgi import LiveStreamMiddleware  # noqa: E402  (needs the app registry loaded above)

application = LiveStreamMiddleware(application)
