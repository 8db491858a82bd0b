"""Which renditions of a lead image go where: feeds, share previews and structured data.

The sizes follow what the consumers ask for:
- Google's article structured data wants high-resolution images in 16:9, 4:3 and 1:1
  (https://developers.google.com/search/docs/appearance/structured-data/article#article-types);
  we generate each at 1200 px wide, the width Google Discover asks for (max-image-preview:large).
- Open Graph / X cards: 1200x630 (1.91:1), the size Facebook and LinkedIn recommend.
- Feeds: the 16:9 rendition, which the JSON-LD needs anyway.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.db.models import Prefetch

from blattwerk.images.models import BlattwerkRendition

FEED_SPEC = "fill-1200x675"
SHARE_SPEC = "fill-1200x630"
STRUCTURED_DATA_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
ARTICLE_PAGE_SPECS = (SHARE_SPEC, *STRUCTURED_DATA_SPECS)

PUBLISHER_LOGO_SPEC = "max-600x60"
DEFAULT_PUBLISHER_LOGO = "distribution/publisher-logo.png"  # 600x60, drawn for Blattwerk (see docs/distribution.md)
DEFAULT_PUBLISHER_LOGO_SIZE = (600, 60)
DEFAULT_SHARE_IMAGE = "distribution/share-default.png"  # 1200x630
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)


def prefetch_lead_renditions(*specs: str) -> Prefetch:
    """Load the named renditions of every lead image in one query (Wagtail reads the prefetch cache)."""
    return Prefetch("lead_image__renditions", queryset=BlattwerkRendition.objects.filter(filter_spec__in=specs))


@dataclass(frozen=True)
class ImageFile:
    url: str  # absolute
    width: int
    height: int
    mime_type: str
    length: int  # bytes
    alt: str = ""


def describe(rendition, absolute_url: str, alt: str = "") -> ImageFile:
    """Size, type and byte length of a rendition, as feed enclosures need them."""
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    try:
        length = rendition.file.size
    except OSError:
        length = 0  # RSS allows 0 when the length is unknown
    return ImageFile(absolute_url, rendition.width, rendition.height, mime_type, length, alt)
