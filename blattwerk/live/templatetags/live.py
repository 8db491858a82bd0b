"""Template tags for the breaking-news bar, the live stream's starting point and live-blog structured data."""

import json

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from blattwerk.live.events import SITE_CHANNEL, latest_event_id
from blattwerk.live.models import BreakingNews

register = template.Library()

# Keep JSON inside <script type="application/ld+json"> from closing the element early.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("live/breaking_news_bar.html", takes_context=True)
def breaking_news_bar(context) -> dict:
    """The bar as it stands now (works without JavaScript), plus where live.js picks up the stream."""
    return {
        "breaking": BreakingNews.objects.current().first(),
        "stream_url": reverse("live:stream"),
        "since": latest_event_id(),
        "site_channel": SITE_CHANNEL,
    }


@register.filter
def json_ld(data: dict) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308
