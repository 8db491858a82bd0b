"""Template filters for how Blattwerk writes dates and teasers in German."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from blattwerk.core.text import excerpt as cut_excerpt

register = template.Library()


@register.filter
def german_datetime(value: datetime | None) -> str:
    """27. November 2026, 14:05 Uhr — in the site's time zone (Europe/Berlin)."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "j. F Y, H:i") + " Uhr"


@register.filter
def german_date(value: datetime | None) -> str:
    """27. November 2026."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "j. F Y")


@register.filter
def iso_datetime(value: datetime | None) -> str:
    """Machine-readable date for <time datetime> and structured data."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


DEFAULT_EXCERPT_LENGTH = 180


@register.filter
def excerpt(value: str | None, limit: int | str | None = DEFAULT_EXCERPT_LENGTH) -> str:
    """Teaser text cut at a word boundary, ending in "…" (an unset length means the default)."""
    length = int(limit) if limit not in (None, "") else DEFAULT_EXCERPT_LENGTH
    return cut_excerpt(value or "", length)
