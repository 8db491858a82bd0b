"""Agency and press-portal feeds (RSS/Atom) into the inbox, fetched with conditional GET.

Nothing from a feed is ever published automatically: every new entry becomes a Submission
(source "feed") for an editor to read.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
from django.db import IntegrityError, transaction
from django.utils import timezone

from blattwerk.importers.html import sanitise_html

from .intake import notify_editors
from .mail import html_to_text
from .models import FeedSource, Submission

logger = logging.getLogger(__name__)

USER_AGENT = "Blattwerk-Feedabruf/1.0 (+Redaktionseingang)"
TIMEOUT_SECONDS = 20
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ENTRIES_PER_POLL = 200


@dataclass
class FeedPollResult:
    new: int = 0
    known: int = 0
    not_modified: bool = False


def fetch(source: FeedSource) -> tuple[int, bytes, dict[str, str]]:
    """GET the feed, sending the validators from last time (If-None-Match / If-Modified-Since)."""
    if urlsplit(source.url).scheme not in ("http", "https"):
        raise ValueError(f"Nur http- und https-Adressen werden abgerufen, nicht {source.url!r}.")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    request = urllib.request.Request(source.url, headers=headers)  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise ValueError(f"Der Feed ist größer als {MAX_FEED_BYTES // (1024 * 1024)} MB.")
            return response.status, body, {key.lower(): value for key, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, b"", {key.lower(): value for key, value in error.headers.items()}
        raise


def poll_feed(source: FeedSource) -> FeedPollResult:
    result = FeedPollResult()
    try:
        status, body, headers = fetch(source)
    except Exception as error:
        source.last_error = f"{type(error).__name__}: {error}"[:2000]
        source.last_checked_at = timezone.now()
        source.save(update_fields=["last_error", "last_checked_at"])
        raise
    source.last_checked_at = timezone.now()
    source.last_error = ""
    if status == 304:
        result.not_modified = True
        source.save(update_fields=["last_checked_at", "last_error"])
        return result
    parsed = feedparser.parse(body, response_headers=headers)
    if parsed.bozo and not parsed.entries:
        source.last_error = f"Kein lesbarer RSS/Atom-Feed: {parsed.get('bozo_exception', '')}"[:2000]
        source.save(update_fields=["last_checked_at", "last_error"])
        return result
    feed_title = (parsed.feed.get("title") or "")[:200]
    for entry in parsed.entries[:MAX_ENTRIES_PER_POLL]:
        if _store_entry(source, entry, feed_title):
            result.new += 1
        else:
            result.known += 1
    # Only remember the validators once the entries are stored, so a crash means a full refetch.
    source.etag = headers.get("etag", "")[:500]
    source.last_modified = headers.get("last-modified", "")[:100]
    source.save(update_fields=["etag", "last_modified", "last_checked_at", "last_error"])
    return result


def entry_id(entry) -> str:
    """The entry's own id (RSS guid, Atom id), else its link, else a hash of title and text."""
    value = entry.get("id") or entry.get("link")
    if not value:
        value = "sha256:" + hashlib.sha256(f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode()).hexdigest()
    return value[:1000]


def _store_entry(source: FeedSource, entry, feed_title: str) -> bool:
    external_id = entry_id(entry)
    if Submission.objects.filter(feed=source, external_id=external_id).exists():
        return False
    content = ""
    if entry.get("content"):
        content = entry["content"][0].get("value", "")
    content = content or entry.get("summary", "")
    html = sanitise_html(content)
    link = entry.get("link", "")
    if urlsplit(link).scheme not in ("http", "https"):
        link = ""
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    received_at = datetime.fromtimestamp(calendar.timegm(published), tz=UTC) if published else timezone.now()
    title = " ".join(html_to_text(sanitise_html(entry.get("title", ""))).split()) or feed_title or source.name
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                source=Submission.Source.FEED,
                feed=source,
                external_id=external_id,
                title=title[:300],
                sender_name=source.name[:200],
                organisation=feed_title,
                text=html_to_text(html) if html else "",
                html=html,
                source_url=link[:1000],
                received_at=min(received_at, timezone.now()),
            )
    except IntegrityError:  # stored by a parallel poll a moment ago
        return False
    notify_editors(submission)
    return True


def poll_all() -> dict[str, FeedPollResult | Exception]:
    results: dict[str, FeedPollResult | Exception] = {}
    for source in FeedSource.objects.filter(active=True):
        try:
            results[source.name] = poll_feed(source)
        except Exception as error:  # one broken feed must not stop the others
            logger.warning("Feed %s failed: %s", source.url, error)
            results[source.name] = error
    return results
